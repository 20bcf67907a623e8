/**
 * The ONE ordering of a paid settlement (README, section payments), enforced here:
 *
 *   1. pre-settle the order (nothing recorded) → the patient's share, psn_cash_pay (the estimate),
 *      netted by the caller's `amountDue` when given (a discharge: max(0, share − deposit));
 *   2. record the checkout; a zero share skips collection;
 *   3. collect the share through the tender's adapter: the payment row (its idempotency key) is
 *      written BEFORE the request leaves; an unknown outcome is queried before anything else;
 *   4. record `settling` (with the last settlement id as a mark) BEFORE settling, then settle
 *      (one settlement at a time per terminal; provisional when offline, within the limits);
 *   5. settled → receipt. The center's final share may differ from the estimate: less → the
 *      difference is refunded automatically; more → the rest is shown as still due (尚需补收)
 *      and collected on the same checkout (`collectDue`: any tender, recorded like the first
 *      payment). Settling refused → every payment is refunded automatically (recorded, retried
 *      until done) and the refund is shown.
 *
 * A settlement cancelled later (a supervisor's 2208, a local void, a queue reversal) gives back
 * everything its checkout collected through each payment's own tender (`refundSettlement`, and
 * the sweep as the safety net): QR and bank card to the patient's account, cash out of the drawer.
 * Providers' notifications are applied as they are pushed (`notify`), and polled as a fallback.
 *
 * A provisional settlement the center later settles with another patient share (an adjustment,
 * db/adjustments.ts) follows the same rules in the sweep: the final share is recorded; what was
 * collected above it goes back through a QR or bank-card payment at once (the adjustment then
 * handled by the payments); above it in cash waits for the cashier to pay it out when the patient
 * is back (`settleAdjustment`, from the supervisor's 已处理); below it is still due (尚需补收),
 * collected on the checkout like any other, which also closes the adjustment.
 *
 * Boot recovery (`recover`) finishes or compensates whatever a crash left: unknown payments are
 * queried, unpaid orders closed, a payment without a settlement refunded, a settlement found
 * after the mark adopted, refunds retried. `sweep` (periodic) retries refunds and refunds the
 * payment of a settlement the queue later voided (cancelled or reversed). Later center
 * adjustments of a provisional settlement stay with the queue's adjustments (db/adjustments.ts).
 */
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { fenToYuan } from '../../db/fen.js';
import {
  findCheckout,
  firstNotification,
  getCheckout,
  insertCheckout,
  insertPayment,
  insertRefund,
  lastSettlementId,
  listCheckouts,
  openRefunds,
  paymentById,
  paymentByKey,
  paymentsOf,
  refundsOf,
  settlementAfter,
  settlementStateOf,
  updateCheckout,
  updatePayment,
  updateRefund,
  type CheckoutRow,
  type PaymentRow,
  type RefundReason,
  type RefundRow,
  openAdjustedCheckouts,
  markCashOwed,
  checkoutsOfSettlement,
  settledCheckoutsOfVoidSettlements,
  settledCheckoutsWithOpenPayments,
} from '../../db/payments.js';
import { handleAdjustmentByPayments } from '../../db/adjustments.js';
import type { ApiError, ApiResult } from '../service/contract/schemas.js';
import { payError } from './errors.js';
import type { PaymentAdapter, PaymentAdapters, PaymentNotification, PayOutcome, QueryOutcome, Tender } from './port.js';

/** What settling produced (a receipt of the caller's kind, kept as JSON). */
export type SettleDone = { settlementId: number; cashFen: number; status: 'settled' | 'provisional'; receipt: unknown };

/** What the orchestrator needs from the terminal. */
export type CheckoutDeps<O, H> = {
  db: BetterSqlite3.Database;
  adapters: PaymentAdapters;
  clock: () => Date;
  /** The patient's share of an order (nothing recorded). */
  preSettle: (order: O) => Promise<ApiResult<{ cashFen: number }>>;
  /**
   * What is collected here for a share of the order (fen), when it is not the share itself: a
   * discharge nets the stay's deposit, max(0, share − deposit). Applied to the estimate and to the
   * final share alike, so the split difference is computed on the same basis.
   */
  amountDue?: (order: O, cashFen: number) => number;
  /** Settles the order (records the settlement before sending; one at a time). */
  settle: (order: O, how: H) => Promise<ApiResult<SettleDone>>;
  log?: (line: string) => void;
  /** Something moved a checkout on outside a call (a pushed notification, the sweep): tell the windows. */
  changed?: (checkoutId: number) => void;
  /** Crash-test probes: the moments a kill matters. */
  hooks?: { beforePay?: (key: string) => void; paid?: (key: string) => void; beforeSettle?: (id: number) => void; beforeRefund?: (key: string) => void };
  newKey?: () => string;
};

/** What the UI shows of a checkout. */
export type CheckoutView = {
  checkoutId: number;
  tender: Tender;
  /** The amount being collected (the pre-settlement estimate, netted by `amountDue`), yuan. */
  amountDue: string;
  state: CheckoutRow['state'];
  /** What the screen shows now. */
  phase: 'awaiting_tender' | 'awaiting_patient' | 'checking' | 'declined' | 'settling' | 'settled' | 'refunding' | 'refunded' | 'cancelled';
  qr: string | null;
  change: string | null;
  declined: string | null;
  /** The receipt once settled (the caller's kind). */
  receipt: unknown;
  refunds: { amount: string; reason: RefundReason; state: RefundRow['state'] }[];
  /** The center's final share above what was collected: still to collect (yuan), or null. */
  stillDue: string | null;
  /** While collecting what is still due: where that collection is (null: not collecting). */
  dueCollection: 'awaiting_tender' | 'awaiting_patient' | 'checking' | 'declined' | null;
  error: ApiError | null;
};

type Outcome = PayOutcome | QueryOutcome;

const isLive = (state: string | undefined): boolean => state === 'settled' || state === 'provisional';
const isVoid = (state: string | undefined): boolean => state === 'cancelled' || state === 'reversed';
const isOpen = (p: PaymentRow): boolean => p.state === 'sending' || p.state === 'unknown' || p.state === 'pending';

/** What went back through one tender for a cancelled settlement. */
export type TenderRefund = { tender: Tender; amountFen: number; state: RefundRow['state'] };

/** The payments orchestrator over one terminal's database. */
export function createCheckouts<O, H>(deps: CheckoutDeps<O, H>) {
  const { db } = deps;
  const now = (): string => deps.clock().toISOString();
  const log = deps.log ?? (() => undefined);
  const newKey = deps.newKey ?? (() => randomUUID());
  /** Checkouts a call is working on right now (in this process): nobody else steps them. */
  const busy = new Set<number>();

  /** The amount to collect for a share of the checkout's order (fen). */
  const dueOf = (c: CheckoutRow, cashFen: number): number => (deps.amountDue ? deps.amountDue(JSON.parse(c.order_json) as O, cashFen) : cashFen);

  const adapterOf = (tender: Tender): PaymentAdapter | undefined => deps.adapters[tender];

  const paidOf = (c: CheckoutRow): PaymentRow[] => paymentsOf(db, c.id).filter((p) => p.state === 'paid');
  const refundedFen = (p: PaymentRow): number => refundsOf(db, p.id).filter((r) => r.state === 'refunded').reduce((s, r) => s + r.amount, 0);
  const collectedFen = (c: CheckoutRow): number => paidOf(c).reduce((s, p) => s + p.amount - refundedFen(p), 0);
  /** What the final share still asks for on a settled checkout (fen; 0 when nothing). */
  const stillDueFen = (c: CheckoutRow): number => (c.state === 'settled' && c.final_cash !== null ? Math.max(0, c.final_cash - collectedFen(c)) : 0);

  /** Writes what a provider said about a payment. */
  const apply = (p: PaymentRow, o: Outcome): PaymentRow => {
    switch (o.status) {
      case 'paid':
        return updatePayment(db, p.id, 'paid', o.ref, null, now());
      case 'declined':
        return updatePayment(db, p.id, 'declined', null, o.reason, now());
      case 'pending':
        return updatePayment(db, p.id, 'pending', null, o.qr ?? null, now());
      case 'closed':
        return updatePayment(db, p.id, 'closed', null, null, now());
      case 'not_found':
        // Recorded but never arrived: nothing was charged; the key is closed for good.
        return updatePayment(db, p.id, p.tender === 'cash' ? p.state : 'closed', null, 'never reached the provider', now());
      case 'unknown':
        return updatePayment(db, p.id, 'unknown', null, o.reason, now());
    }
  };

  /** Asks the provider for the truth about every open payment of a checkout (unknown first of all). */
  const resolveOpen = async (c: CheckoutRow, closePending: boolean): Promise<void> => {
    for (const p of paymentsOf(db, c.id)) {
      if (p.tender === 'cash' || !(p.state === 'sending' || p.state === 'unknown' || p.state === 'pending')) continue;
      const adapter = adapterOf(p.tender);
      if (!adapter) continue;
      const o = closePending ? await adapter.close(p.pkey) : await adapter.query(p.pkey);
      apply(p, o);
    }
  };

  /** Applies providers' notifications once each (duplicates are ignored by their id). */
  const pullNotifications = async (): Promise<void> => {
    for (const adapter of Object.values(deps.adapters)) {
      for (const n of await adapter.notifications()) {
        if (!firstNotification(db, n.id, now())) continue;
        const p = paymentByKey(db, n.key);
        if (p && (p.state === 'pending' || p.state === 'sending' || p.state === 'unknown')) apply(p, n.status === 'paid' ? { status: 'paid', ref: '' } : { status: 'declined', reason: 'declined' });
      }
    }
  };

  /**
   * Refunds `amount` of a payment (recorded first; idempotent by its key). `absent`: no cashier is
   * at the counter (boot recovery, the sweep), so cash is recorded owed until handed back.
   */
  const refund = async (p: PaymentRow, amount: number, reason: RefundReason, absent = false): Promise<RefundRow> => {
    // One key per refund of a payment (its ordinal): recorded before it is sent, resent under it.
    const n = refundsOf(db, p.id).length + 1;
    const r = db.transaction(() => {
      const row = insertRefund(db, { paymentId: p.id, rkey: `${p.pkey}-r${String(n)}-${reason}`, amount, reason }, now());
      if (absent && p.tender === 'cash') markCashOwed(db, row.id, now());
      return row;
    })();
    return sendRefund(r, p);
  };
  const sendRefund = async (r: RefundRow, p: PaymentRow): Promise<RefundRow> => {
    if (r.state === 'refunded') return r;
    const adapter = adapterOf(p.tender);
    if (!adapter) return updateRefund(db, r.id, 'failed', `no adapter for ${p.tender}`, now());
    deps.hooks?.beforeRefund?.(r.rkey);
    const o = await adapter.refund({ key: p.pkey, amountFen: p.amount }, r.amount, r.rkey);
    if (o.status !== 'refunded') log(`payments: refund ${r.rkey} ${o.status}: ${o.reason}`);
    return updateRefund(db, r.id, o.status, o.status === 'refunded' ? null : o.reason, now());
  };

  /** Gives back everything collected for a checkout; `refunded` once all is back. */
  const refundAll = async (c: CheckoutRow, reason: RefundReason, error: ApiError | null, absent = false): Promise<CheckoutRow> => {
    let row = updateCheckout(db, c.id, { state: 'refunding', ...(error ? { error_json: JSON.stringify(error) } : {}) }, now());
    for (const p of paidOf(row)) {
      // A refund already recorded but not known done is sent again under ITS key (its outcome may
      // have been lost): a second refund under another key could pay back twice.
      for (const r of refundsOf(db, p.id).filter((x) => x.state !== 'refunded')) await sendRefund(r, p);
      if (refundsOf(db, p.id).some((r) => r.state !== 'refunded')) continue; // retried by the sweep
      const left = p.amount - refundedFen(p);
      if (left > 0) await refund(p, left, reason, absent);
    }
    const done = paidOf(row).every((p) => refundsOf(db, p.id).every((r) => r.state === 'refunded'));
    if (done) row = updateCheckout(db, c.id, { state: 'refunded' }, now());
    return row;
  };

  /** Settles a paid (or zero-share) checkout, then refunds what the outcome asks for. */
  const settleStep = async (c: CheckoutRow): Promise<CheckoutRow> => {
    const order = JSON.parse(c.order_json) as O;
    const how = JSON.parse(c.how_json) as H;
    const row = updateCheckout(db, c.id, { state: 'settling', settle_mark: lastSettlementId(db) }, now());
    deps.hooks?.beforeSettle?.(c.id);
    const r = await deps.settle(order, how);
    if (!r.ok) return refundAll(row, 'settle_failed', r.error);
    return adoptSettlement(row, r.value.settlementId, r.value.cashFen, r.value.receipt);
  };

  /**
   * Links a live settlement and refunds what was collected above its final share (netted like the
   * estimate: final_cash is what the final share makes due here).
   */
  const adoptSettlement = async (c: CheckoutRow, settlementId: number, cashFen: number, receipt: unknown): Promise<CheckoutRow> => {
    const due = dueOf(c, cashFen);
    const row = updateCheckout(db, c.id, { state: 'settled', settlement_id: settlementId, final_cash: due, receipt_json: receipt === null ? null : JSON.stringify(receipt) }, now());
    const over = collectedFen(row) - due;
    const paid = paidOf(row)[0];
    if (over > 0 && paid) await refund(paid, over, 'split_difference');
    return row;
  };

  /** Closes the open amount-due adjustments of a checkout's settlement once nothing is still due. */
  const closeAdjustments = (checkoutId: number): void => {
    if (stillDueFen(getCheckout(db, checkoutId)) > 0) return;
    for (const a of openAdjustedCheckouts(db).filter((x) => x.checkoutId === checkoutId && x.kind === 'amount_due')) {
      handleAdjustmentByPayments(db, { adjustmentId: a.adjustmentId, how: 'collected on the checkout' }, deps.clock());
    }
  };

  /** A refund of one of the checkout's payments that is not known done (the sweep retries it). */
  const refundUnderWay = (c: CheckoutRow): boolean => paidOf(c).some((p) => refundsOf(db, p.id).some((r) => r.state !== 'refunded'));

  /**
   * The center settled a provisional settlement with another share (an open adjustment): records
   * the final share, refunds an over-collection through a QR or bank-card payment, and closes the
   * adjustment once collected equals the share. Cash over-collection waits for the cashier.
   */
  const reconcileAdjusted = async (c0: CheckoutRow, a: { adjustmentId: number; centerCash: number; kind: 'refund' | 'amount_due' }): Promise<void> => {
    if (refundUnderWay(c0)) return;
    const due = dueOf(c0, a.centerCash);
    const over = collectedFen(c0) - due;
    const p = over > 0 ? paidOf(c0).find((x) => x.tender !== 'cash' && x.amount - refundedFen(x) >= over) : undefined;
    // Cash above the share: the estimate stands until the cashier pays the difference out (settleAdjustment).
    if (over > 0 && p === undefined) return;
    const c = c0.final_cash === due ? c0 : updateCheckout(db, c0.id, { final_cash: due }, now());
    if (c !== c0) deps.changed?.(c.id);
    let how = 'collected on the checkout';
    if (p !== undefined) {
      const r = await refund(p, over, 'split_difference');
      deps.changed?.(c.id);
      if (r.state !== 'refunded') return;
      how = `refunded through ${p.tender}`;
    } else if (over < 0) return; // still due: collected on the checkout
    if (handleAdjustmentByPayments(db, { adjustmentId: a.adjustmentId, how }, deps.clock())) deps.changed?.(c.id);
  };

  /**
   * Records and sends one payment attempt of `amountFen` (the amount due; or, on a settled
   * checkout, what is still due: a top-up, which leaves the checkout settled).
   */
  const pay = async (c: CheckoutRow, tender: Tender, extra: { code?: string; tenderedFen?: number }, amountFen = c.amount_due): Promise<ApiResult<CheckoutRow>> => {
    const adapter = adapterOf(tender);
    if (!adapter) return { ok: false, error: payError('PAY_TENDER_UNAVAILABLE', { tender }) };
    const topUp = c.state === 'settled';
    const n = paymentsOf(db, c.id).length + 1;
    const pkey = `${c.ckey}-p${String(n)}`;
    if (tender === 'cash') {
      const tendered = extra.tenderedFen ?? amountFen;
      if (tendered < amountFen) return { ok: false, error: payError('PAY_TENDERED_SHORT') };
      // The drawer is the provider: recorded paid (with the change) before the drawer opens.
      insertPayment(db, { checkoutId: c.id, pkey, tender, amount: amountFen, state: 'paid', tendered, change: tendered - amountFen }, now());
      deps.hooks?.paid?.(pkey);
      return { ok: true, value: topUp ? getCheckout(db, c.id) : updateCheckout(db, c.id, { state: 'paid', tender }, now()) };
    }
    const p = insertPayment(db, { checkoutId: c.id, pkey, tender, amount: amountFen, state: 'sending' }, now());
    let row = topUp ? c : updateCheckout(db, c.id, { tender }, now());
    deps.hooks?.beforePay?.(pkey);
    const o = await adapter.pay({ key: pkey, amountFen, description: `MedSettle ${c.ckey}${topUp ? ' 补收' : ''}`, ...(extra.code === undefined ? {} : { code: extra.code }) });
    let after = apply(p, o);
    if (after.state === 'unknown') after = apply(after, await adapter.query(pkey)); // the truth before anything else
    if (after.state === 'paid') {
      deps.hooks?.paid?.(pkey);
      if (!topUp) row = updateCheckout(db, c.id, { state: 'paid' }, now());
    }
    return { ok: true, value: row };
  };


  /** Runs `f` on a checkout unless another call is stepping it. */
  const exclusive = async <T>(id: number, f: (c: CheckoutRow) => Promise<T>): Promise<T | undefined> => {
    if (busy.has(id)) return undefined;
    const c = findCheckout(db, id);
    if (!c) return undefined;
    busy.add(id);
    try {
      return await f(c);
    } finally {
      busy.delete(id);
    }
  };

  /** Moves a live checkout as far as it can go now. */
  const step = async (c0: CheckoutRow): Promise<CheckoutRow> => {
    let c = c0;
    if (c.state === 'started') {
      await pullNotifications();
      await resolveOpen(c, false);
      if (paidOf(c).length > 0) c = updateCheckout(db, c.id, { state: 'paid' }, now());
    }
    if (c.state === 'paid') c = await settleStep(c);
    if (c.state === 'refunding') c = await refundAll(c, 'settle_failed', null);
    if (c.state === 'settled' && paymentsOf(db, c.id).some(isOpen)) {
      // Collecting what is still due: the open top-up's outcome, pushed or asked for.
      await pullNotifications();
      await resolveOpen(c, false);
    }
    return c;
  };

  const view = (c: CheckoutRow): CheckoutView => {
    const pays = paymentsOf(db, c.id);
    const last = pays[pays.length - 1];
    const change = pays.findLast((p) => p.state === 'paid' && p.change !== null)?.change ?? null;
    const refunds = pays.flatMap((p) => refundsOf(db, p.id)).map((r) => ({ amount: fenToYuan(r.amount), reason: r.reason, state: r.state }));
    const due = stillDueFen(c);
    const stillDue = due > 0 ? fenToYuan(due) : null;
    /** Where collecting stands from the last attempt (a first payment, or a top-up). */
    const collecting = (): 'awaiting_tender' | 'awaiting_patient' | 'checking' | 'declined' => {
      if (last === undefined || last.state === 'closed') return 'awaiting_tender';
      // Paid: a started checkout is about to move on; a settled one has its earlier payments paid.
      if (last.state === 'paid') return c.state === 'settled' ? 'awaiting_tender' : 'checking';
      if (last.state === 'declined') return 'declined';
      if (last.state === 'pending') return 'awaiting_patient';
      return 'checking';
    };
    let phase: CheckoutView['phase'];
    switch (c.state) {
      case 'started':
        phase = collecting();
        break;
      case 'paid':
      case 'settling':
        phase = 'settling';
        break;
      default:
        phase = c.state;
    }
    return {
      checkoutId: c.id,
      tender: c.tender,
      amountDue: fenToYuan(c.amount_due),
      state: c.state,
      phase,
      qr: last?.state === 'pending' && last.detail?.startsWith('medsettle-pay://') === true ? last.detail : last?.state === 'pending' ? last.detail : null,
      change: change === null ? null : fenToYuan(change),
      declined: last?.state === 'declined' ? (last.detail ?? 'declined') : null,
      receipt: c.receipt_json === null ? null : (JSON.parse(c.receipt_json) as unknown),
      refunds,
      stillDue,
      dueCollection: due > 0 ? collecting() : null,
      error: c.error_json === null ? null : (JSON.parse(c.error_json) as ApiError),
    };
  };

  const found = (id: number): ApiResult<CheckoutRow> => {
    const c = findCheckout(db, id);
    return c ? { ok: true, value: c } : { ok: false, error: payError('PAY_NO_CHECKOUT') };
  };

  return {
    /** Pre-settles, records the checkout and starts collecting with the chosen tender. */
    async start(input: { order: O; how: H; tender: Tender; actor: string; code?: string }): Promise<ApiResult<CheckoutView>> {
      if (!adapterOf(input.tender)) return { ok: false, error: payError('PAY_TENDER_UNAVAILABLE', { tender: input.tender }) };
      const pre = await deps.preSettle(input.order);
      if (!pre.ok) return pre;
      const c = insertCheckout(db, { ckey: newKey(), order: input.order, how: input.how, tender: input.tender, actor: input.actor, amountDue: deps.amountDue ? deps.amountDue(input.order, pre.value.cashFen) : pre.value.cashFen }, now());
      const out = await exclusive(c.id, async (row) => {
        if (row.amount_due === 0) return step(updateCheckout(db, row.id, { state: 'paid' }, now())); // nothing to collect
        if (input.tender === 'cash') return row; // waits for the amount tendered
        const r = await pay(row, input.tender, input.code === undefined ? {} : { code: input.code });
        return r.ok ? step(r.value) : row;
      });
      return { ok: true, value: view(out ?? c) };
    },

    /** Where a checkout is; moves it on (queries unknown outcomes, settles once paid). */
    async status(id: number): Promise<ApiResult<CheckoutView>> {
      const c = found(id);
      if (!c.ok) return c;
      const out = await exclusive(id, step);
      return { ok: true, value: view(out ?? c.value) };
    },

    /** Pays with another attempt: cash tendered, the patient's scanned code, or a new QR / PIN-pad request. */
    async tender(id: number, tender: Tender, extra: { code?: string; tenderedFen?: number }): Promise<ApiResult<CheckoutView>> {
      const c = found(id);
      if (!c.ok) return c;
      const failed: { error: ApiError | null } = { error: null };
      const out = await exclusive(id, async (row0) => {
        let row = row0;
        if (row.state !== 'started') {
          failed.error = payError(row.state === 'paid' || row.state === 'settling' ? 'PAY_ALREADY_PAID' : 'PAY_NOT_PAYABLE');
          return row;
        }
        // Whatever is still open is settled first: an unknown outcome is queried, an open QR or PIN-pad request closed.
        await resolveOpen(row, true);
        if (paidOf(row).length > 0) return step(updateCheckout(db, row.id, { state: 'paid' }, now()));
        if (paymentsOf(db, row.id).some((p) => p.state === 'unknown' || p.state === 'sending')) {
          failed.error = payError('PAY_OUTCOME_PENDING');
          return row;
        }
        const r = await pay(row, tender, extra);
        if (!r.ok) {
          failed.error = r.error;
          return row;
        }
        row = r.value;
        return step(row);
      });
      if (out === undefined) return { ok: false, error: payError('PAY_OUTCOME_PENDING') };
      if (failed.error !== null) return { ok: false, error: failed.error };
      return { ok: true, value: view(out) };
    },

    /** Cancels an unsettled checkout: open requests closed, anything paid refunded. */
    async cancel(id: number): Promise<ApiResult<CheckoutView>> {
      const c = found(id);
      if (!c.ok) return c;
      const failed: { error: ApiError | null } = { error: null };
      const out = await exclusive(id, async (row) => {
        if (row.state === 'settled' || row.state === 'settling') {
          failed.error = payError('PAY_CANNOT_CANCEL');
          return row;
        }
        if (row.state === 'refunded' || row.state === 'cancelled') return row;
        await resolveOpen(row, true);
        if (paymentsOf(db, row.id).some((p) => p.state === 'unknown' || p.state === 'sending')) {
          failed.error = payError('PAY_OUTCOME_PENDING');
          return row;
        }
        if (paidOf(row).length > 0) return refundAll(row, 'cancelled', null);
        return updateCheckout(db, row.id, { state: 'cancelled' }, now());
      });
      if (out === undefined) return { ok: false, error: payError('PAY_OUTCOME_PENDING') };
      if (failed.error !== null) return { ok: false, error: failed.error };
      return { ok: true, value: view(out) };
    },

    /**
     * At boot, before any new checkout: finishes or compensates what a crash left. Nothing can be
     * settled now (the patient and the card are gone), so a payment without a settlement is refunded.
     */
    async recover(): Promise<{ resumed: number; refunded: number; pending: number }> {
      const counts = { resumed: 0, refunded: 0, pending: 0 };
      await pullNotifications();
      for (const c0 of listCheckouts(db, ['started', 'paid', 'settling', 'refunding'])) {
        if (busy.has(c0.id)) continue;
        let c = c0;
        if (c.state === 'started') {
          await resolveOpen(c, true);
          if (paymentsOf(db, c.id).some((p) => p.state === 'unknown' || p.state === 'sending')) {
            counts.pending += 1;
            continue;
          }
          c = paidOf(c).length > 0 ? await refundAll(c, 'not_settled', null, true) : updateCheckout(db, c.id, { state: 'cancelled' }, now());
        } else if (c.state === 'paid') {
          // Killed between payment and settling: nothing was settled (settling is recorded first).
          c = await refundAll(c, 'not_settled', null, true);
        } else if (c.state === 'settling') {
          const s = c.settle_mark === null ? undefined : settlementAfter(db, c.settle_mark);
          if (s === undefined) c = await refundAll(c, 'not_settled', null, true);
          else if (isLive(s.state)) {
            c = await adoptSettlement(c, s.id, s.psn_cash_pay, null);
            counts.resumed += 1;
          } else if (isVoid(s.state)) c = await refundAll(updateCheckout(db, c.id, { settlement_id: s.id }, now()), 'settle_failed', null, true);
          else {
            counts.pending += 1; // submitting / quarantined: the queue decides first
            continue;
          }
        } else {
          c = await refundAll(c, 'settle_failed', null, true);
        }
        if (c.state === 'refunded' || c.state === 'refunding') counts.refunded += 1;
      }
      for (const c of settledCheckoutsWithOpenPayments(db)) {
        // A top-up (尚需补收) left open: the patient is gone; close it (or find it paid). The rest stays due.
        if (!busy.has(c.id)) await resolveOpen(c, true);
      }
      await this.sweep();
      return counts;
    },

    /**
     * Periodic: retries open refunds; refunds the payment of a settlement the queue voided since;
     * reconciles provisional settlements the center settled with another share.
     */
    async sweep(): Promise<{ openRefunds: number }> {
      for (const a of openAdjustedCheckouts(db)) {
        if (busy.has(a.checkoutId)) continue;
        await exclusive(a.checkoutId, (c) => reconcileAdjusted(c, a));
      }
      for (const c of settledCheckoutsOfVoidSettlements(db)) {
        // Voided: everything collected goes back (nothing collected: the checkout just ends refunded).
        if (busy.has(c.id)) continue;
        await refundAll(c, 'settlement_void', null, true);
        deps.changed?.(c.id);
      }
      for (const c of listCheckouts(db, ['settling'])) {
        if (busy.has(c.id) || c.settle_mark === null) continue;
        const s = settlementAfter(db, c.settle_mark);
        if (s && isLive(s.state)) await adoptSettlement(c, s.id, s.psn_cash_pay, null);
        else if (s && isVoid(s.state)) await refundAll(updateCheckout(db, c.id, { settlement_id: s.id }, now()), 'settle_failed', null, true);
      }
      for (const r of openRefunds(db)) {
        const p = paymentById(db, r.payment_id);
        if (p) await sendRefund(r, p);
      }
      for (const c of listCheckouts(db, ['refunding'])) {
        // All of it back, not just the refunds recorded so far: refundAll gives back what is left.
        if (busy.has(c.id)) continue;
        await exclusive(c.id, (row) => refundAll(row, row.settlement_id !== null && isVoid(settlementStateOf(db, row.settlement_id)) ? 'settlement_void' : 'settle_failed', null, true));
      }
      return { openRefunds: openRefunds(db).length };
    },

    /**
     * Collects what is still due (尚需补收: the center's final share above what was collected) on a
     * settled checkout, with any tender: recorded before it is sent like the first payment; an
     * open earlier attempt is closed (or found paid) first.
     */
    async collectDue(id: number, tender: Tender, extra: { code?: string; tenderedFen?: number }): Promise<ApiResult<CheckoutView>> {
      const c = found(id);
      if (!c.ok) return c;
      const failed: { error: ApiError | null } = { error: null };
      const out = await exclusive(id, async (row) => {
        if (row.state !== 'settled') {
          failed.error = payError(row.state === 'refunding' || row.state === 'refunded' || row.state === 'cancelled' ? 'PAY_NOT_PAYABLE' : 'PAY_NOT_SETTLED');
          return row;
        }
        if (row.settlement_id !== null && isVoid(settlementStateOf(db, row.settlement_id))) {
          failed.error = payError('PAY_NOT_PAYABLE');
          return row;
        }
        await resolveOpen(row, true);
        if (paymentsOf(db, row.id).some((p) => p.state === 'unknown' || p.state === 'sending')) {
          failed.error = payError('PAY_OUTCOME_PENDING');
          return row;
        }
        const due = stillDueFen(row);
        if (due === 0) {
          failed.error = payError('PAY_NOTHING_DUE');
          return row;
        }
        const r = await pay(row, tender, extra, due);
        if (!r.ok) failed.error = r.error;
        closeAdjustments(row.id);
        return getCheckout(db, row.id);
      });
      if (out === undefined) return { ok: false, error: payError('PAY_OUTCOME_PENDING') };
      if (failed.error !== null) return { ok: false, error: failed.error };
      return { ok: true, value: view(out) };
    },

    /**
     * A settlement was cancelled (a supervisor's 2208 or local void): gives back everything its
     * checkouts collected, each payment through its own tender, now (the sweep would within
     * seconds). What this cancellation gave back per tender (not an earlier split difference);
     * empty when no checkout collected for it.
     */
    async refundSettlement(settlementId: number): Promise<TenderRefund[]> {
      const mine = checkoutsOfSettlement(db, settlementId).filter((c) => c.state === 'settled' || c.state === 'refunding' || c.state === 'refunded');
      for (const c of mine) {
        if (c.state === 'refunded' || !isVoid(settlementStateOf(db, settlementId))) continue;
        await exclusive(c.id, (row) => refundAll(row, 'settlement_void', null));
        deps.changed?.(c.id);
      }
      return mine.flatMap((c) =>
        paymentsOf(db, c.id)
          .filter((p) => p.state === 'paid')
          .flatMap((p) => refundsOf(db, p.id).filter((r) => r.reason === 'settlement_void').map((r) => ({ tender: p.tender, amountFen: r.amount, state: r.state }))),
      );
    },

    /**
     * A notification the provider pushed: applied once (duplicates ignored by id), then the
     * checkout is moved on at once (settled once paid) and the windows told. Never throws.
     */
    async notify(n: PaymentNotification): Promise<void> {
      try {
        if (!firstNotification(db, n.id, now())) return;
        const p = paymentByKey(db, n.key);
        if (!p || !isOpen(p)) return;
        apply(p, n.status === 'paid' ? { status: 'paid', ref: '' } : { status: 'declined', reason: 'declined' });
        deps.changed?.(p.checkout_id);
        await exclusive(p.checkout_id, step);
        deps.changed?.(p.checkout_id);
      } catch (e) {
        log(`payments: notification ${n.id} not applied: ${e instanceof Error ? e.message : String(e)}`);
      }
    },

    /**
     * The supervisor marks an adjustment handled: for a cash checkout whose collection was above
     * the center's share, the difference is recorded as paid out of the drawer (so the shift
     * counts it); for one still owed, what is still due as collected in cash. Nothing to do when no
     * checkout paid for the settlement.
     */
    async settleAdjustment(settlementId: number, kind: 'refund' | 'amount_due'): Promise<ApiResult<null>> {
      const a = openAdjustedCheckouts(db).find((x) => x.settlementId === settlementId && x.kind === kind);
      if (!a) return { ok: true, value: null };
      const failed: { error: ApiError | null } = { error: null };
      const out = await exclusive(a.checkoutId, async (row0) => {
        // The center's share first (the sweep may not have recorded it yet).
        const due = dueOf(row0, a.centerCash);
        const row = row0.final_cash === due ? row0 : updateCheckout(db, row0.id, { final_cash: due }, now());
        if (kind === 'refund') {
          const over = collectedFen(row) - (row.final_cash ?? collectedFen(row));
          const cash = paidOf(row).find((p) => p.tender === 'cash' && p.amount - refundedFen(p) >= over);
          if (over > 0 && cash) await refund(cash, over, 'split_difference');
          else if (over > 0) failed.error = payError('PAY_OUTCOME_PENDING'); // a QR / bank-card refund is under way: the sweep finishes it
        } else if (stillDueFen(row) > 0) {
          const r = await pay(row, 'cash', {}, stillDueFen(row));
          if (!r.ok) failed.error = r.error;
        }
        return row;
      });
      if (out === undefined) return { ok: false, error: payError('PAY_OUTCOME_PENDING') };
      deps.changed?.(a.checkoutId);
      return failed.error === null ? { ok: true, value: null } : { ok: false, error: failed.error };
    },

    view: (id: number): CheckoutView | undefined => {
      const c = findCheckout(db, id);
      return c ? view(c) : undefined;
    },
  };
}

/** The orchestrator's type. */
export type Checkouts<O, H> = ReturnType<typeof createCheckouts<O, H>>;
