/**
 * Schemas for the JSON the store reads back. Stored JSON is outside data like any other: it is
 * validated when read (as Signal-Desktop does for its job queue), so a corrupt or hand-edited
 * row fails loudly with CORRUPT_ROW instead of flowing on as a wrong type.
 */
import { z } from 'zod';
import type { SettlementResult, YtdOut } from '../settlement/settle.js';
import {
  ineligibleMessages,
  warningMessages,
  type IneligibleCode,
  type WarningCode,
} from '../settlement/errors.js';
import { fundNames, type FundCode } from '../settlement/trace.js';
import { storeError } from './errors.js';

const amount = z.string().regex(/^-?[0-9]+\.[0-9]{2}$/);
const ratio = z.string().regex(/^[0-9]+\.[0-9]{4}$/);
const isKey =
  <K extends string>(map: Record<K, unknown>) =>
  (v: unknown): v is K =>
    typeof v === 'string' && Object.hasOwn(map, v);

const ineligibleCode = z.custom<IneligibleCode>(isKey(ineligibleMessages));
const warningCode = z.custom<WarningCode>(isKey(warningMessages));
const fundCode = z.custom<FundCode>(isKey(fundNames));

/** The engine's `ytd_after` shape, which is also what the accumulator cache stores. */
export const ytdSchema: z.ZodType<YtdOut> = z.object({
  deductible_paid: amount,
  inscp_accumulated: amount,
  admissions: z.number().int().nonnegative(),
  fund_paid: z.record(z.string(), amount),
  layer_base: z.record(z.string(), amount),
});

/** The engine's SettlementResult, as stored in `settlements.local_result_json`. */
export const settlementResultSchema: z.ZodType<SettlementResult> = z.object({
  eligibility: z.object({
    eligible: z.boolean(),
    scope: z.enum(['local', 'intra_province', 'inter_province']),
    filing: z.enum(['none', 'long_term', 'referral', 'emergency', 'temporary_other', 'unfiled']),
    rule: z.string().nullable(),
    reasons: z.array(z.object({ code: ineligibleCode, zh: z.string(), en: z.string() })),
    warnings: z.array(z.object({ code: warningCode, zh: z.string(), en: z.string() })),
  }),
  setlinfo: z.object({
    psn_no: z.string(),
    insutype: z.string(),
    med_type: z.string(),
    medfee_sumamt: amount,
    fulamt_ownpay_amt: amount,
    overlmt_selfpay: amount,
    preselfpay_amt: amount,
    inscp_scp_amt: amount,
    act_pay_dedc: amount,
    hifp_pay: amount,
    pool_prop_selfpay: ratio,
    cvlserv_pay: amount,
    hifes_pay: amount,
    hifmi_pay: amount,
    hifob_pay: amount,
    maf_pay: amount,
    oth_pay: amount,
    fund_pay_sumamt: amount,
    psn_part_amt: amount,
    acct_pay: amount,
    psn_cash_pay: amount,
    hosp_part_amt: amount,
    balc: amount,
    acct_mulaid_pay: amount,
  }),
  setldetail: z.array(
    z.object({
      fund_pay_type: fundCode,
      inscp_scp_amt: amount,
      crt_payb_lmt_amt: amount.nullable(),
      fund_payamt: amount,
      setl_proc_info: z.string(),
    }),
  ),
  details: z.array(
    z.object({
      feedetl_sn: z.string(),
      det_item_fee_sumamt: amount,
      fulamt_ownpay_amt: amount,
      overlmt_amt: amount,
      preselfpay_amt: amount,
      inscp_scp_amt: amount,
      selfpay_prop: ratio,
      chrgitm_lv: z.string(),
    }),
  ),
  trace: z.array(
    z.object({
      step: z.enum(['line_split', 'deductible', 'band', 'cap', 'layer', 'account', 'cash']),
      zh: z.string(),
      en: z.string(),
      amounts: z.record(z.string(), z.string()),
    }),
  ),
  ytd_after: ytdSchema,
});

// Small shared schemas, built once: zod 4 compiles a schema on first use, so building one per
// call costs far more than the parse itself (it showed up as a third of a commit in the bench).
/** An integer column value. */
export const intSchema = z.number().int();
/** An integer column value or no row. */
export const optionalIntSchema = intSchema.optional();
/** A column of integers. */
export const intArraySchema = z.array(intSchema);

/** A JSON object (request, payload, center answer): keys to anything JSON can hold. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());
/** A JSON object. */
export type JsonObject = z.infer<typeof jsonObjectSchema>;

/** Parses stored JSON text with a schema; any failure is CORRUPT_ROW naming where it was read. */
export function parseStoredJson<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw storeError('CORRUPT_ROW', `${where}: not JSON`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw storeError(
      'CORRUPT_ROW',
      `${where}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** Validates a database row with a schema; any failure is CORRUPT_ROW. */
export function parseRow<T>(schema: z.ZodType<T>, row: unknown, where: string): T {
  const parsed = schema.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw storeError(
      'CORRUPT_ROW',
      `${where}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}
