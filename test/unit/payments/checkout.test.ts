/**
 * The orchestrator's ordering and recovery over a real store and real payment simulators, with
 * the settling step stubbed (the integration tests settle with the real center simulator).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cashAdapter } from '../../../electron/payments/adapters/cash.js';
import { httpProviderAdapter } from '../../../electron/payments/adapters/http-provider.js';
import { createCheckouts, type SettleDone } from '../../../electron/payments/checkout.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../../electron/payments/sim/server.js';
import type { ApiResult } from '../../../electron/service/contract/schemas.js';
import { tempStore } from '../db/support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Order = { cashFen: number };
async function setUp(settle: (o: Order) => Promise<ApiResult<SettleDone>>) {
  const t = tempStore();
  // The stubbed settling invents settlement ids; the real ones (integration tests) satisfy the key.
  t.store.db.pragma('foreign_keys = OFF');
  const sim: PaymentSimulator = await startPaymentSimulator({ kind: 'scan' });
  cleanups.push(t.cleanup, () => sim.close());
  const make = () =>
    createCheckouts<Order, null>({
      db: t.store.db,
      adapters: { cash: cashAdapter(), scan: httpProviderAdapter({ tender: 'scan', url: sim.url, timeoutMs: 300 }) },
      clock: () => new Date(),
      preSettle: (o) => Promise.resolve({ ok: true, value: { cashFen: o.cashFen } }),
      settle,
    });
  return { sim, checkouts: make(), reboot: make };
}
const settledWith = (cashFen: number) => (): Promise<ApiResult<SettleDone>> => Promise.resolve({ ok: true, value: { settlementId: 1, cashFen, status: 'settled', receipt: null } });

describe('checkout ordering', () => {
  it('a zero share skips collection and settles', async () => {
    let settled = 0;
    const { checkouts } = await setUp(() => {
      settled += 1;
      return settledWith(0)();
    });
    const r = await checkouts.start({ order: { cashFen: 0 }, how: null, tender: 'scan', actor: 't' });
    expect(r.ok && r.value.phase).toBe('settled');
    expect(settled).toBe(1);
  });

  it('settling refused after payment: refunded automatically, and shown', async () => {
    const { sim, checkouts } = await setUp(() => Promise.resolve({ ok: false, error: { code: 'CENTER_REFUSED', zh: '拒绝', en: 'refused' } }));
    const r = await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'scan', actor: 't' });
    if (!r.ok) throw new Error(r.error.en);
    sim.act(sim.ledger().payments[0]?.key ?? '', 'approve');
    const s = await checkouts.status(r.value.checkoutId);
    expect(s.ok && s.value.phase).toBe('refunded');
    expect(s.ok && s.value.refunds).toEqual([{ amount: '15.00', reason: 'settle_failed', state: 'refunded' }]);
    expect(sim.ledger().refunds).toEqual([expect.objectContaining({ amountFen: 1500 })]);
  });

  it('the center’s final share lower than the estimate: the difference is refunded; higher: shown as still due', async () => {
    const { checkouts } = await setUp(settledWith(1000));
    const c = await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'cash', actor: 't' });
    if (!c.ok) throw new Error(c.error.en);
    const paid = await checkouts.tender(c.value.checkoutId, 'cash', { tenderedFen: 2000 });
    expect(paid.ok && paid.value).toMatchObject({ phase: 'settled', change: '5.00', refunds: [{ amount: '5.00', reason: 'split_difference', state: 'refunded' }], stillDue: null });
    const { checkouts: higher } = await setUp(settledWith(1800));
    const h = await higher.start({ order: { cashFen: 1500 }, how: null, tender: 'cash', actor: 't' });
    if (!h.ok) throw new Error(h.error.en);
    const hp = await higher.tender(h.value.checkoutId, 'cash', {});
    expect(hp.ok && hp.value.stillDue).toBe('3.00');
  });

  it('an unknown outcome blocks another tender until it is known', async () => {
    const { sim, checkouts } = await setUp(settledWith(700));
    sim.setFaults('timeout=1');
    const c = await checkouts.start({ order: { cashFen: 700 }, how: null, tender: 'scan', actor: 't' });
    expect(c.ok && c.value.phase).toBe('checking');
    if (!c.ok) return;
    const other = await checkouts.tender(c.value.checkoutId, 'cash', { tenderedFen: 700 });
    expect(other.ok ? null : other.error.code).toBe('PAY_OUTCOME_PENDING');
    sim.setFaults('');
    // The provider never got it (timeout): the query says not found, the key is closed, cash may go.
    const cash = await checkouts.tender(c.value.checkoutId, 'cash', { tenderedFen: 700 });
    expect(cash.ok && cash.value.phase).toBe('settled');
  });

  it('recovery after a crash between payment and settling: the payment is refunded (nothing was settled)', async () => {
    const { sim, reboot } = await setUp(settledWith(900));
    const before = reboot();
    const c = await before.start({ order: { cashFen: 900 }, how: null, tender: 'scan', actor: 't' });
    if (!c.ok) throw new Error(c.error.en);
    // The patient pays; the terminal "dies" before it asks again (no status call in this process).
    sim.act(sim.ledger().payments[0]?.key ?? '', 'approve');
    const after = reboot();
    const r = await after.recover();
    expect(r.refunded).toBe(1);
    expect(after.view(c.value.checkoutId)?.phase).toBe('refunded');
    expect(sim.ledger().refunds).toHaveLength(1);
  });

  it('duplicate notifications are applied once', async () => {
    const { sim, checkouts } = await setUp(settledWith(400));
    sim.setFaults('dup=1');
    const c = await checkouts.start({ order: { cashFen: 400 }, how: null, tender: 'scan', actor: 't' });
    if (!c.ok) throw new Error(c.error.en);
    sim.act(sim.ledger().payments[0]?.key ?? '', 'approve');
    const s = await checkouts.status(c.value.checkoutId);
    expect(s.ok && s.value.phase).toBe('settled');
    const again = await checkouts.status(c.value.checkoutId);
    expect(again.ok && again.value.refunds).toEqual([]);
  });
});
