/**
 * Collecting the patient's share: cash, scan-to-pay, bank card; end of shift (issue 6). The
 * ordering (pre-settle → collect → settle → receipt) lives in electron/payments/checkout.ts.
 * Kiosk-usable channels are `any` (the kiosk has no login; they act only on a checkout the caller
 * started); cash and the shift are the counter's (`operator`).
 */
import { z } from 'zod';
import type { ChannelGroup } from './group.js';
import { orderSchema } from './orders.js';
import { empty, money, receiptSchema, zhEn } from './schemas.js';

/** A tender type. */
export const tenderSchema = z.enum(['cash', 'scan', 'bankcard']);

/** What the pay step shows of a checkout. */
export const checkoutViewSchema = z.object({
  checkoutId: z.number().int(),
  tender: tenderSchema,
  /** The share being collected (the pre-settlement estimate). */
  amountDue: money,
  state: z.enum(['started', 'paid', 'settling', 'settled', 'refunding', 'refunded', 'cancelled']),
  phase: z.enum(['awaiting_tender', 'awaiting_patient', 'checking', 'declined', 'settling', 'settled', 'refunding', 'refunded', 'cancelled']),
  /** The merchant QR payload while the patient is to scan it. */
  qr: z.string().nullable(),
  /** Cash: change due to the patient. */
  change: money.nullable(),
  /** Why the last attempt was declined. */
  declined: z.string().nullable(),
  receipt: receiptSchema.nullable(),
  refunds: z.array(z.object({ amount: money, reason: z.enum(['settle_failed', 'split_difference', 'cancelled', 'settlement_void', 'not_settled']), state: z.enum(['sending', 'refunded', 'failed', 'unknown']) })),
  /** The center's final share above what was collected: still to collect (尚需补收). */
  stillDue: money.nullable(),
  /** While something is still due: where collecting it stands (null: nothing due). */
  dueCollection: z.enum(['awaiting_tender', 'awaiting_patient', 'checking', 'declined']).nullable(),
  error: z.object({ code: z.string(), zh: z.string(), en: z.string(), next: zhEn.optional() }).nullable(),
});
/** A checkout as the UI sees it. */
export type CheckoutView = z.infer<typeof checkoutViewSchema>;

const checkoutId = z.object({ checkoutId: z.number().int().positive() }).strict();

/** The shift's figures since the last close. */
export const shiftReportSchema = z.object({
  since: z.string(),
  until: z.string(),
  tenders: z.array(z.object({ tender: tenderSchema, count: z.number().int(), paid: money, refunds: z.number().int(), refunded: money, net: money })),
  refunds: z.object({ count: z.number().int(), amount: money, open: z.number().int() }),
  /** The drawer's opening float, as the cashier declared it for this shift ("0.00" when none). */
  openingFloat: money,
  /** When the float was declared (null: none this shift). */
  floatSetAt: z.string().nullable(),
  /** Cash taken less cash paid back (refunds out of the drawer). */
  cashNet: money,
  /**
   * Cash refunds recorded while no cashier was at the counter (a settlement voided after the
   * patient left): refunded in the ledger, still in the drawer until handed back.
   */
  cashOwed: z.object({
    count: z.number().int(),
    amount: money,
    items: z.array(z.object({ refundId: z.number().int(), checkoutId: z.number().int(), settlementId: z.number().int().nullable(), amount: money, at: z.string() })),
  }),
  /** Cash the drawer should hold: the float plus the net cash plus the cash still owed to patients. */
  cashExpected: money,
  provisional: z.object({ count: z.number().int(), amount: money }),
  /** Settled checkouts whose final share is still partly unpaid (尚需补收 not collected). */
  stillDue: z.object({
    count: z.number().int(),
    amount: money,
    /** Each checkout still owed, to collect when the patient is back (oldest first). */
    items: z.array(z.object({ checkoutId: z.number().int(), settlementId: z.number().int().nullable(), amount: money, at: z.string() })),
  }),
});
/** The shift's figures. */
export type ShiftReport = z.infer<typeof shiftReportSchema>;

/** The payments channels. */
export const paymentsChannels = {
  checkoutStart: {
    input: z
      .object({ order: orderSchema, tender: tenderSchema, opter_type: z.enum(['1', '2']), code: z.string().min(4).max(64).optional() })
      .strict(),
    output: checkoutViewSchema,
    access: 'any',
  },
  checkoutStatus: { input: checkoutId, output: checkoutViewSchema, access: 'any' },
  checkoutTenderCash: { input: z.object({ checkoutId: z.number().int().positive(), tendered: money }).strict(), output: checkoutViewSchema, access: 'operator' },
  /** Another attempt by scan or bank card (a new QR / PIN-pad request, or the patient's scanned code). */
  checkoutRetry: { input: z.object({ checkoutId: z.number().int().positive(), tender: z.enum(['scan', 'bankcard']) }).strict(), output: checkoutViewSchema, access: 'any' },
  checkoutScanCode: { input: z.object({ checkoutId: z.number().int().positive(), code: z.string().min(4).max(64) }).strict(), output: checkoutViewSchema, access: 'any' },
  checkoutCancel: { input: checkoutId, output: checkoutViewSchema, access: 'any' },
  /**
   * Collects what is still due (尚需补收) on a settled checkout: cash tendered (the counter's), the
   * patient's scanned code, or a new QR / PIN-pad request.
   */
  checkoutCollectDue: {
    input: z
      .object({ checkoutId: z.number().int().positive(), tender: tenderSchema, tendered: money.optional(), code: z.string().min(4).max(64).optional() })
      .strict(),
    output: checkoutViewSchema,
    access: 'any',
  },
  paymentTenders: { input: empty, output: z.object({ tenders: z.array(tenderSchema), training: z.boolean() }), access: 'any' },
  shiftReport: { input: empty, output: shiftReportSchema, access: 'operator' },
  /** The cashier handed owed cash back to the patient (it leaves the drawer now). */
  shiftCashHanded: { input: z.object({ refundId: z.number().int().positive() }).strict(), output: shiftReportSchema, access: 'operator' },
  /** Declares the drawer's opening float for the shift (again: replaces it; each kept). */
  shiftFloat: { input: z.object({ amount: money }).strict(), output: shiftReportSchema, access: 'operator' },
  shiftClose: {
    input: z.object({ counted: money }).strict(),
    output: z.object({ report: shiftReportSchema, counted: money, difference: money, closeId: z.number().int() }),
    access: 'operator',
  },
  shiftReportPdf: { input: empty, output: z.object({ base64: z.string(), filename: z.string() }), access: 'operator' },
  /** Training only: act as the patient (scan the QR, approve/decline on the PIN pad) or inject faults. */
  paymentSimulator: {
    input: z
      .object({
        tender: z.enum(['scan', 'bankcard']),
        act: z.object({ checkoutId: z.number().int().positive(), action: z.enum(['approve', 'decline']) }).strict().optional(),
        faults: z.string().max(200).optional(),
      })
      .strict(),
    output: z.object({ status: z.string() }),
    access: 'any',
  },
} as const satisfies ChannelGroup;
