import { afterEach, describe, expect, it } from 'vitest';
import { getSettlement, listSettlements } from '../../../db/settlements.js';
import { listOutbox } from '../../../db/outbox.js';
import { listAdjustments } from '../../../db/adjustments.js';
import { settleAtCounter } from '../../../electron/queue/counter.js';
import { queueStatus } from '../../../electron/queue/status.js';
import { startRig, visitRequest, type Rig } from '../../support/queue/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const HOUR = 3_600_000;

describe('offline: the center is unreachable', () => {
  it('settles provisionally (待医保结算) within the limits, and the uploader confirms it once the center is back', async () => {
    rig = await startRig();
    await rig.sim.setOnline(false);
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value).toMatchObject({ status: 'provisional', source: 'local_estimate', title: { zh: '待医保结算' }, check: null });
    expect(r.value.notice?.zh).toContain('待医保结算');
    expect(r.value.amounts.psn_cash_pay).toBe('660.00');

    const status = queueStatus(rig.store.db, rig.now());
    expect(status.provisional).toMatchObject({ count: 1, exposure: '340.00', medfee: '1000.00' });

    // Still down: the uploader's pass stops at the first unreachable outcome and changes nothing.
    const down = await rig.uploader.runPass();
    expect(down).toMatchObject({ unreachable: true, remaining: 1, settled: 0 });

    await rig.sim.setOnline(true);
    const drained = await rig.uploader.drain({ ignoreSchedule: true, sleep: (ms) => rig!.fakeSleep(ms) });
    expect(drained).toMatchObject({ finished: true, settled: 1, adjustments: 0 });
    const s = getSettlement(rig.store, r.value.settlementId);
    expect(s).toMatchObject({ state: 'settled', provisional: 1, msgid: r.value.msgid });
    expect(rig.sim.ledger()).toEqual([expect.objectContaining({ medins_setl_id: r.value.msgid, state: 'settled' })]);
    expect(queueStatus(rig.store.db, rig.now()).provisional.count).toBe(0);
  });

  it('goes straight to provisional while the center is presumed down, without waiting on it', async () => {
    rig = await startRig({ config: { probeIntervalMs: 60_000 } });
    await rig.sim.setOnline(false);
    await settleAtCounter(rig.ctx, visitRequest());
    const before = rig.sim.stats().requests;
    await rig.sim.setOnline(true);
    const second = await settleAtCounter(rig.ctx, visitRequest());
    expect(second).toMatchObject({ ok: true, value: { status: 'provisional' } });
    expect(rig.sim.stats().requests).toBe(before);
    // After the probe interval the counter tries the center again.
    rig.advance(61_000);
    const third = await settleAtCounter(rig.ctx, visitRequest());
    expect(third).toMatchObject({ ok: true, value: { status: 'settled' } });
  });

  it('refuses a provisional settlement whose insured share is above the per-settlement limit: self-pay only', async () => {
    rig = await startRig();
    await rig.sim.setOnline(false);
    const r = await settleAtCounter(rig.ctx, visitRequest({ scale: 3 }));
    expect(r).toMatchObject({ ok: false, error: { code: 'OFFLINE_LIMIT_AMOUNT' } });
    if (r.ok) return;
    expect(r.error.zh).toContain('自费');
    expect(r.error.en).toContain('self-pay');
    // The pre-settlement found the center unreachable: nothing was written at all.
    expect(listSettlements(rig.store, { states: ['draft', 'pre_settled', 'submitting', 'provisional', 'cancelled'] })).toEqual([]);
  });

  it('cancels the written settlement when the settlement message itself finds the center unreachable beyond a limit', async () => {
    rig = await startRig({ config: { preSettleOnline: false } });
    await rig.sim.setOnline(false);
    const r = await settleAtCounter(rig.ctx, visitRequest({ scale: 3 }));
    expect(r).toMatchObject({ ok: false, error: { code: 'OFFLINE_LIMIT_AMOUNT' } });
    // Written, never delivered, cancelled: nothing is pending and nothing can reach the center later.
    expect(listSettlements(rig.store, { states: ['cancelled'] })).toHaveLength(1);
    expect(listOutbox(rig.store).map((m) => m.state)).toEqual(['cancelled']);
  });

  it('refuses once the count of provisional settlements awaiting confirmation reaches its limit', async () => {
    rig = await startRig({ config: { offline: { maxOutstandingCount: 2 } } });
    await rig.sim.setOnline(false);
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true });
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true });
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: false, error: { code: 'OFFLINE_LIMIT_COUNT' } });
  });

  it('refuses once the total provisional amount would pass its limit', async () => {
    rig = await startRig({ config: { offline: { maxOutstandingAmount: '700.00' } } });
    await rig.sim.setOnline(false);
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true });
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true });
    const third = await settleAtCounter(rig.ctx, visitRequest());
    expect(third).toMatchObject({ ok: false, error: { code: 'OFFLINE_LIMIT_EXPOSURE', details: { outstanding: '1020.00', limit: '700.00' } } });
  });

  it('refuses once the oldest provisional settlement has waited longer than 72 hours (injected clock)', async () => {
    rig = await startRig();
    await rig.sim.setOnline(false);
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true });
    rig.advance(71 * HOUR);
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true });
    rig.advance(2 * HOUR);
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: false, error: { code: 'OFFLINE_LIMIT_AGE' } });
    expect(queueStatus(rig.store.db, rig.now()).provisional.oldestAgeHours).toBe(73);
  });

  it('records a refund or an amount due when the center’s final split differs from the provisional one', async () => {
    rig = await startRig();
    await rig.sim.setOnline(false);
    const refund = await settleAtCounter(rig.ctx, visitRequest());
    if (!refund.ok) throw new Error(refund.error.en);
    await rig.sim.setOnline(true);
    await rig.setFaults('drift=0.1');
    await rig.uploader.drain({ ignoreSchedule: true, sleep: (ms) => rig!.fakeSleep(ms) });
    // The center paid 408.00 instead of 340.00: the patient paid 68.00 too much.
    expect(listAdjustments(rig.store)).toMatchObject([{ settlement_id: refund.value.settlementId, kind: 'refund', amount: 6800, state: 'open' }]);

    await rig.setFaults('drift=-0.1,offline');
    // This time the estimate knows the year so far (from 5206): deductible paid, 408.00 from the fund.
    const ytd = { deductible_paid: '300.00', inscp_accumulated: '980.00', fund_paid: { hifp: '408.00' } };
    const due = await settleAtCounter(rig.ctx, visitRequest({ date: '2025-03-02', ytd }));
    if (!due.ok) throw new Error(due.error.en);
    await rig.setFaults('drift=-0.1');
    await rig.uploader.drain({ ignoreSchedule: true, sleep: (ms) => rig!.fakeSleep(ms) });
    const adjustments = listAdjustments(rig.store);
    expect(adjustments.map((a) => [a.settlement_id, a.kind])).toEqual([
      [refund.value.settlementId, 'refund'],
      [due.value.settlementId, 'amount_due'],
    ]);
    const status = queueStatus(rig.store.db, rig.now());
    // Estimate 490.00 (50% of 980.00), center 392.00 (40%): 98.00 to collect.
    expect(status.adjustmentsOpen).toEqual({ count: 2, refund: '68.00', amountDue: '98.00' });
  });
});

describe('the uploader when the center goes away in the middle of a pass', () => {
  it('leaves no row in flight: unsent rows go back to pending, and the next pass finishes the job', async () => {
    rig = await startRig({ config: { offline: { maxOutstandingCount: 100, maxOutstandingAmount: '100000.00' } } });
    await rig.sim.setOnline(false);
    for (let i = 0; i < 20; i += 1) expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true });
    await rig.sim.setOnline(true);
    let sends = 0;
    rig.ctx.hooks = {
      beforeSend: () => {
        sends += 1;
        if (sends === 5) void rig!.sim.setOnline(false);
      },
    };
    const pass = await rig.uploader.runPass();
    expect(pass.unreachable).toBe(true);
    expect(pass.settled).toBeGreaterThanOrEqual(3);
    const states = listOutbox(rig.store).map((m) => m.state);
    expect(states).not.toContain('in_flight');
    expect(states.filter((s) => s === 'pending').length).toBeGreaterThan(10);

    rig.ctx.hooks = {};
    await rig.sim.setOnline(true);
    const report = await rig.uploader.drain({ ignoreSchedule: true, sleep: (ms) => rig!.fakeSleep(ms) });
    expect(report.finished).toBe(true);
    expect(listSettlements(rig.store, { states: ['settled'] })).toHaveLength(20);
    expect(rig.sim.ledger().filter((l) => l.state === 'settled')).toHaveLength(20);
  });
});
