/**
 * The hospital billing desk (issue 5): outpatient visits (2207) and inpatient discharge
 * settlement (2304). A clerk reads the card, picks the patient's pending visit or stay (from the
 * HIS; the demo file in training), sees the live split, collects the share and settles.
 */
import { z } from 'zod';
import type { ChannelGroup } from './group.js';
import { inpatientOrderSchema, outpatientOrderSchema } from './orders.js';
import { catalogEntrySchema, day, empty, money, preSettlementSchema, zhEn } from './schemas.js';

/** One fee line as the desk shows it: the item priced from the facility's lists. */
export const billingLineSchema = z.object({
  med_list_codg: z.string(),
  name: z.string(),
  spec: z.string(),
  pric: money,
  cnt: z.string(),
  chrgitm_lv: z.enum(['01', '02', '03']),
  det_item_fee_sumamt: money,
});
export type BillingLine = z.infer<typeof billingLineSchema>;

/** An outpatient visit waiting to be settled. */
export const outpatientVisitSchema = z.object({
  visitId: z.string(),
  date: day,
  med_type: z.string(),
  dept: zhEn,
  doctor: z.string(),
  lines: z.array(billingLineSchema),
  medfee_sumamt: money,
});
export type OutpatientVisit = z.infer<typeof outpatientVisitSchema>;

/** An inpatient stay waiting for discharge settlement. */
export const inpatientStaySchema = z.object({
  stayId: z.string(),
  med_type: z.string(),
  adm_date: day,
  dscg_date: day,
  /** Nights in hospital (discharge date − admission date). */
  days: z.number().int().nonnegative(),
  dept: zhEn,
  dise_codg: z.string(),
  dise_name: z.string(),
  /** 累计预交金: what the patient paid in before discharge. */
  deposit: money,
  lines: z.array(billingLineSchema),
  medfee_sumamt: money,
});
export type InpatientStay = z.infer<typeof inpatientStaySchema>;

/** A billing order (outpatient or inpatient). */
export const billingOrderSchema = z.discriminatedUnion('kind', [outpatientOrderSchema, inpatientOrderSchema]);
export type BillingOrder = z.infer<typeof billingOrderSchema>;

/** The deposit against the patient's cash share: 应交 = psn_cash_pay − 累计预交金. */
export const depositSettlementSchema = z.object({
  deposit: money,
  psn_cash_pay: money,
  /** What the patient still pays (≥ 0). */
  due: money,
  /** What is refunded to the patient (≥ 0); at most one of due and refund is not zero. */
  refund: money,
});
export type DepositSettlement = z.infer<typeof depositSettlementSchema>;

/** The live split of a billing order, with what is specific to the desk. */
export const billingQuoteSchema = z.object({
  pre: preSettlementSchema,
  med_type: z.string(),
  /** Inpatient: this admission's number this year (1 = first) and the deductible it carries. */
  admission: z
    .object({ nth: z.number().int().min(1), act_pay_dedc: money, explanation: zhEn })
    .nullable(),
  /** Inpatient: the deposit against the cash share; null for outpatient visits. */
  deposit: depositSettlementSchema.nullable(),
  /** What the patient pays now: psn_cash_pay, less the deposit for a discharge (never below 0). */
  amountDue: money,
});
export type BillingQuote = z.infer<typeof billingQuoteSchema>;

/** The billing channels. */
export const billingChannels = {
  /** The card holder's outpatient visits waiting to be settled (HIS; the demo file in training). */
  billingPendingVisits: { input: empty, output: z.array(outpatientVisitSchema), access: 'billing' },
  /** The card holder's inpatient stays waiting for discharge settlement. */
  billingPendingStays: { input: empty, output: z.array(inpatientStaySchema), access: 'billing' },
  /** One of the card holder's pending visits. */
  billingVisit: { input: z.object({ visitId: z.string().min(1).max(40) }).strict(), output: outpatientVisitSchema, access: 'billing' },
  /** Searches the drug catalog and the medical service list, for lines entered by hand. */
  billingItems: {
    input: z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(50).optional() }).strict(),
    output: z.array(catalogEntrySchema),
    access: 'billing',
  },
  /** The live split of a visit or a discharge (nothing recorded), with deposit and admission. */
  billingQuote: { input: z.object({ order: billingOrderSchema }).strict(), output: billingQuoteSchema, access: 'billing' },
} as const satisfies ChannelGroup;
