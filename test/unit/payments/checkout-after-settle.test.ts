/**
 * The orchestrator after settling and around pushed notifications, over a real store and the real
 * scan-gateway simulator (HTTP), with the settling step stubbed: what is still due collected on
 * top (and a top-up left open at a crash closed at boot), a pushed notification applied once and
 * moving its checkout on by itself, and a refund that failed at first given back in full later.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cashAdapter } from '../../../electron/payments/adapters/cash.js';
import { httpProviderAdapter } from '../../../electron/payments/adapters/http-provider.js';
import { createCheckouts, type SettleDone } from '../../../electron/payments/checkout.js';
import { startPaymentSimulator } from '../../../electron/payments/sim/server.js';
import { handOwedCash, shiftReport } from '../../../electron/payments/shift.js';
import type { ApiResult } from '../../../electron/service/contract/schemas.js';
import { tempStore } from '../db/support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Order = { cashFen: number };
/** A terminal whose center settles every order with `finalFen` as the patient's share. */
async function setUp(settle: () => Promise<ApiResult<SettleDone>>, hooks?: { paid?: (key: string) => void }) {
  const t = tempStore();
  t.store.db.pragma('foreign_keys = OFF'); // the stub invents settlement ids
  const sim = await startPaymentSimulator({ kind: 'scan' });
  cleanups.push(t.cleanup, () => sim.close());
  const changed: number[] = [];
  const make = () =>
    createCheckouts<Order, null>({
      db: t.store.db,
      adapters: { cash: cashAdapter(), scan: httpProviderAdapter({ tender: 'scan', url: sim.url, timeoutMs: 300 }) },
      clock: () => new Date(),
      preSettle: (o) => Promise.resolve({ ok: true, value: { cashFen: o.cashFen } }),
      settle,
      changed: (id) => changed.push(id),
      ...(hooks ? { hooks } : {}),
    });
  return { sim, db: t.store.db, checkouts: make(), reboot: make, changed };
}
const settledWith = (cashFen: number) => (): Promise<ApiResult<SettleDone>> => Promise.resolve({ ok: true, value: { settlementId: 1, cashFen, status: 'settled', receipt: null } });
const value = <T>(r: ApiResult<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  return r.value;
};

describe('still due, collected on top', () => {
  it('cash short is refused; the rest by cash with change; then nothing is due', async () => {
    const { checkouts } = await setUp(settledWith(1800));
    const c = value(await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'cash', actor: 't' }));
    const settled = value(await checkouts.tender(c.checkoutId, 'cash', {}));
    expect(settled).toMatchObject({ phase: 'settled', stillDue: '3.00', dueCollection: 'awaiting_tender' });
    const short = await checkouts.collectDue(c.checkoutId, 'cash', { tenderedFen: 200 });
    expect(short.ok ? null : short.error.code).toBe('PAY_TENDERED_SHORT');
    const done = value(await checkouts.collectDue(c.checkoutId, 'cash', { tenderedFen: 500 }));
    expect(done).toMatchObject({ phase: 'settled', stillDue: null, dueCollection: null, change: '2.00' });
    const again = await checkouts.collectDue(c.checkoutId, 'cash', {});
    expect(again.ok ? null : again.error.code).toBe('PAY_NOTHING_DUE');
  });

  it('a declined QR top-up, then another tender', async () => {
    const { sim, checkouts } = await setUp(settledWith(1800));
    const c = value(await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'cash', actor: 't' }));
    value(await checkouts.tender(c.checkoutId, 'cash', {}));
    const qr = value(await checkouts.collectDue(c.checkoutId, 'scan', {}));
    expect(qr.dueCollection).toBe('awaiting_patient');
    expect(qr.qr).toContain('amount_fen=300');
    sim.act(sim.ledger().payments[0]?.key ?? '', 'decline');
    expect(value(await checkouts.status(c.checkoutId)).dueCollection).toBe('declined');
    const cash = value(await checkouts.collectDue(c.checkoutId, 'cash', {}));
    expect(cash).toMatchObject({ stillDue: null, dueCollection: null });
  });

  it('a QR top-up open at a crash is closed at boot; the rest stays due', async () => {
    const { sim, checkouts, reboot } = await setUp(settledWith(1800));
    const c = value(await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'cash', actor: 't' }));
    value(await checkouts.tender(c.checkoutId, 'cash', {}));
    value(await checkouts.collectDue(c.checkoutId, 'scan', {}));
    const after = reboot();
    await after.recover();
    expect(sim.ledger().payments.map((p) => p.status)).toEqual(['closed']);
    expect(after.view(c.checkoutId)).toMatchObject({ phase: 'settled', stillDue: '3.00', dueCollection: 'awaiting_tender' });
  });
});

describe('pushed notifications', () => {
  it('a pushed "paid" settles the checkout by itself, once, however often it arrives', async () => {
    let settles = 0;
    const { sim, checkouts, changed } = await setUp(() => {
      settles += 1;
      return settledWith(1500)();
    });
    const c = value(await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'scan', actor: 't' }));
    expect(c.phase).toBe('awaiting_patient');
    const key = sim.ledger().payments[0]?.key ?? '';
    sim.act(key, 'approve');
    const note = { id: 'scan:n1', key, status: 'paid' as const };
    await checkouts.notify(note);
    await checkouts.notify(note); // a duplicate: ignored
    expect(checkouts.view(c.checkoutId)?.phase).toBe('settled');
    expect(settles).toBe(1);
    expect(changed.filter((id) => id === c.checkoutId).length).toBeGreaterThan(0);
  });

  it('a notification for a key the terminal never recorded changes nothing', async () => {
    const { checkouts, changed } = await setUp(settledWith(1500));
    await checkouts.notify({ id: 'scan:stray', key: 'not-ours-p1', status: 'paid' });
    expect(changed).toEqual([]);
  });
});

describe('refunds retried', () => {
  it('a refund the provider refused at first is retried, then everything collected is back', async () => {
    const { sim, checkouts } = await setUp(() => Promise.resolve({ ok: false, error: { code: 'CENTER_REFUSED', zh: '拒绝', en: 'refused' } }));
    const c = value(await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'scan', actor: 't' }));
    sim.setFaults('decline=1'); // refunds fail while this lasts
    sim.act(sim.ledger().payments[0]?.key ?? '', 'approve');
    const failing = value(await checkouts.status(c.checkoutId));
    expect(failing.phase).toBe('refunding');
    sim.setFaults('');
    await checkouts.sweep();
    const back = checkouts.view(c.checkoutId);
    expect(back?.phase).toBe('refunded');
    expect(sim.ledger().refunds.reduce((s, r) => s + r.amountFen, 0)).toBe(1500);
  });
});

describe('cash owed to a patient who is gone', () => {
  it('cash refunded at boot (killed after taking it, before settling) stays in the drawer until handed back', async () => {
    let kill = true;
    const { db, checkouts, reboot } = await setUp(settledWith(1500), {
      paid: () => {
        if (kill) throw new Error('SIGKILL (simulated) after the drawer opened');
      },
    });
    const c = value(await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'cash', actor: 't' }));
    await expect(checkouts.tender(c.checkoutId, 'cash', { tenderedFen: 2000 })).rejects.toThrow(/SIGKILL/);
    kill = false;
    const after = reboot();
    await after.recover();
    expect(after.view(c.checkoutId)).toMatchObject({ phase: 'refunded', refunds: [{ amount: '15.00', reason: 'not_settled', state: 'refunded' }] });
    const owed = shiftReport(db, new Date());
    expect(owed.cashOwed).toMatchObject({ count: 1, amount: '15.00' });
    // Taken and refunded in the ledger, but the notes are still in the drawer until handed back.
    expect(owed.cashNet).toBe('0.00');
    expect(owed.cashExpected).toBe('15.00');
    const refundId = owed.cashOwed.items[0]?.refundId ?? 0;
    const handed = handOwedCash(db, new Date(), 'cashier-1', refundId);
    expect(handed).toMatchObject({ cashOwed: { count: 0 }, cashExpected: '0.00' });
    expect(handOwedCash(db, new Date(), 'cashier-1', refundId)).toBeUndefined();
  });

  it('a cash refund with the cashier at the counter (the center refused) is not owed: it was handed over then', async () => {
    const { db, checkouts } = await setUp(() => Promise.resolve({ ok: false, error: { code: 'CENTER_REFUSED', zh: '拒绝', en: 'refused' } }));
    const c = value(await checkouts.start({ order: { cashFen: 1500 }, how: null, tender: 'cash', actor: 't' }));
    const refused = value(await checkouts.tender(c.checkoutId, 'cash', { tenderedFen: 1500 }));
    expect(refused).toMatchObject({ phase: 'refunded', refunds: [{ amount: '15.00', reason: 'settle_failed', state: 'refunded' }] });
    expect(shiftReport(db, new Date())).toMatchObject({ cashOwed: { count: 0 }, cashNet: '0.00', cashExpected: '0.00' });
  });
});
