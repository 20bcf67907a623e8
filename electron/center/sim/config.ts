/**
 * What the simulated center knows before any message arrives: its persons (参保人员), which
 * policy pack applies to which insured region and insutype, and the institutions it serves.
 * The defaults seed a few demo persons, one for each path a terminal must handle: local,
 * cross-region filed, cross-region unfiled, inactive, and the domain's Weifang worked example.
 */
import { z } from 'zod';
import { centerError, type CenterResult } from '../errors.js';
import { firstIssue } from '../envelope.js';
import { admdvs, day, money } from '../wire.js';

const filingSchema = z.object({
  type: z.enum(['long_term', 'referral', 'emergency', 'temporary_other']),
  treatment_admdvs: admdvs,
  valid_from: day.nullable().optional(),
  valid_to: day.nullable().optional(),
});

/** A person the center knows, with the card that identifies them at the counter. */
export const personSeedSchema = z.object({
  psn_no: z.string().min(1),
  psn_name: z.string(),
  psn_cert_type: z.string().default('01'),
  certno: z.string(),
  gend: z.enum(['1', '2']),
  naty: z.string().default('01'),
  brdy: day,
  age: z.number().int().nonnegative(),
  /** 卡号 (EF05 07): 1101 mdtrt_cert_no for cert type 03. */
  card_no: z.string(),
  /** 卡识别码 (32 hex). */
  card_sn: z.string(),
  card_valid_to: day.optional(),
  insutype: z.string(),
  /** The engine's psn_type, matched by the policy packs. */
  psn_type: z.string(),
  psn_insu_stas: z.string(),
  psn_insu_date: day,
  cvlserv_flag: z.enum(['0', '1']).default('0'),
  insuplc_admdvs: admdvs,
  emp_name: z.string().default(''),
  /** Opening personal-account balance. */
  balc: money,
  filing: filingSchema.nullable().default(null),
});
export type PersonSeed = z.infer<typeof personSeedSchema>;

/** Which packs apply to an insured region and insutype; the one whose year holds the date wins. */
const policyRouteSchema = z.object({
  admdvs,
  insutype: z.string(),
  /** Bundled pack ids (settlement/packs), or inline policies. */
  packs: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).min(1),
});
export type PolicyRoute = z.infer<typeof policyRouteSchema>;

const institutionSchema = z.object({ hosp_lv: z.string(), designated: z.boolean() });

/** The simulator's configuration. */
export const simConfigSchema = z.object({
  /** The center's own region: the first 6 characters of inf_refmsgid. */
  admdvs: admdvs.default('330200'),
  persons: z.array(personSeedSchema),
  policies: z.array(policyRouteSchema),
  institutions: z.object({
    default: institutionSchema,
    byCode: z.record(z.string(), institutionSchema).default({}),
  }),
  /** Refuse business transactions whose sign_no did not come from 9001. */
  requireSignIn: z.boolean().default(true),
  /** clr_type per settle transaction family (data in reality: 1901 dictionary). */
  clrType: z
    .object({ outpatient: z.string(), pharmacy: z.string(), inpatient: z.string().default('21') })
    .default({ outpatient: '11', pharmacy: '41', inpatient: '21' }),
  clrWay: z.string().default('1'),
});
export type SimConfig = z.infer<typeof simConfigSchema>;

/** Validates a configuration (e.g. one read from a JSON file). */
export function parseSimConfig(raw: unknown): CenterResult<SimConfig> {
  const parsed = simConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = firstIssue(parsed.error);
  return {
    ok: false,
    error: centerError('SIM_CONFIG_INVALID', {
      en: `${issue.path}: ${issue.message}`,
      zh: `${issue.path}：${issue.message}`,
    }),
  };
}

const person = (p: z.input<typeof personSeedSchema>): PersonSeed => personSeedSchema.parse(p);

/** The demo persons. Names and numbers are obviously fictitious. */
export const DEMO_PERSONS: readonly PersonSeed[] = [
  person({
    psn_no: '33020000000000000001',
    psn_name: '张三',
    certno: '330200199001010011',
    gend: '1',
    brdy: '1990-01-01',
    age: 35,
    card_no: 'A33020001',
    card_sn: '330200D15600000500000000000000A1',
    card_valid_to: '2031-12-02',
    insutype: '390',
    psn_type: 'resident_adult',
    psn_insu_stas: '1',
    psn_insu_date: '2015-01-01',
    insuplc_admdvs: '330200',
    emp_name: '',
    balc: '800.00',
  }),
  person({
    psn_no: '33020000000000000003',
    psn_name: '王五',
    certno: '330200198502020023',
    gend: '2',
    brdy: '1985-02-02',
    age: 40,
    card_no: 'A33020003',
    card_sn: '330200D15600000500000000000000A3',
    insutype: '390',
    psn_type: 'resident_adult',
    psn_insu_stas: '2',
    psn_insu_date: '2012-01-01',
    insuplc_admdvs: '330200',
    balc: '0.00',
  }),
  person({
    psn_no: '15080000000000000001',
    psn_name: '李四',
    certno: '150800197003030031',
    gend: '1',
    brdy: '1970-03-03',
    age: 55,
    card_no: 'B15080001',
    card_sn: '150800D15600000500000000000000B1',
    insutype: '310',
    psn_type: 'in_service',
    psn_insu_stas: '1',
    psn_insu_date: '1995-07-01',
    insuplc_admdvs: '150800',
    emp_name: '巴彦淖尔演示公司',
    balc: '2760.00',
    filing: {
      type: 'referral',
      treatment_admdvs: '330200',
      valid_from: '2025-01-01',
      valid_to: '2025-12-31',
    },
  }),
  person({
    psn_no: '15080000000000000002',
    psn_name: '赵六',
    certno: '150800197504040042',
    gend: '2',
    brdy: '1975-04-04',
    age: 50,
    card_no: 'B15080002',
    card_sn: '150800D15600000500000000000000B2',
    insutype: '310',
    psn_type: 'in_service',
    psn_insu_stas: '1',
    psn_insu_date: '1998-07-01',
    insuplc_admdvs: '150800',
    balc: '1200.00',
  }),
  person({
    psn_no: '37070000000000000001',
    psn_name: '孙七',
    certno: '370700196405050051',
    gend: '1',
    brdy: '1964-05-05',
    age: 58,
    card_no: 'C37070001',
    card_sn: '370700D15600000500000000000000C1',
    insutype: '310',
    psn_type: 'in_service',
    psn_insu_stas: '1',
    psn_insu_date: '1990-01-01',
    insuplc_admdvs: '370700',
    balc: '0.00',
    filing: { type: 'long_term', treatment_admdvs: '110100', valid_from: '2022-01-01', valid_to: null },
  }),
  person({
    psn_no: '31010000000000000001',
    psn_name: '周八',
    certno: '310100198506060061',
    gend: '2',
    brdy: '1985-06-06',
    age: 39,
    card_no: 'D31010001',
    card_sn: '310100D15600000500000000000000D1',
    insutype: '310',
    psn_type: 'in_service',
    psn_insu_stas: '1',
    psn_insu_date: '2008-07-01',
    insuplc_admdvs: '310100',
    balc: '1500.00',
  }),
];

/** The default configuration: the demo persons and the bundled packs by region and insutype. */
export const DEFAULT_SIM_CONFIG: SimConfig = simConfigSchema.parse({
  admdvs: '330200',
  persons: DEMO_PERSONS,
  policies: [
    { admdvs: '330200', insutype: '390', packs: ['demo-330200-2025-390'] },
    { admdvs: '150800', insutype: '310', packs: ['nmg-150800-2025-310'] },
    { admdvs: '370700', insutype: '310', packs: ['weifang-370700-2022-310'] },
    { admdvs: '310100', insutype: '310', packs: ['shanghai-310100-2024-310'] },
    { admdvs: '532900', insutype: '390', packs: ['dali-532900-2023-390'] },
  ],
  institutions: { default: { hosp_lv: '3', designated: true }, byCode: {} },
});
