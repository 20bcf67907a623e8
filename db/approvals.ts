/**
 * Supervisor approvals of refunds. A refund of a settled settlement is one 2208 cancellation: the
 * approval and the 2208's outbox row (its msgid issued here) commit together before anything is
 * sent. A provisional settlement the center never received is voided locally instead: the
 * approval and the cancellation commit together and nothing is ever sent for it.
 */
import { z } from 'zod';
import { appendAudit } from './audit.js';
import { storeError } from './errors.js';
import { parseRow, type JsonObject } from './json-schemas.js';
import { insertOutboxRow, preparePayload } from './outbox.js';
import { cancelSettlement } from './settlements.js';
import { stmt } from './statements.js';
import type { Store } from './store.js';

/** Where an approved refund stands. */
export type RefundApprovalState = 'pending' | 'done' | 'refused' | 'not_sent' | 'unknown';

const refundRow = z.object({
  id: z.number().int(),
  settlement_id: z.number().int(),
  requested_by: z.string(),
  approved_by: z.string(),
  reason: z.string(),
  method: z.enum(['center_2208', 'void_local']),
  outbox_id: z.number().int().nullable(),
  state: z.enum(['pending', 'done', 'refused', 'not_sent', 'unknown']),
  refund_medfee: z.number().int().nullable(),
  refund_fund: z.number().int().nullable(),
  refund_acct: z.number().int().nullable(),
  refund_cash: z.number().int().nullable(),
  cancel_setl_id: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
});
/** One refund approval; amounts in positive fen (what goes back). */
export type RefundApproval = z.infer<typeof refundRow>;

/** Amounts given back, in positive fen. */
export type RefundFen = { medfee: number; fund: number; acct: number; cash: number };

/** The refund of a settlement that is done or under way, if any (a refused one may be tried again). */
export function liveRefundOf(store: Store, settlementId: number): RefundApproval | undefined {
  const raw = stmt(
    store.db,
    "SELECT * FROM approvals WHERE kind = 'refund' AND settlement_id = ? AND state IN ('pending', 'done', 'unknown') ORDER BY id DESC LIMIT 1",
  ).get(settlementId);
  return raw === undefined ? undefined : parseRow(refundRow, raw, `refund of settlement ${settlementId}`);
}

/** One approval by id. */
export function getRefundApproval(store: Store, id: number): RefundApproval {
  const raw = stmt(store.db, 'SELECT * FROM approvals WHERE id = ?').get(id);
  if (raw === undefined) throw storeError('NOT_FOUND', `approval ${id}`);
  return parseRow(refundRow, raw, `approval ${id}`);
}

type ApprovalInput = { settlementId: number; requestedBy: string; approvedBy: string; reason: string };

function insertApproval(
  store: Store,
  input: ApprovalInput & { method: 'center_2208' | 'void_local'; outboxId: number | null; state: RefundApprovalState; refund?: RefundFen },
  now: Date,
): number {
  if (liveRefundOf(store, input.settlementId)) throw storeError('INVALID_STATE_TRANSITION', `settlement ${input.settlementId} is already refunded`);
  const at = now.toISOString();
  const info = stmt(
    store.db,
    `INSERT INTO approvals (kind, settlement_id, requested_by, approved_by, reason, method, outbox_id, state,
                            refund_medfee, refund_fund, refund_acct, refund_cash, created_at, completed_at)
     VALUES ('refund', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.settlementId,
    input.requestedBy,
    input.approvedBy,
    input.reason,
    input.method,
    input.outboxId,
    input.state,
    input.refund?.medfee ?? null,
    input.refund?.fund ?? null,
    input.refund?.acct ?? null,
    input.refund?.cash ?? null,
    at,
    input.state === 'done' ? at : null,
  );
  const id = Number(info.lastInsertRowid);
  appendAudit(
    store.db,
    {
      actor: input.requestedBy,
      action: 'refund.approved',
      entity: 'settlement',
      entityId: input.settlementId,
      details: { approval_id: id, approved_by: input.approvedBy, method: input.method, outbox_id: input.outboxId, reason: input.reason },
    },
    now,
  );
  return id;
}

/**
 * Records the approval and the cancellation's outbox row (2208; 2305 for a discharge) in ONE
 * transaction (the msgid is issued here); send the row only after this returns. The method stays
 * `center_2208` for both: cancelled at the center.
 */
export function approveCenterRefund(
  store: Store,
  input: ApprovalInput & { fixmedinsCode: string; payload: JsonObject; infno?: '2208' | '2305' },
  now: Date,
): { approvalId: number; outboxId: number; msgid: string } {
  const prepared = preparePayload(store, input.payload);
  return store.db
    .transaction(() => {
      const out = insertOutboxRow(
        store.db,
        { fixmedinsCode: input.fixmedinsCode, infno: input.infno ?? '2208', prepared, settlementId: input.settlementId, refOutboxId: null },
        now,
      );
      const approvalId = insertApproval(store, { ...input, method: 'center_2208', outboxId: out.outboxId, state: 'pending' }, now);
      return { approvalId, ...out };
    })
    .immediate();
}

/**
 * Voids a provisional settlement none of whose messages can have reached the center: the
 * approval (done, with what goes back) and the cancellation commit together.
 */
export function approveLocalVoid(store: Store, input: ApprovalInput & { refund: RefundFen }, now: Date): { approvalId: number } {
  return store.db
    .transaction(() => {
      cancelSettlement(store, { settlementId: input.settlementId, reason: `refund: ${input.reason}`, actor: input.requestedBy }, now);
      return { approvalId: insertApproval(store, { ...input, method: 'void_local', outboxId: null, state: 'done' }, now) };
    })
    .immediate();
}

/** Moves a refund approval to its outcome (inside the caller's transaction or its own statement). */
export function settleRefundApproval(
  store: Store,
  input: { approvalId: number; state: Exclude<RefundApprovalState, 'pending'>; actor: string; refund?: RefundFen; cancelSetlId?: string | null; error?: string | null },
  now: Date,
): void {
  store.db
    .transaction(() => {
      const before = getRefundApproval(store, input.approvalId);
      const at = now.toISOString();
      stmt(
        store.db,
        `UPDATE approvals SET state = ?, refund_medfee = coalesce(?, refund_medfee), refund_fund = coalesce(?, refund_fund),
           refund_acct = coalesce(?, refund_acct), refund_cash = coalesce(?, refund_cash), cancel_setl_id = coalesce(?, cancel_setl_id),
           error = ?, completed_at = ? WHERE id = ?`,
      ).run(
        input.state,
        input.refund?.medfee ?? null,
        input.refund?.fund ?? null,
        input.refund?.acct ?? null,
        input.refund?.cash ?? null,
        input.cancelSetlId ?? null,
        input.error ?? null,
        input.state === 'unknown' ? null : at,
        input.approvalId,
      );
      appendAudit(
        store.db,
        {
          actor: input.actor,
          action: `refund.${input.state}`,
          entity: 'settlement',
          entityId: before.settlement_id,
          details: { approval_id: input.approvalId, from: before.state, cancel_setl_id: input.cancelSetlId ?? null, error: input.error ?? null },
        },
        now,
      );
    })
    .immediate();
}
