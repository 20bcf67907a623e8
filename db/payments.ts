/**
 * The payments ledger (migration 4): checkouts, their payments and refunds, applied
 * notifications and shift closes. Each write here happens BEFORE the matching request leaves the
 * terminal (the orchestrator in electron/payments/checkout.ts keeps that order), so the rows are
 * what a crashed terminal knows at boot. Amounts are integer fen.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { stmt } from './statements.js';

/** A tender type. */
export type Tender = 'cash' | 'scan' | 'bankcard';
/** A checkout's state (see the README ordering). */
export type CheckoutState = 'started' | 'paid' | 'settling' | 'settled' | 'refunding' | 'refunded' | 'cancelled';
/** A payment's state as the terminal knows it. */
export type PaymentState = 'sending' | 'pending' | 'paid' | 'declined' | 'unknown' | 'closed';
/** A refund's state. */
export type RefundState = 'sending' | 'refunded' | 'failed' | 'unknown';
/** Why money goes back. */
export type RefundReason = 'settle_failed' | 'split_difference' | 'cancelled' | 'settlement_void' | 'not_settled';

const tender = z.enum(['cash', 'scan', 'bankcard']);
const checkoutRow = z.object({
  id: z.number().int(),
  ckey: z.string(),
  order_json: z.string(),
  how_json: z.string(),
  tender,
  actor: z.string(),
  amount_due: z.number().int(),
  state: z.enum(['started', 'paid', 'settling', 'settled', 'refunding', 'refunded', 'cancelled']),
  settle_mark: z.number().int().nullable(),
  settlement_id: z.number().int().nullable(),
  final_cash: z.number().int().nullable(),
  receipt_json: z.string().nullable(),
  error_json: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
/** One checkout row. */
export type CheckoutRow = z.infer<typeof checkoutRow>;

const paymentRow = z.object({
  id: z.number().int(),
  checkout_id: z.number().int(),
  pkey: z.string(),
  tender,
  amount: z.number().int(),
  tendered: z.number().int().nullable(),
  change: z.number().int().nullable(),
  state: z.enum(['sending', 'pending', 'paid', 'declined', 'unknown', 'closed']),
  provider_ref: z.string().nullable(),
  detail: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
/** One payment row. */
export type PaymentRow = z.infer<typeof paymentRow>;

const refundRow = z.object({
  id: z.number().int(),
  payment_id: z.number().int(),
  rkey: z.string(),
  amount: z.number().int(),
  reason: z.enum(['settle_failed', 'split_difference', 'cancelled', 'settlement_void', 'not_settled']),
  state: z.enum(['sending', 'refunded', 'failed', 'unknown']),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
/** One refund row. */
export type RefundRow = z.infer<typeof refundRow>;

type Db = BetterSqlite3.Database;

/** Records a new checkout (state 'started'); returns its row. */
export function insertCheckout(db: Db, c: { ckey: string; order: unknown; how: unknown; tender: Tender; actor: string; amountDue: number }, now: string): CheckoutRow {
  const info = stmt(
    db,
    `INSERT INTO checkouts (ckey, order_json, how_json, tender, actor, amount_due, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'started', ?, ?)`,
  ).run(c.ckey, JSON.stringify(c.order), JSON.stringify(c.how), c.tender, c.actor, c.amountDue, now, now);
  return getCheckout(db, Number(info.lastInsertRowid));
}

/** A checkout by id (throws when absent: callers look ids up first). */
export function getCheckout(db: Db, id: number): CheckoutRow {
  return checkoutRow.parse(stmt(db, 'SELECT * FROM checkouts WHERE id = ?').get(id));
}

/** A checkout by id, or undefined. */
export function findCheckout(db: Db, id: number): CheckoutRow | undefined {
  const row: unknown = stmt(db, 'SELECT * FROM checkouts WHERE id = ?').get(id);
  return row === undefined ? undefined : checkoutRow.parse(row);
}

/** Checkouts in the given states, oldest first (the state index: never the whole history). */
export function listCheckouts(db: Db, states: readonly CheckoutState[]): CheckoutRow[] {
  const rows = stmt(db, 'SELECT * FROM checkouts WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(states));
  return z.array(checkoutRow).parse(rows);
}

/** Settled checkouts whose settlement has since been voided (cancelled or reversed): to refund. */
export function settledCheckoutsOfVoidSettlements(db: Db): CheckoutRow[] {
  const rows = stmt(
    db,
    `SELECT c.* FROM settlements s CROSS JOIN checkouts c ON c.settlement_id = s.id
     WHERE s.state IN ('cancelled', 'reversed') AND c.state = 'settled' ORDER BY c.id`,
  ).all();
  return z.array(checkoutRow).parse(rows);
}

/** The checkouts linked to a settlement, oldest first. */
export function checkoutsOfSettlement(db: Db, settlementId: number): CheckoutRow[] {
  return z.array(checkoutRow).parse(stmt(db, 'SELECT * FROM checkouts WHERE settlement_id = ? ORDER BY id').all(settlementId));
}

/** Settled checkouts with a payment still open (a top-up, 尚需补收, under way). */
export function settledCheckoutsWithOpenPayments(db: Db): CheckoutRow[] {
  const rows = stmt(
    db,
    `SELECT * FROM checkouts WHERE state = 'settled'
       AND id IN (SELECT checkout_id FROM payments WHERE state IN ('sending', 'pending', 'unknown'))
     ORDER BY id`,
  ).all();
  return z.array(checkoutRow).parse(rows);
}

/** Moves a checkout on, with whatever it learned. */
export function updateCheckout(
  db: Db,
  id: number,
  patch: Partial<Pick<CheckoutRow, 'state' | 'tender' | 'settle_mark' | 'settlement_id' | 'final_cash' | 'receipt_json' | 'error_json' | 'amount_due'>>,
  now: string,
): CheckoutRow {
  const before = getCheckout(db, id);
  const next = { ...before, ...patch };
  stmt(
    db,
    `UPDATE checkouts SET state = ?, tender = ?, settle_mark = ?, settlement_id = ?, final_cash = ?, receipt_json = ?, error_json = ?, amount_due = ?, updated_at = ? WHERE id = ?`,
  ).run(next.state, next.tender, next.settle_mark, next.settlement_id, next.final_cash, next.receipt_json, next.error_json, next.amount_due, now, id);
  return getCheckout(db, id);
}

/** Records a payment about to be sent (state 'sending'; cash is recorded 'paid' at once). */
export function insertPayment(
  db: Db,
  p: { checkoutId: number; pkey: string; tender: Tender; amount: number; state: PaymentState; tendered?: number; change?: number },
  now: string,
): PaymentRow {
  const info = stmt(
    db,
    `INSERT INTO payments (checkout_id, pkey, tender, amount, tendered, change, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.checkoutId, p.pkey, p.tender, p.amount, p.tendered ?? null, p.change ?? null, p.state, now, now);
  return paymentRow.parse(stmt(db, 'SELECT * FROM payments WHERE id = ?').get(Number(info.lastInsertRowid)));
}

/** Sets what a payment's provider said. */
export function updatePayment(db: Db, id: number, state: PaymentState, providerRef: string | null, detail: string | null, now: string): PaymentRow {
  stmt(db, 'UPDATE payments SET state = ?, provider_ref = COALESCE(?, provider_ref), detail = ?, updated_at = ? WHERE id = ?').run(state, providerRef, detail, now, id);
  return paymentRow.parse(stmt(db, 'SELECT * FROM payments WHERE id = ?').get(id));
}

/** A checkout's payments, oldest first. */
export function paymentsOf(db: Db, checkoutId: number): PaymentRow[] {
  return z.array(paymentRow).parse(stmt(db, 'SELECT * FROM payments WHERE checkout_id = ? ORDER BY id').all(checkoutId));
}

/** A payment by its idempotency key. */
export function paymentByKey(db: Db, pkey: string): PaymentRow | undefined {
  const row: unknown = stmt(db, 'SELECT * FROM payments WHERE pkey = ?').get(pkey);
  return row === undefined ? undefined : paymentRow.parse(row);
}

/** A payment by id. */
export function paymentById(db: Db, id: number): PaymentRow | undefined {
  const row: unknown = stmt(db, 'SELECT * FROM payments WHERE id = ?').get(id);
  return row === undefined ? undefined : paymentRow.parse(row);
}

/** Records a refund about to be sent (idempotent by its key: an existing row is returned). */
export function insertRefund(db: Db, r: { paymentId: number; rkey: string; amount: number; reason: RefundReason }, now: string): RefundRow {
  stmt(
    db,
    `INSERT INTO payment_refunds (payment_id, rkey, amount, reason, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'sending', ?, ?)
     ON CONFLICT (rkey) DO NOTHING`,
  ).run(r.paymentId, r.rkey, r.amount, r.reason, now, now);
  return refundRow.parse(stmt(db, 'SELECT * FROM payment_refunds WHERE rkey = ?').get(r.rkey));
}

/** Sets a refund's outcome and counts the attempt. */
export function updateRefund(db: Db, id: number, state: RefundState, error: string | null, now: string): RefundRow {
  stmt(db, 'UPDATE payment_refunds SET state = ?, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?').run(state, error, now, id);
  return refundRow.parse(stmt(db, 'SELECT * FROM payment_refunds WHERE id = ?').get(id));
}

/** A payment's refunds. */
export function refundsOf(db: Db, paymentId: number): RefundRow[] {
  return z.array(refundRow).parse(stmt(db, 'SELECT * FROM payment_refunds WHERE payment_id = ? ORDER BY id').all(paymentId));
}

/** Refunds not yet done (to retry until they are). */
export function openRefunds(db: Db): RefundRow[] {
  return z.array(refundRow).parse(stmt(db, "SELECT * FROM payment_refunds WHERE state IN ('sending', 'failed', 'unknown') ORDER BY id").all());
}

/** Marks a notification applied; false when it was seen before (a duplicate: ignore it). */
export function firstNotification(db: Db, nkey: string, now: string): boolean {
  return stmt(db, 'INSERT INTO payment_notifications (nkey, received_at) VALUES (?, ?) ON CONFLICT (nkey) DO NOTHING').run(nkey, now).changes === 1;
}

/** The state of a settlement row, or undefined. */
export function settlementStateOf(db: Db, id: number): string | undefined {
  const row = z.object({ state: z.string() }).optional().parse(stmt(db, 'SELECT state FROM settlements WHERE id = ?').get(id));
  return row?.state;
}

/** The highest settlement id so far (0 when none): the mark a checkout records before settling. */
export function lastSettlementId(db: Db): number {
  return z.object({ m: z.number().int().nullable() }).parse(stmt(db, 'SELECT MAX(id) AS m FROM settlements').get()).m ?? 0;
}

/** The first settlement recorded after a mark (one settlement at a time per terminal: that checkout's). */
export function settlementAfter(db: Db, mark: number): { id: number; state: string; psn_cash_pay: number } | undefined {
  const row: unknown = stmt(db, 'SELECT id, state, psn_cash_pay FROM settlements WHERE id > ? ORDER BY id LIMIT 1').get(mark);
  return row === undefined ? undefined : z.object({ id: z.number().int(), state: z.string(), psn_cash_pay: z.number().int() }).parse(row);
}

/** Totals by tender since a moment: paid, refunded, count; and the cash change given. */
export function tenderTotalsSince(db: Db, since: string): { tender: Tender; paid: number; count: number; refunded: number; refunds: number }[] {
  const paid = z
    .array(z.object({ tender, paid: z.number().int(), count: z.number().int() }))
    .parse(stmt(db, "SELECT tender, SUM(amount) AS paid, COUNT(*) AS count FROM payments WHERE state = 'paid' AND updated_at >= ? GROUP BY tender").all(since));
  const refunded = z
    .array(z.object({ tender, refunded: z.number().int(), refunds: z.number().int() }))
    .parse(
      stmt(
        db,
        "SELECT p.tender AS tender, SUM(r.amount) AS refunded, COUNT(*) AS refunds FROM payment_refunds r JOIN payments p ON p.id = r.payment_id WHERE r.state = 'refunded' AND r.updated_at >= ? GROUP BY p.tender",
      ).all(since),
    );
  return (['cash', 'scan', 'bankcard'] as const).map((t) => {
    const p = paid.find((x) => x.tender === t);
    const r = refunded.find((x) => x.tender === t);
    return { tender: t, paid: p?.paid ?? 0, count: p?.count ?? 0, refunded: r?.refunded ?? 0, refunds: r?.refunds ?? 0 };
  });
}

/** The last shift close, if any. */
export function lastShiftClose(db: Db): { id: number; closed_at: string } | undefined {
  const row: unknown = stmt(db, 'SELECT id, closed_at FROM shift_closes ORDER BY id DESC LIMIT 1').get();
  return row === undefined ? undefined : z.object({ id: z.number().int(), closed_at: z.string() }).parse(row);
}

/** Records a shift close. */
export function insertShiftClose(
  db: Db,
  s: { actor: string; openedAt: string; closedAt: string; expected: number; counted: number; report: unknown },
): number {
  const info = stmt(
    db,
    'INSERT INTO shift_closes (actor, opened_at, closed_at, expected_cash, counted_cash, difference, report_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(s.actor, s.openedAt, s.closedAt, s.expected, s.counted, s.counted - s.expected, JSON.stringify(s.report));
  return Number(info.lastInsertRowid);
}

/** Marks a cash refund recorded with no cashier present: owed to the patient until handed back. */
export function markCashOwed(db: Db, refundId: number, now: string): void {
  stmt(db, 'INSERT INTO cash_owed (refund_id, created_at) VALUES (?, ?) ON CONFLICT (refund_id) DO NOTHING').run(refundId, now);
}

/** Cash refunds not yet handed back (refunded in the ledger, still in the drawer), oldest first. */
export function cashOwedOpen(db: Db): { refundId: number; checkoutId: number; settlementId: number | null; amount: number; createdAt: string }[] {
  return z
    .array(z.object({ refundId: z.number().int(), checkoutId: z.number().int(), settlementId: z.number().int().nullable(), amount: z.number().int(), createdAt: z.string() }))
    .parse(
      stmt(
        db,
        `SELECT o.refund_id AS refundId, p.checkout_id AS checkoutId, c.settlement_id AS settlementId, r.amount AS amount, o.created_at AS createdAt
         FROM cash_owed o JOIN payment_refunds r ON r.id = o.refund_id JOIN payments p ON p.id = r.payment_id JOIN checkouts c ON c.id = p.checkout_id
         WHERE o.handed_at IS NULL AND r.state = 'refunded' ORDER BY o.refund_id`,
      ).all(),
    );
}

/** Records that owed cash was handed back; false when it was not owed (or already handed). */
export function handCashOwed(db: Db, refundId: number, actor: string, now: string): boolean {
  return stmt(db, 'UPDATE cash_owed SET handed_at = ?, handed_by = ? WHERE refund_id = ? AND handed_at IS NULL').run(now, actor, refundId).changes === 1;
}

/** Declares the drawer's opening float (kept; the latest after the last close counts). */
export function insertDrawerFloat(db: Db, f: { actor: string; amount: number }, now: string): void {
  stmt(db, 'INSERT INTO drawer_floats (actor, amount, set_at) VALUES (?, ?, ?)').run(f.actor, f.amount, now);
}

/** The float declared for the shift that began at `since` (the latest since then), if any. */
export function drawerFloatSince(db: Db, since: string): { amount: number; set_at: string } | undefined {
  const row: unknown = stmt(db, 'SELECT amount, set_at FROM drawer_floats WHERE set_at >= ? ORDER BY id DESC LIMIT 1').get(since);
  return row === undefined ? undefined : z.object({ amount: z.number().int(), set_at: z.string() }).parse(row);
}

/** Settled checkouts whose final share is still partly unpaid (尚需补收), oldest first: what each still owes. */
export function stillDueCheckouts(db: Db): { checkoutId: number; settlementId: number | null; due: number; updatedAt: string }[] {
  return z
    .array(z.object({ checkoutId: z.number().int(), settlementId: z.number().int().nullable(), due: z.number().int(), updatedAt: z.string() }))
    .parse(
      stmt(
        db,
        `SELECT * FROM (
           SELECT c.id AS checkoutId, c.settlement_id AS settlementId, c.updated_at AS updatedAt, c.final_cash
             - (SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.checkout_id = c.id AND p.state = 'paid')
             + (SELECT COALESCE(SUM(r.amount), 0) FROM payment_refunds r JOIN payments p ON p.id = r.payment_id
                 WHERE p.checkout_id = c.id AND p.state = 'paid' AND r.state = 'refunded') AS due
           FROM checkouts c WHERE c.state = 'settled' AND c.final_cash > c.amount_due
         ) WHERE due > 0 ORDER BY checkoutId`,
      ).all(),
    );
}

/**
 * Checkouts of provisional settlements the center has since settled with another patient share,
 * whose adjustment is still open: what the payments reconcile (refund through the tender, or
 * still due). One row per open adjustment.
 */
export function openAdjustedCheckouts(db: Db): { checkoutId: number; settlementId: number; centerCash: number; adjustmentId: number; kind: 'refund' | 'amount_due' }[] {
  return z
    .array(z.object({ checkoutId: z.number().int(), settlementId: z.number().int(), centerCash: z.number().int(), adjustmentId: z.number().int(), kind: z.enum(['refund', 'amount_due']) }))
    .parse(
      stmt(
        db,
        `SELECT c.id AS checkoutId, s.id AS settlementId, s.center_psn_cash_pay AS centerCash, a.id AS adjustmentId, a.kind AS kind
         FROM adjustments a CROSS JOIN settlements s ON s.id = a.settlement_id CROSS JOIN checkouts c ON c.settlement_id = s.id
         WHERE a.state = 'open' AND c.state = 'settled' AND s.state = 'settled' AND s.center_psn_cash_pay IS NOT NULL
         ORDER BY a.id`,
      ).all(),
    );
}

/** The checkout that paid for a settlement, if any (the settled or refunded one). */
export function checkoutOfSettlement(db: Db, settlementId: number): CheckoutRow | undefined {
  const row: unknown = stmt(db, 'SELECT * FROM checkouts WHERE settlement_id = ? ORDER BY id DESC LIMIT 1').get(settlementId);
  return row === undefined ? undefined : checkoutRow.parse(row);
}

/** Provisional settlements still awaiting the center: count and patient share. */
export function provisionalOutstanding(db: Db): { count: number; amount: number } {
  return z
    .object({ count: z.number().int(), amount: z.number().int() })
    .parse(stmt(db, "SELECT COUNT(*) AS count, COALESCE(SUM(psn_cash_pay), 0) AS amount FROM settlements WHERE state = 'provisional'").get());
}
