/**
 * Who a card's holder is insured as: the center says (1101 人员信息获取, and 5206 for this
 * year's accumulators) when a card is read; offline, the last enrolment the center gave for that
 * card, marked with its date. The demo enrolments below seed the training simulator's persons,
 * one per virtual card profile (invented people, illustrative balances), and serve the tests
 * that build a service without a center.
 */
import type { CardReading } from '../card/card-record.js';
import type { CenterClient } from '../center/client.js';
import { getAccumulators, type Store } from '../../db/index.js';
import { cardKey, getLastEnrolment, putLastEnrolment } from '../../db/inquiry.js';
import type { Connectivity } from '../queue/connectivity.js';
import type { SignInSession } from '../queue/sign-in.js';
import { z } from 'zod';

/** What the insurance knows about a card holder, in the engine's field names. */
export type Enrolment = {
  psn_no: string;
  insutype: string;
  psn_type: string;
  insuplc_admdvs: string;
  psn_insu_stas: string;
  acct_balance: string;
  filing: { type: 'long_term' | 'referral' | 'emergency' | 'temporary_other'; treatment_admdvs: string; valid_from: string | null; valid_to: string | null } | null;
  /** Year-to-date accumulators before this visit. */
  ytd: {
    deductible_paid: string;
    inscp_accumulated: string;
    admissions: number;
    fund_paid?: Record<string, string>;
    layer_base?: Record<string, string>;
  };
  /** Where this came from: the center now, or the last time it answered for this card (offline). */
  known?: { source: 'center' | 'last_known' | 'local'; asOf: string; ytdFrom: 'center' | 'local' | 'none' };
};

/** Finds a card holder's enrolment by the card's ID number. */
export type EnrolmentLookup = (ssn: string) => Enrolment | undefined;

const zeroYtd = { deductible_paid: '0.00', inscp_accumulated: '0.00', admissions: 0 };

/** The demo enrolments, by virtual card profile id; resolved through each profile's ID number. */
export const TRAINING_ENROLMENTS: Readonly<Record<string, Enrolment>> = {
  // ouyang-2g: local Ningbo resident, deductible already met this year, a small account balance.
  'ouyang-2g': {
    psn_no: '33020000000000000101',
    insutype: '390',
    psn_type: 'resident_adult',
    insuplc_admdvs: '330200',
    psn_insu_stas: '1',
    acct_balance: '10.00',
    filing: null,
    ytd: { deductible_paid: '300.00', inscp_accumulated: '300.00', admissions: 0 },
  },
  // chen-2g: local resident, deductible not yet met: the fund pays nothing yet.
  'chen-2g': {
    psn_no: '33020000000000000102',
    insutype: '390',
    psn_type: 'resident_adult',
    insuplc_admdvs: '330200',
    psn_insu_stas: '1',
    acct_balance: '0.00',
    filing: null,
    ytd: zeroYtd,
  },
  // zhao-1g: insured in Bayannur (Inner Mongolia), filed for referral: cross-province.
  'zhao-1g': {
    psn_no: '15080000000000000103',
    insutype: '310',
    psn_type: 'in_service',
    insuplc_admdvs: '150800',
    psn_insu_stas: '1',
    acct_balance: '2760.00',
    filing: { type: 'referral', treatment_admdvs: '330200', valid_from: '2025-01-01', valid_to: '2025-12-31' },
    ytd: zeroYtd,
  },
  // maimaiti-2g: insured in Shanghai, not filed here: cross-province and unfiled.
  'maimaiti-2g': {
    psn_no: '31010000000000000104',
    insutype: '310',
    psn_type: 'in_service',
    insuplc_admdvs: '310100',
    psn_insu_stas: '1',
    acct_balance: '1500.00',
    filing: null,
    ytd: zeroYtd,
  },
};

/** The training lookup: each demo profile's enrolment under its ID number. */
export function trainingEnrolments(ssnOfProfile: (profileId: string) => string | undefined): EnrolmentLookup {
  const table = new Map<string, Enrolment>();
  for (const [profileId, enrolment] of Object.entries(TRAINING_ENROLMENTS)) {
    const ssn = ssnOfProfile(profileId);
    if (ssn !== undefined) table.set(ssn, enrolment);
  }
  return (ssn) => table.get(ssn);
}

/** The bundled policy pack for an insured area and insurance type (demo packs). */
export function policyRefFor(insuplcAdmdvs: string, insutype: string): string | undefined {
  return POLICY_ROUTES[`${insuplcAdmdvs}/${insutype}`];
}

const POLICY_ROUTES: Readonly<Record<string, string>> = {
  '330200/390': 'demo-330200-2025-390',
  '150800/310': 'nmg-150800-2025-310',
  '370700/310': 'weifang-370700-2022-310',
  '310100/310': 'shanghai-310100-2024-310',
  '532900/390': 'dali-532900-2023-390',
};

/** What looking a card's holder up gave: an enrolment, or why there is none. */
export type EnrolmentFound =
  | { ok: true; enrolment: Enrolment }
  | { ok: false; code: 'NOT_ENROLLED' | 'NOT_ENROLLED_OFFLINE'; reason: string };

/** Looks a card's holder up when the card is read (the center, then the store). */
export type EnrolmentSource = (reading: CardReading) => Promise<EnrolmentFound>;

/** A synchronous lookup (the demo table) as a source: for tests and services without a center. */
export function lookupSource(lookup: EnrolmentLookup, clock: () => Date = () => new Date()): EnrolmentSource {
  return (reading) => {
    const e = reading.ssn === null ? undefined : lookup(reading.ssn);
    return Promise.resolve(
      e ? { ok: true, enrolment: { ...e, known: e.known ?? { source: 'local', asOf: clock().toISOString(), ytdFrom: 'local' } } } : { ok: false, code: 'NOT_ENROLLED', reason: 'no enrolment for this card' },
    );
  };
}

/** The certificate a card presents to 1101: 03 + card number, or 02 + ID number when the card number is unreadable. */
export function certificateOf(reading: Pick<CardReading, 'card_no' | 'ssn'>): { type: '03' | '02'; no: string } | undefined {
  if (reading.card_no !== null && reading.card_no !== '') return { type: '03', no: reading.card_no };
  if (reading.ssn !== null && reading.ssn !== '') return { type: '02', no: reading.ssn };
  return undefined;
}

/** The parts of the queue's center link the lookup uses. */
export type EnrolmentCenterLink = { client: CenterClient; session: SignInSession; connectivity?: Connectivity };

const filingSchema = z.object({
  type: z.enum(['long_term', 'referral', 'emergency', 'temporary_other']),
  treatment_admdvs: z.string(),
  valid_from: z.string().nullable().optional(),
  valid_to: z.string().nullable().optional(),
});

/**
 * The cross-region filing (异地备案) the center reports with the person. National 1101 has no
 * filing; the simulator adds `fileinfo` (a real deployment fills it from the province's filing
 * query, not wired here). Only a filing for this facility's region counts.
 */
function filingOf(raw: unknown, facilityAdmdvs: string): Enrolment['filing'] {
  const list = z.array(filingSchema).safeParse(raw);
  if (!list.success) return null;
  const f = list.data.find((x) => x.treatment_admdvs === facilityAdmdvs) ?? list.data[0];
  return f ? { type: f.type, treatment_admdvs: f.treatment_admdvs, valid_from: f.valid_from ?? null, valid_to: f.valid_to ?? null } : null;
}

/** The national 5206 accumulator codes (domain.md §2.4) and the engine's field each one feeds. */
const NATIONAL_CUM: Readonly<Record<string, string>> = {
  Q0000: 'deductible_paid',
  D310101: 'fund_paid.hifp',
  D390101: 'fund_paid.hifp',
  D310301: 'fund_paid.hifob',
  D390201: 'fund_paid.hifmi',
  D320101: 'fund_paid.cvlserv',
  D330101: 'fund_paid.hifob',
  D610101: 'fund_paid.maf',
};

/** This year's accumulators for one insutype from 5206 rows (the engine's names, or the national codes). */
export function ytdFromCumulative(rows: readonly { insutype?: string | undefined; year: string; cum_type_code: string; cum: string }[], year: string, insutype: string): Enrolment['ytd'] | undefined {
  const mine = rows.filter((r) => r.year === year && (r.insutype === undefined || r.insutype === insutype));
  if (mine.length === 0) return undefined;
  const ytd: Enrolment['ytd'] & { fund_paid: Record<string, string>; layer_base: Record<string, string> } = {
    deductible_paid: '0.00',
    inscp_accumulated: '0.00',
    admissions: 0,
    fund_paid: {},
    layer_base: {},
  };
  const engineCodes = mine.some((r) => r.cum_type_code === 'deductible_paid' || r.cum_type_code.startsWith('fund_paid.'));
  for (const r of mine) {
    // When the center answers in both vocabularies, the engine's names are exact; the national codes fill in otherwise.
    const code = engineCodes ? r.cum_type_code : (NATIONAL_CUM[r.cum_type_code] ?? r.cum_type_code);
    if (code === 'deductible_paid') ytd.deductible_paid = r.cum;
    else if (code === 'inscp_accumulated') ytd.inscp_accumulated = r.cum;
    else if (code === 'admissions') ytd.admissions = Number.parseInt(r.cum, 10) || 0;
    else if (code.startsWith('fund_paid.')) ytd.fund_paid[code.slice('fund_paid.'.length)] = r.cum;
    else if (code.startsWith('layer_base.')) ytd.layer_base[code.slice('layer_base.'.length)] = r.cum;
  }
  return ytd;
}

const rememberedSchema = z.object({
  psn_no: z.string(),
  insutype: z.string(),
  psn_type: z.string(),
  insuplc_admdvs: z.string(),
  psn_insu_stas: z.string(),
  acct_balance: z.string(),
  filing: filingSchema.extend({ valid_from: z.string().nullable(), valid_to: z.string().nullable() }).nullable(),
  ytd: z.object({
    deductible_paid: z.string(),
    inscp_accumulated: z.string(),
    admissions: z.number().int(),
    fund_paid: z.record(z.string(), z.string()).optional(),
    layer_base: z.record(z.string(), z.string()).optional(),
  }),
});

/** The enrolment as remembered for offline use (no name or ID number in it). */
function rememberable(e: Enrolment): Record<string, unknown> {
  return { psn_no: e.psn_no, insutype: e.insutype, psn_type: e.psn_type, insuplc_admdvs: e.insuplc_admdvs, psn_insu_stas: e.psn_insu_stas, acct_balance: e.acct_balance, filing: e.filing, ytd: e.ytd };
}

/**
 * The center as the enrolment source: 1101 with the card's certificate, 5206 for the year's
 * accumulators when the center offers it (else the store's local accumulators), remembered per
 * card; when the center cannot be reached, the last remembered enrolment with its date, or
 * NOT_ENROLLED_OFFLINE.
 */
export function centerEnrolments(deps: {
  link: EnrolmentCenterLink;
  store: Store | undefined;
  clock: () => Date;
  /** The business year (YYYY) accumulators are read for. */
  year: () => string;
  facilityAdmdvs: string;
  log?: (line: string) => void;
  /**
   * Who is asking, when not the terminal's operator: a card read with nobody logged in is the
   * self-service kiosk (opter_type 2, opter "kiosk"), as its settlements are.
   */
  who?: () => { opter_type: '1' | '2'; opter: string } | undefined;
}): EnrolmentSource {
  const { link, store, clock } = deps;
  const log = deps.log ?? (() => undefined);
  const offline = (key: string | undefined, why: string): EnrolmentFound => {
    const last = key !== undefined && store ? getLastEnrolment(store.db, key) : undefined;
    if (last) {
      const parsed = rememberedSchema.safeParse(last.value);
      if (parsed.success) return { ok: true, enrolment: { ...parsed.data, known: { source: 'last_known', asOf: last.asOf, ytdFrom: 'local' } } };
      log(`enrolment: the remembered enrolment does not read back (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    }
    return { ok: false, code: 'NOT_ENROLLED_OFFLINE', reason: why };
  };
  return async (reading) => {
    const cert = certificateOf(reading);
    if (!cert) return { ok: false, code: 'NOT_ENROLLED', reason: 'the card shows neither its card number nor an ID number' };
    const key = cardKey(cert.type, cert.no);
    // Known to be down a moment ago: answer from the store at once instead of waiting for a timeout.
    if (link.connectivity?.presumedDown(clock())) return offline(key, 'the center is unreachable');
    const sign = await link.session.signNo();
    if (!sign.ok) return sign.outcome === 'rejected' ? { ok: false, code: 'NOT_ENROLLED', reason: sign.error.en } : offline(key, sign.error.en);
    const data =
      cert.type === '03'
        ? { mdtrt_cert_type: '03' as const, mdtrt_cert_no: cert.no, ...(reading.card_sn ? { card_sn: reading.card_sn } : {}) }
        : { mdtrt_cert_type: '02' as const, mdtrt_cert_no: cert.no, psn_cert_type: '01', certno: cert.no };
    const asker = deps.who?.() ?? {};
    const person = await link.client.call('1101', { data }, { sign_no: sign.signNo, ...asker });
    link.connectivity?.note(person.outcome, clock());
    if (!person.ok) {
      if (person.outcome === 'rejected') return { ok: false, code: 'NOT_ENROLLED', reason: person.err_msg || person.error.en };
      return offline(key, person.error.en);
    }
    const out = person.value;
    const insu = out.insuinfo.find((i) => i.psn_insu_stas === '1') ?? out.insuinfo[0];
    if (!insu) return { ok: false, code: 'NOT_ENROLLED', reason: 'the center lists no insurance for this person' };
    const psnNo = out.baseinfo.psn_no;
    const year = deps.year();
    let ytd: Enrolment['ytd'] | undefined;
    let ytdFrom: 'center' | 'local' | 'none' = 'none';
    const cum = await link.client.call('5206', { data: { psn_no: psnNo } }, { sign_no: sign.signNo, insuplc_admdvs: insu.insuplc_admdvs, ...asker });
    if (cum.ok) {
      ytd = ytdFromCumulative(cum.value.cuminfo, year, insu.insutype) ?? { deductible_paid: '0.00', inscp_accumulated: '0.00', admissions: 0 };
      ytdFrom = 'center';
    } else {
      // Not every center offers 5206: this terminal's own figures are the next best.
      log(`enrolment: 5206 ${cum.outcome}: ${cum.error.en}; using the local accumulators`);
      const local = store ? getAccumulators(store.db, psnNo, Number(year)) : undefined;
      if (local) {
        ytd = { deductible_paid: local.ytd.deductible_paid, inscp_accumulated: local.ytd.inscp_accumulated, admissions: local.ytd.admissions, fund_paid: local.ytd.fund_paid, layer_base: local.ytd.layer_base };
        ytdFrom = 'local';
      }
    }
    const enrolment: Enrolment = {
      psn_no: psnNo,
      insutype: insu.insutype,
      psn_type: insu.psn_type ?? '',
      insuplc_admdvs: insu.insuplc_admdvs,
      psn_insu_stas: insu.psn_insu_stas ?? '',
      acct_balance: insu.balc ?? '0.00',
      filing: filingOf((out as Record<string, unknown>)['fileinfo'], deps.facilityAdmdvs),
      ytd: ytd ?? { deductible_paid: '0.00', inscp_accumulated: '0.00', admissions: 0 },
      known: { source: 'center', asOf: clock().toISOString(), ytdFrom },
    };
    if (store) putLastEnrolment(store.db, key, psnNo, rememberable(enrolment), clock());
    return { ok: true, enrolment };
  };
}
