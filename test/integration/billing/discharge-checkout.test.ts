/**
 * A discharge (2304) through the payments' ordering (pre-settle → collect → settle → receipt) in
 * the booted training terminal with the real center simulator: the checkout collects the cash
 * share net of the stay's deposit, max(0, psn_cash_pay − deposit); nothing when the deposit
 * covers it; and the center refusing after collection refunds the payment automatically.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-discharge-pay-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp, payments: { timeoutMs: 500 } }), { root, log: () => undefined, uploadIntervalMs: 600_000 });
  expect((await terminal.service.login({ operatorId: '2001', pin: '2222' })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

const s = () => terminal.service;
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; en: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  return r.value;
};

/** Reads a training card and returns its pending discharge as an order. */
async function dischargeOf(profileId: string) {
  await s().removeVirtualCard({});
  await s().insertVirtualCard({ profileId });
  value(await s().readCard({ timeoutMs: 5000 }));
  const [stay] = value(await s().billingPendingStays({}));
  if (!stay) throw new Error(`${profileId}: a pending stay`);
  return { kind: 'inpatient' as const, stayId: stay.stayId, lines: stay.lines.map((l) => ({ med_list_codg: l.med_list_codg, cnt: l.cnt })) };
}

const settled2304 = (): number => (terminal.simulator?.ledger() ?? []).filter((l) => l.infno === '2304').length;

describe('a discharge through the payments checkout', () => {
  it('the center refuses after the cash was collected: the 560.38 is refunded and the stay stays pending', async () => {
    const order = await dischargeOf('chen-2g');
    const centerDb = new Database(terminal.simulator?.dbPath ?? '');
    const before = centerDb.prepare('SELECT rowid AS id, seed FROM persons ORDER BY rowid').all() as { id: number; seed: string }[];
    // The center no longer agrees with the card's insurance type: it refuses the settlement (2304).
    centerDb.prepare("UPDATE persons SET seed = json_set(seed, '$.insutype', '999')").run();
    try {
      const c = value(await s().checkoutStart({ order, tender: 'cash', opter_type: '1' }));
      expect(c.amountDue).toBe('560.38');
      const done = value(await s().checkoutTenderCash({ checkoutId: c.checkoutId, tendered: '600.00' }));
      expect(done.phase).toBe('refunded');
      expect(done.refunds).toEqual([{ amount: '560.38', reason: 'settle_failed', state: 'refunded' }]);
      expect(done.error?.code).toBeDefined();
      expect(settled2304()).toBe(0);
    } finally {
      const restore = centerDb.prepare('UPDATE persons SET seed = ? WHERE rowid = ?');
      for (const r of before) restore.run(r.seed, r.id);
      centerDb.close();
    }
    expect(value(await s().billingPendingStays({})).map((x) => x.stayId)).toEqual([order.stayId]);
  });

  it('collects exactly psn_cash_pay − deposit (2560.38 − 2000.00) in cash and settles 2304 at the simulator', async () => {
    const order = await dischargeOf('chen-2g');
    const c = value(await s().checkoutStart({ order, tender: 'cash', opter_type: '1' }));
    expect(c).toMatchObject({ amountDue: '560.38', phase: 'awaiting_tender' });
    const done = value(await s().checkoutTenderCash({ checkoutId: c.checkoutId, tendered: '600.00' }));
    expect(done).toMatchObject({ phase: 'settled', change: '39.62', stillDue: null, refunds: [] });
    expect(done.receipt).toMatchObject({ status: 'settled', infno: '2304', amounts: { psn_cash_pay: '2560.38' } });
    expect(settled2304()).toBe(1);
    expect(value(await s().billingPendingStays({}))).toEqual([]);

    // Cancelled with a supervisor's approval: 2305 at the center, and the 560.38 back out of the drawer.
    const refund = value(await s().refundSettlement({ settlementId: done.receipt?.settlementId ?? 0, reason: '出院结算有误', approval: { supervisorId: '9001', pin: '9999' } }));
    expect(refund).toMatchObject({ method: 'center_2208', title: { zh: '退费凭证（住院结算撤销）' }, tenders: [{ tender: 'cash', amount: '560.38', state: 'refunded' }] });
    expect((terminal.simulator?.ledger() ?? []).filter((l) => l.infno === '2304' && l.state === 'cancelled')).toHaveLength(1);
    expect(value(await s().checkoutStatus({ checkoutId: c.checkoutId }))).toMatchObject({ state: 'refunded', refunds: [{ amount: '560.38', reason: 'settlement_void', state: 'refunded' }] });
    // The stay is to be discharged again.
    expect(value(await s().billingPendingStays({})).map((x) => x.stayId)).toEqual([order.stayId]);
  });

  it('collects nothing when the deposit covers the share (3000.00 against 2257.82) and still settles 2304', async () => {
    const before = settled2304();
    const order = await dischargeOf('ouyang-2g');
    const quote = value(await s().billingQuote({ order }));
    expect(quote.deposit).toMatchObject({ deposit: '3000.00', due: '0.00', refund: '742.18' });
    const c = value(await s().checkoutStart({ order, tender: 'cash', opter_type: '1' }));
    expect(c).toMatchObject({ amountDue: '0.00', phase: 'settled', change: null, refunds: [], stillDue: null });
    expect(c.receipt).toMatchObject({ status: 'settled', infno: '2304', amounts: { psn_cash_pay: '2257.82' } });
    expect(settled2304()).toBe(before + 1);
  });
});
