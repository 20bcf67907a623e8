/**
 * The orchestrator with a caller's `amountDue` (a discharge: the share net of the deposit): the
 * estimate and the center's final share are netted alike, so the split difference is refunded or
 * shown as still due on that basis, and a share the deposit covers collects nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cashAdapter } from '../../../electron/payments/adapters/cash.js';
import { createCheckouts, type SettleDone } from '../../../electron/payments/checkout.js';
import type { ApiResult } from '../../../electron/service/contract/schemas.js';
import { tempStore } from '../db/support.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

type Order = { cashFen: number; depositFen: number };
/** A checkout whose order nets a deposit, settled by a stub that reports `finalFen` as the center's share. */
function setUp(finalFen: number) {
  const t = tempStore();
  t.store.db.pragma('foreign_keys = OFF'); // the stub invents settlement ids
  cleanups.push(t.cleanup);
  let settled = 0;
  const checkouts = createCheckouts<Order, null>({
    db: t.store.db,
    adapters: { cash: cashAdapter() },
    clock: () => new Date(),
    preSettle: (o) => Promise.resolve({ ok: true, value: { cashFen: o.cashFen } }),
    amountDue: (o, cashFen) => Math.max(0, cashFen - o.depositFen),
    settle: (): Promise<ApiResult<SettleDone>> => {
      settled += 1;
      return Promise.resolve({ ok: true, value: { settlementId: settled, cashFen: finalFen, status: 'settled', receipt: null } });
    },
  });
  return { checkouts, settled: () => settled };
}

describe('checkout with a netted amount due', () => {
  it('collects the share less the deposit, and refunds the final difference on the same basis', async () => {
    const { checkouts } = setUp(1400);
    const c = await checkouts.start({ order: { cashFen: 1500, depositFen: 1000 }, how: null, tender: 'cash', actor: 't' });
    if (!c.ok) throw new Error(c.error.en);
    expect(c.value.amountDue).toBe('5.00');
    const paid = await checkouts.tender(c.value.checkoutId, 'cash', { tenderedFen: 500 });
    // Final 14.00 − deposit 10.00 = 4.00 due: 1.00 of the 5.00 collected goes back.
    expect(paid.ok && paid.value).toMatchObject({ phase: 'settled', refunds: [{ amount: '1.00', reason: 'split_difference', state: 'refunded' }], stillDue: null });
  });

  it('a final share under the deposit refunds everything collected; one above the estimate is still due net of the deposit', async () => {
    const low = setUp(800);
    const c = await low.checkouts.start({ order: { cashFen: 1500, depositFen: 1000 }, how: null, tender: 'cash', actor: 't' });
    if (!c.ok) throw new Error(c.error.en);
    const paid = await low.checkouts.tender(c.value.checkoutId, 'cash', {});
    expect(paid.ok && paid.value.refunds).toEqual([{ amount: '5.00', reason: 'split_difference', state: 'refunded' }]);
    const high = setUp(1800);
    const h = await high.checkouts.start({ order: { cashFen: 1500, depositFen: 1000 }, how: null, tender: 'cash', actor: 't' });
    if (!h.ok) throw new Error(h.error.en);
    const hp = await high.checkouts.tender(h.value.checkoutId, 'cash', {});
    expect(hp.ok && hp.value).toMatchObject({ stillDue: '3.00', refunds: [] });
  });

  it('a deposit covering the share collects nothing and settles at once', async () => {
    const { checkouts, settled } = setUp(2000);
    const c = await checkouts.start({ order: { cashFen: 2000, depositFen: 3000 }, how: null, tender: 'cash', actor: 't' });
    expect(c.ok && c.value).toMatchObject({ amountDue: '0.00', phase: 'settled', change: null, refunds: [], stillDue: null });
    expect(settled()).toBe(1);
  });
});
