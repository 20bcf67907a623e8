/**
 * The billing desk through the booted terminal in training mode: the demo visits and stays of
 * the card holder, the live split, settling an outpatient visit (2207) and a discharge (2304,
 * deposit refunded or due) at the simulated center, and the visit/stay no longer pending after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-billing-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp }), { root, log: () => undefined, uploadIntervalMs: 60_000 });
  // The billing channels are the billing clerk's (demo operators, boot/session.ts).
  expect((await terminal.service.login({ operatorId: '2001', pin: '2222' })).ok).toBe(true);
});

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; en: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  return r.value;
};

/** Settles an order through the payments' checkout in cash (the tendered amount is exactly the amount due). */
async function payCash(order: Parameters<BootedTerminal['service']['checkoutStart']>[0]['order']) {
  const s = terminal.service;
  const c = value(await s.checkoutStart({ order, tender: 'cash', opter_type: '1' }));
  const done = c.phase === 'settled' ? c : value(await s.checkoutTenderCash({ checkoutId: c.checkoutId, tendered: c.amountDue }));
  if (done.phase !== 'settled') throw new Error(`checkout ${done.phase}: ${done.error?.en ?? ''}`);
  return done;
}

describe('the billing desk in training mode', () => {
  it('settles ouyang’s outpatient visit by 2207 with med_type 11, and the visit is no longer pending', async () => {
    const s = terminal.service;
    await s.insertVirtualCard({ profileId: 'ouyang-2g' });
    value(await s.readCard({ timeoutMs: 5000 }));
    const visits = value(await s.billingPendingVisits({}));
    expect(visits.map((v) => v.visitId)).toEqual(['MZ20250616001']);
    const visit = visits[0];
    if (!visit) throw new Error('a visit');
    // 诊查费 10.00 + 血常规 20.00 + 阿莫西林 2 × 12.50.
    expect(visit.medfee_sumamt).toBe('55.00');
    expect(visit.lines.map((l) => l.det_item_fee_sumamt)).toEqual(['10.00', '20.00', '25.00']);

    const order = { kind: 'outpatient' as const, visitId: visit.visitId, med_type: visit.med_type, lines: visit.lines.map((l) => ({ med_list_codg: l.med_list_codg, cnt: l.cnt })) };
    const quote = value(await s.billingQuote({ order }));
    // Deductible met: the fund pays 50% of 55.00; the account pays its 10.00; cash 17.50.
    expect(quote.pre.setlinfo).toMatchObject({ medfee_sumamt: '55.00', hifp_pay: '27.50', acct_pay: '10.00', psn_cash_pay: '17.50' });
    expect(quote).toMatchObject({ med_type: '11', admission: null, deposit: null, amountDue: '17.50' });

    const settled = await payCash(order);
    expect(settled.amountDue).toBe('17.50');
    expect(settled.receipt).toMatchObject({ status: 'settled', infno: '2207', amounts: { psn_cash_pay: '17.50' } });
    expect(terminal.simulator?.ledger().map((l) => [l.infno, l.med_type, l.psn_no])).toEqual([['2207', '11', '33020000000000000101']]);
    expect(value(await s.billingPendingVisits({}))).toEqual([]);
    // Settling it again is refused: it is no longer pending.
    const again = await s.checkoutStart({ order, tender: 'cash', opter_type: '1' });
    expect(again.ok ? 'settled' : again.error.code).toBe('VISIT_NOT_FOUND');
  });

  it('settles ouyang’s discharge by 2304: the first admission’s 1200.00 deductible, the deposit refunded', async () => {
    const s = terminal.service;
    const stays = value(await s.billingPendingStays({}));
    expect(stays.map((x) => [x.stayId, x.days, x.deposit])).toEqual([['ZY20250609001', 7, '3000.00']]);
    const stay = stays[0];
    if (!stay) throw new Error('a stay');
    expect(stay.medfee_sumamt).toBe('3664.00');
    const order = { kind: 'inpatient' as const, stayId: stay.stayId, lines: stay.lines.map((l) => ({ med_list_codg: l.med_list_codg, cnt: l.cnt })) };
    const quote = value(await s.billingQuote({ order }));
    expect(quote.med_type).toBe('21');
    expect(quote.admission).toMatchObject({ nth: 1, act_pay_dedc: '1200.00' });
    expect(quote.admission?.explanation.zh).toContain('第 1 次住院');
    // In scope 3253.20 (class B self-pay first and the 陪护床 outside); (3253.20 − 1200.00) × 68% = 1396.18.
    expect(quote.pre.setlinfo).toMatchObject({ inscp_scp_amt: '3253.20', hifp_pay: '1396.18' });
    // The account went on the visit: cash 3664.00 − 1396.18 = 2267.82, against a 3000.00 deposit.
    const cash = quote.pre.setlinfo.psn_cash_pay;
    expect(cash).toBe('2267.82');
    expect(quote.deposit).toMatchObject({ deposit: '3000.00', psn_cash_pay: cash, due: '0.00' });
    expect(quote.amountDue).toBe('0.00');
    expect(quote.deposit?.refund).toBe('732.18');

    const changed = await s.billingQuote({ order: { ...order, lines: order.lines.slice(1) } });
    expect(changed.ok ? 'quoted' : changed.error.code).toBe('STAY_CHANGED');

    // The deposit covers the share: nothing is collected, the discharge settles at once.
    const settled = await payCash(order);
    expect(settled.amountDue).toBe('0.00');
    expect(settled.receipt).toMatchObject({ status: 'settled', infno: '2304', amounts: { fund_pay_sumamt: '1396.18', psn_cash_pay: cash } });
    const ledger = terminal.simulator?.ledger() ?? [];
    expect(ledger.map((l) => [l.infno, l.med_type, l.clr_type])).toContainEqual(['2304', '21', '21']);
    expect(value(await s.billingPendingStays({}))).toEqual([]);
  });

  it('settles chen’s discharge with an amount due beyond the deposit', async () => {
    const s = terminal.service;
    await s.removeVirtualCard({});
    await s.insertVirtualCard({ profileId: 'chen-2g' });
    value(await s.readCard({ timeoutMs: 5000 }));
    const [stay] = value(await s.billingPendingStays({}));
    if (!stay) throw new Error('a stay');
    const order = { kind: 'inpatient' as const, stayId: stay.stayId, lines: stay.lines.map((l) => ({ med_list_codg: l.med_list_codg, cnt: l.cnt })) };
    const quote = value(await s.billingQuote({ order }));
    // 4679.80 in all, 4316.80 in scope; (4316.80 − 1200.00) × 68% = 2119.42; cash 2560.38 − deposit 2000.00.
    expect(quote.pre.setlinfo).toMatchObject({ medfee_sumamt: '4679.80', hifp_pay: '2119.42', psn_cash_pay: '2560.38' });
    expect(quote.deposit).toEqual({ deposit: '2000.00', psn_cash_pay: '2560.38', due: '560.38', refund: '0.00' });
    expect(quote.amountDue).toBe('560.38');
    const settled = await payCash(order);
    expect(settled.amountDue).toBe('560.38');
  });

  it('prices hand-entered outpatient lines from the catalog and the service list, and refuses an unknown code', async () => {
    const s = terminal.service;
    const found = value(await s.billingItems({ query: '心电图' }));
    expect(found.map((f) => f.med_list_codg)).toContain('310701001');
    const quote = value(await s.billingQuote({ order: { kind: 'outpatient', visitId: null, med_type: '11', lines: [{ med_list_codg: '310701001', cnt: '1' }] } }));
    expect(quote.pre.setlinfo.medfee_sumamt).toBe('25.00');
    const unknown = await s.billingQuote({ order: { kind: 'outpatient', visitId: null, med_type: '11', lines: [{ med_list_codg: 'NOPE', cnt: '1' }] } });
    expect(unknown.ok ? 'quoted' : unknown.error.code).toBe('BILLING_ITEM_NOT_FOUND');
  });
});
