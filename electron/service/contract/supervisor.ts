/** The supervisor workplace: queue, reconciliation, audit, charts, refunds with approval (issue 5). */
import { z } from 'zod';
import type { ChannelGroup } from './group.js';
import { day, empty, money, zhEn } from './schemas.js';

/** An amount as both a decimal string (to show) and integer fen (to plot); never a float. */
const amount = z.object({ yuan: money, fen: z.number().int() });

export const queueOverviewSchema = z.object({
  provisional: z.object({ count: z.number().int(), exposure: amount, medfee: amount, oldestCreatedAt: z.string().nullable(), oldestAgeMs: z.number().int().nullable() }),
  outbox: z.object({ pending: z.number().int(), unknown: z.number().int(), inFlight: z.number().int() }),
  quarantine: z.array(
    z.object({ id: z.number().int(), settlementId: z.number().int().nullable(), reason: z.string(), centerMessage: z.string().nullable(), createdAt: z.string() }),
  ),
  adjustments: z.array(
    z.object({
      id: z.number().int(),
      settlementId: z.number().int(),
      kind: z.enum(['refund', 'amount_due']),
      amount: money,
      reason: z.string(),
      createdAt: z.string(),
      /** The checkout that paid for the settlement: the rest is collected on it (尚需补收); null when paid by hand. */
      checkoutId: z.number().int().nullable(),
    }),
  ),
});
export type QueueOverview = z.infer<typeof queueOverviewSchema>;

const totalsSchema = z.object({ medfee_sumamt: z.string(), fund_pay_sumamt: z.string(), acct_pay: z.string(), count: z.number().int() });
export const reconcileReportSchema = z.object({
  date: day,
  balanced: z.boolean(),
  unconfirmed: z.number().int(),
  groups: z.array(
    z.object({
      insutype: z.string(),
      clr_type: z.string(),
      setl_optins: z.string(),
      local: totalsSchema,
      center: totalsSchema.nullable(),
      status: z.enum(['balanced', 'unbalanced', 'unanswered']),
      stmt_rslt: z.string().nullable(),
      description: z.string(),
    }),
  ),
  /** What to do about the result, in words. */
  advice: zhEn,
});
export type ReconcileView = z.infer<typeof reconcileReportSchema>;

export const auditVerdictSchema = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  head: z.string().nullable(),
  firstBad: z.object({ id: z.number().int(), reason: z.string(), expected: z.string().optional(), found: z.string().optional() }).nullable(),
});
export type AuditVerdictView = z.infer<typeof auditVerdictSchema>;

export const dayTotalsSchema = z.object({ date: day, count: z.number().int(), medfee: amount, fund: amount, account: amount, cash: amount });
export type DayTotals = z.infer<typeof dayTotalsSchema>;

export const queueDepthSchema = z.array(z.object({ at: z.string(), depth: z.number().int() }));

export const recentSettlementSchema = z.object({
  id: z.number().int(),
  state: z.string(),
  provisional: z.boolean(),
  infno: z.string(),
  msgid: z.string().nullable(),
  opter: z.string().nullable(),
  setl_id: z.string().nullable(),
  amounts: z.object({ medfee_sumamt: money, fund_pay_sumamt: money, acct_pay: money, psn_cash_pay: money }),
  createdAt: z.string(),
  refundState: z.string().nullable(),
  /** Whether a refund can be asked for now (and if not, why). */
  refundable: z.boolean(),
});
export type RecentSettlementView = z.infer<typeof recentSettlementSchema>;

/** What the counter prints for a refund: negative amounts, what goes back where. */
export const refundReceiptSchema = z.object({
  settlementId: z.number().int(),
  approvalId: z.number().int(),
  /** center_2208: cancelled at the center; void_local: a provisional settlement the center never had. */
  method: z.enum(['center_2208', 'void_local']),
  msgid: z.string().nullable(),
  cancel_setl_id: z.string().nullable(),
  amounts: z.object({ medfee_sumamt: money, fund_pay_sumamt: money, acct_pay: money, psn_cash_pay: money }),
  /**
   * What went back through each tender the patient paid with (QR and bank card to their account,
   * cash out of the drawer); empty when the settlement was not paid through a checkout.
   */
  tenders: z.array(z.object({ tender: z.enum(['cash', 'scan', 'bankcard']), amount: money, state: z.enum(['sending', 'refunded', 'failed', 'unknown']) })),
  approvedBy: z.object({ id: z.string(), name: z.string() }),
  requestedBy: z.string(),
  reason: z.string(),
  at: z.string(),
  title: zhEn,
  notice: zhEn,
});
export type RefundReceipt = z.infer<typeof refundReceiptSchema>;

/** The supervisor channels. */
export const supervisorChannels = {
  /** Provisional count and exposure, oldest age, outbox, open quarantine and adjustments. */
  queueOverview: { input: empty, output: queueOverviewSchema, access: 'supervisor' },
  /** Marks an adjustment handled (refund paid or amount collected). */
  handleAdjustment: { input: z.object({ adjustmentId: z.number().int().positive() }).strict(), output: z.object({ handled: z.literal(true) }), access: 'supervisor' },
  /** Releases a quarantine record with a note (the record stays). */
  releaseQuarantine: {
    input: z.object({ quarantineId: z.number().int().positive(), note: z.string().trim().min(1).max(200) }).strict(),
    output: z.object({ released: z.literal(true) }),
    access: 'supervisor',
  },
  /** Daily reconciliation (3201) of a day against the center. */
  reconcileDay: { input: z.object({ date: day }).strict(), output: reconcileReportSchema, access: 'supervisor' },
  /** Verifies the audit chain: OK with its head, or the first broken row. */
  verifyAudit: { input: empty, output: auditVerdictSchema, access: 'supervisor' },
  /** The day's totals by fund, account and cash (Beijing day; default today). */
  dayTotals: { input: z.object({ date: day.optional() }).strict(), output: dayTotalsSchema, access: 'supervisor' },
  /** The queue's depth at the end of each of the last 24 hours. */
  queueDepth: { input: empty, output: queueDepthSchema, access: 'supervisor' },
  /** The latest settlements (newest first) with their refund state. */
  recentSettlements: {
    input: z.object({ limit: z.number().int().min(1).max(100).optional() }).strict(),
    output: z.array(recentSettlementSchema),
    access: 'operator',
  },
  /**
   * Refunds (cancels, 2208) a settlement with a supervisor's approval: the supervisor's PIN is
   * checked here, independently of who is logged in. Once per settlement.
   */
  refundSettlement: {
    input: z
      .object({
        settlementId: z.number().int().positive(),
        reason: z.string().trim().min(1).max(200),
        approval: z.object({ supervisorId: z.string().min(1).max(30), pin: z.string().min(1).max(12) }).strict(),
      })
      .strict(),
    output: refundReceiptSchema,
    access: 'operator',
  },
} as const satisfies ChannelGroup;
