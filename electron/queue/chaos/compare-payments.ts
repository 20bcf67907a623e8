/**
 * The payments proof of the chaos run, after the final drain and the payments recovery: the
 * providers' ledgers (the payment simulators: what was really charged and refunded; for cash the
 * terminal's own drawer rows) against the terminal's settlements.
 *
 * - unpaid: a live settlement (settled or provisional) that collected less than its patient share
 *   (min of the final share and the estimate collected; a higher final share is shown as still
 *   due), or a live settlement with a share and no checkout at all;
 * - double_charged: a checkout that kept more than its live settlement's share, money kept for a
 *   checkout with no live settlement (a refund missing), two checkouts on one settlement, or a
 *   charge at a provider under a key the terminal never recorded.
 * Every refund must match a failed settlement: a settle_failed / not_settled / settlement_void
 * refund on a live settlement is a problem (it also shows as unpaid).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { stmt } from '../../../db/statements.js';
import type { SimPayment, SimRefund } from '../../payments/sim/server.js';

/** The verdict. */
export type PaymentsComparison = {
  unpaid: number;
  doubleCharged: number;
  problems: string[];
  counts: { checkouts: number; settledPaid: number; refunds: number; refundedFen: number; openCheckouts: number };
};

const rows = <T extends z.ZodType>(schema: T, db: BetterSqlite3.Database, sql: string): z.infer<T>[] => z.array(schema).parse(stmt(db, sql).all());

/** Compares a terminal database with the providers' ledgers. */
export function comparePayments(db: BetterSqlite3.Database, providers: { payments: SimPayment[]; refunds: SimRefund[] }): PaymentsComparison {
  const checkouts = rows(
    z.object({ id: z.number().int(), state: z.string(), amount_due: z.number().int(), settlement_id: z.number().int().nullable(), final_cash: z.number().int().nullable() }),
    db,
    'SELECT id, state, amount_due, settlement_id, final_cash FROM checkouts ORDER BY id',
  );
  const payments = rows(
    z.object({ id: z.number().int(), checkout_id: z.number().int(), pkey: z.string(), tender: z.string(), amount: z.number().int(), state: z.string() }),
    db,
    'SELECT id, checkout_id, pkey, tender, amount, state FROM payments ORDER BY id',
  );
  const refunds = rows(
    z.object({ payment_id: z.number().int(), amount: z.number().int(), reason: z.string(), state: z.string() }),
    db,
    'SELECT payment_id, amount, reason, state FROM payment_refunds ORDER BY id',
  );
  const settlements = rows(z.object({ id: z.number().int(), state: z.string(), psn_cash_pay: z.number().int() }), db, 'SELECT id, state, psn_cash_pay FROM settlements ORDER BY id');
  const live = new Set(settlements.filter((s) => s.state === 'settled' || s.state === 'provisional').map((s) => s.id));
  const byKey = new Map(providers.payments.map((p) => [p.key, p]));
  const refundedAt = new Map<string, number>();
  for (const r of providers.refunds) refundedAt.set(r.payKey, (refundedAt.get(r.payKey) ?? 0) + r.amountFen);

  const problems: string[] = [];
  let unpaid = 0;
  let doubleCharged = 0;
  let settledPaid = 0;
  const netOf = new Map<number, number>();
  for (const p of payments) {
    let net = 0;
    if (p.tender === 'cash') {
      if (p.state === 'paid') net = p.amount - refunds.filter((r) => r.payment_id === p.id && r.state === 'refunded').reduce((s, r) => s + r.amount, 0);
    } else {
      const at = byKey.get(p.pkey);
      if (at?.status === 'paid') net = at.amountFen - (refundedAt.get(p.pkey) ?? 0);
    }
    netOf.set(p.checkout_id, (netOf.get(p.checkout_id) ?? 0) + net);
  }
  const known = new Set(payments.map((p) => p.pkey));
  for (const p of providers.payments) {
    if (!known.has(p.key) && p.status === 'paid' && p.amountFen > (refundedAt.get(p.key) ?? 0)) {
      doubleCharged += 1;
      problems.push(`provider charged ${p.key} (${String(p.amountFen)} fen), a key the terminal never recorded`);
    }
  }
  const linked = new Map<number, number>();
  for (const c of checkouts) {
    const net = netOf.get(c.id) ?? 0;
    const isLive = c.settlement_id !== null && live.has(c.settlement_id) && c.state === 'settled';
    if (c.settlement_id !== null && c.state === 'settled') linked.set(c.settlement_id, (linked.get(c.settlement_id) ?? 0) + 1);
    if (isLive) {
      const expected = Math.min(c.final_cash ?? c.amount_due, c.amount_due);
      if (net < expected) {
        unpaid += 1;
        problems.push(`checkout ${String(c.id)}: settlement ${String(c.settlement_id)} live but collected ${String(net)} of ${String(expected)} fen`);
      } else if (net > expected) {
        doubleCharged += 1;
        problems.push(`checkout ${String(c.id)}: collected ${String(net)} fen for a share of ${String(expected)}`);
      } else settledPaid += 1;
    } else if (net > 0) {
      doubleCharged += 1;
      problems.push(`checkout ${String(c.id)} (${c.state}, settlement ${String(c.settlement_id)}): ${String(net)} fen kept with no live settlement`);
    }
  }
  for (const s of settlements) {
    if (!live.has(s.id)) continue;
    const n = linked.get(s.id) ?? 0;
    if (n === 0 && s.psn_cash_pay > 0) {
      unpaid += 1;
      problems.push(`settlement ${String(s.id)} live with a share of ${String(s.psn_cash_pay)} fen and no checkout`);
    } else if (n > 1) {
      doubleCharged += 1;
      problems.push(`settlement ${String(s.id)} paid by ${String(n)} checkouts`);
    }
  }
  const checkoutOf = new Map(payments.map((p) => [p.id, checkouts.find((c) => c.id === p.checkout_id)]));
  for (const r of refunds) {
    if (r.reason === 'split_difference' || r.reason === 'cancelled') continue;
    const c = checkoutOf.get(r.payment_id);
    if (c?.settlement_id != null && live.has(c.settlement_id) && c.state === 'settled') problems.push(`refund (${r.reason}) on checkout ${String(c.id)} whose settlement stands`);
  }
  return {
    unpaid,
    doubleCharged,
    problems,
    counts: {
      checkouts: checkouts.length,
      settledPaid,
      refunds: refunds.filter((r) => r.state === 'refunded').length,
      refundedFen: refunds.filter((r) => r.state === 'refunded').reduce((s, r) => s + r.amount, 0),
      openCheckouts: checkouts.filter((c) => !['settled', 'refunded', 'cancelled'].includes(c.state)).length,
    },
  };
}
