/**
 * The schemas the contract's channel groups share: money, dates, the error and result
 * envelopes, status, patient, catalog, pre-settlement and receipt. Nothing here may import
 * Node, Electron or the database: the renderer imports its types.
 */
import { z } from 'zod';

// ---------------------------------------------------------------- shared pieces

/** A money amount as the engine gives it: a decimal string, never a float. */
export const money = z.string().regex(/^-?[0-9]+(\.[0-9]+)?$/, 'a decimal string');
export const day = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'YYYY-MM-DD');

/** An error as every boundary shows it: a stable code and a message in Chinese and English. */
export const apiErrorSchema = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  /** What the operator can do next, when there is something. */
  next: z.object({ zh: z.string(), en: z.string() }).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** The result envelope of every channel. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The envelope's schema around a value schema (hosts validate what crosses). */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: apiErrorSchema })]);
}

export const empty = z.object({}).strict();

// ---------------------------------------------------------------- status

export const readerStatusSchema = z.object({
  /** ready: a reader is there; no-reader: none plugged in; service-down: PC/SC is unreachable. */
  state: z.enum(['ready', 'no-reader', 'service-down', 'starting']),
  reader: z.string().nullable(),
  cardPresent: z.boolean(),
  /** pcscd or in-process (the training mode's virtual reader). */
  binding: z.string(),
});
export type ReaderStatus = z.infer<typeof readerStatusSchema>;

export const centerStatusSchema = z.object({
  state: z.enum(['online', 'offline', 'unknown']),
  /** simulator (training) or a real center's gateway. */
  kind: z.enum(['simulator', 'gateway', 'none']),
  checkedAt: z.string().nullable(),
});
export type CenterStatus = z.infer<typeof centerStatusSchema>;

export const queueStatusSchema = z.object({
  /** Settlements waiting for the center (provisional). */
  depth: z.number().int().nonnegative(),
  oldestAgeMs: z.number().int().nonnegative().nullable(),
});
export type QueueStatus = z.infer<typeof queueStatusSchema>;

export const statusSchema = z.object({
  trainingMode: z.boolean(),
  facility: z.object({ fixmedins_code: z.string(), name: z.string(), admdvs: z.string() }),
  /** The business date settlements are made for (training mode pins it to the demo packs' year). */
  businessDate: day,
  reader: readerStatusSchema,
  center: centerStatusSchema,
  queue: queueStatusSchema.nullable(),
  /** Whether the settle channel can settle (a center link is configured). */
  canSettle: z.boolean(),
});
export type TerminalStatus = z.infer<typeof statusSchema>;

// ---------------------------------------------------------------- card and patient

export const cardProfileSchema = z.object({ id: z.string(), summary: z.string() });
export type CardProfileView = z.infer<typeof cardProfileSchema>;

export const zhEn = z.object({ zh: z.string(), en: z.string() });

/** The patient as the counter sees them: identifiers masked, insurance, cross-region status. */
export const patientSchema = z.object({
  card: z.object({
    reader: z.string(),
    /** Masked: 欧**. */
    name: z.string().nullable(),
    /** Masked: 440305********1235. */
    ssn: z.string().nullable(),
    card_no: z.string().nullable(),
    generation: z.number().int(),
    valid_to: z.string(),
    expired: z.boolean(),
    needs_psam: z.boolean(),
  }),
  insurance: z
    .object({
      psn_no: z.string(),
      insutype: z.string(),
      insutypeName: zhEn,
      psn_type: z.string(),
      /** The insured area (参保地). */
      insuplc_admdvs: z.string(),
      insuplcName: zhEn,
      psn_insu_stas: z.string(),
      acct_balance: money,
      /** local, intra_province or inter_province, against the facility's area. */
      scope: z.enum(['local', 'intra_province', 'inter_province']),
      filing: z
        .object({ type: z.string(), treatment_admdvs: z.string(), valid_from: z.string().nullable(), valid_to: z.string().nullable() })
        .nullable(),
    })
    .nullable(),
});
export type Patient = z.infer<typeof patientSchema>;

// ---------------------------------------------------------------- catalog

export const catalogEntrySchema = z.object({
  barcode: z.string(),
  med_list_codg: z.string(),
  name: z.string(),
  spec: z.string(),
  pric: money,
  chrgitm_lv: z.enum(['01', '02', '03']),
  selfpay_prop: z.string(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

// ---------------------------------------------------------------- pre-settlement

export const cartLineSchema = z.object({
  med_list_codg: z.string().min(1).max(50),
  /** A positive quantity as a decimal string. */
  cnt: z.string().regex(/^[0-9]{1,6}(\.[0-9]{1,4})?$/, 'a quantity'),
});
export type CartLine = z.infer<typeof cartLineSchema>;

const traceEntrySchema = z.object({ step: z.string(), zh: z.string(), en: z.string(), amounts: z.record(z.string(), z.string()) });

export const preSettlementSchema = z.object({
  eligibility: z.object({
    eligible: z.boolean(),
    scope: z.string(),
    filing: z.string(),
    rule: z.string().nullable(),
    reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
    warnings: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  }),
  lines: z.array(
    z.object({
      feedetl_sn: z.string(),
      med_list_codg: z.string(),
      name: z.string(),
      pric: money,
      cnt: z.string(),
      det_item_fee_sumamt: money,
      inscp_scp_amt: money,
      preselfpay_amt: money,
      fulamt_ownpay_amt: money,
      overlmt_amt: money,
    }),
  ),
  /** The split, in the platform's names. */
  setlinfo: z.object({
    medfee_sumamt: money,
    inscp_scp_amt: money,
    act_pay_dedc: money,
    fund_pay_sumamt: money,
    hifp_pay: money,
    psn_part_amt: money,
    acct_pay: money,
    psn_cash_pay: money,
    balc: money,
  }),
  funds: z.array(z.object({ fund_pay_type: z.string(), name: zhEn, fund_payamt: money })),
  trace: z.array(traceEntrySchema),
  policyRef: z.string(),
});
export type PreSettlement = z.infer<typeof preSettlementSchema>;

// ---------------------------------------------------------------- settlement

/** What the counter prints: the center's final figures, or the local estimate marked 待医保结算. */
export const receiptSchema = z.object({
  settlementId: z.number().int(),
  msgid: z.string(),
  infno: z.string(),
  status: z.enum(['settled', 'provisional']),
  title: zhEn,
  /** The patient pays psn_cash_pay now. */
  amounts: z.object({ medfee_sumamt: money, fund_pay_sumamt: money, acct_pay: money, psn_cash_pay: money }),
  source: z.enum(['center', 'local_estimate']),
  setl_id: z.string().nullable(),
  notice: zhEn.nullable(),
  /** The center's figures differed from the terminal's estimate (the receipt shows the center's). */
  disagreed: z.boolean(),
});
export type SettlementReceipt = z.infer<typeof receiptSchema>;

