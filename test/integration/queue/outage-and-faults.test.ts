import { afterEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../../db/outbox.js';
import { listSettlements } from '../../../db/settlements.js';
import { settleAtCounter } from '../../../electron/queue/counter.js';
import { queueStatus } from '../../../electron/queue/status.js';
import { compareLedgers } from '../../../electron/queue/chaos/compare-ledgers.js';
import { reconcileDay } from '../../../electron/queue/reconcile.js';
import { demoIdentity } from '../../support/center/fixtures.js';
import { startRig, visitRequest, type Rig } from '../../support/queue/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Compares the rig's ledgers and fails with the problems listed. */
function expectLedgersAgree(r: Rig): void {
  const c = compareLedgers(r.store.db, r.sim.ledger(), demoIdentity.fixmedins_code);
  expect(c.problems).toEqual([]);
  expect([c.lost, c.duplicated, c.mismatched]).toEqual([0, 0, 0]);
}

describe('an outage of many hours (injected clock)', () => {
  it('keeps settling provisionally, backs off, stops at the age limit, and uploads everything once the center returns', async () => {
    rig = await startRig({ config: { offline: { maxOutstandingCount: 500, maxOutstandingAmount: '1000000.00' }, backoff: { baseMs: 1_000, maxMs: 10 * MINUTE } } });
    // Signed in and settling online, then the center goes away.
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true, value: { status: 'settled' } });
    await rig.sim.setOnline(false);
    const accepted: number[] = [];
    let refusedAt: number | null = null;
    // A patient every 30 minutes, the uploader trying every 5 minutes, for 80 hours.
    for (let minute = 0; minute < 80 * 60; minute += 5) {
      if (minute % 30 === 0) {
        const r = await settleAtCounter(rig.ctx, visitRequest());
        if (r.ok) accepted.push(r.value.settlementId);
        else {
          expect(r.error.code).toBe('OFFLINE_LIMIT_AGE');
          refusedAt ??= minute;
        }
      }
      const pass = await rig.uploader.runPass();
      expect(pass.settled).toBe(0);
      rig.advance(5 * MINUTE);
    }
    // Refused from the first patient after 72 hours on, never before.
    expect(refusedAt).not.toBeNull();
    expect(refusedAt! / 60).toBeGreaterThan(72);
    expect(refusedAt! / 60).toBeLessThanOrEqual(72.5);
    expect(accepted).toHaveLength(145);
    // The head of the queue was tried with growing, capped delays — not every 5 minutes for 80 hours.
    const head = listOutbox(rig.store)[1]!;
    expect(head.attempts).toBeGreaterThan(5);
    expect(head.attempts).toBeLessThan(80 * 60 / 5);
    const before = queueStatus(rig.store.db, rig.now());
    expect(before.provisional.count).toBe(145);
    expect(before.provisional.oldestAgeHours).toBeGreaterThan(79);

    await rig.sim.setOnline(true);
    const report = await rig.uploader.drain({ sleep: (ms) => rig!.fakeSleep(ms), deadlineMs: 2 * HOUR });
    expect(report).toMatchObject({ finished: true, settled: 145 });
    expect(listSettlements(rig.store, { states: ['settled'] })).toHaveLength(146);
    expect(queueStatus(rig.store.db, rig.now()).provisional.count).toBe(0);
    expectLedgersAgree(rig);
    // The center settled them when they arrived: today, by its clock.
    const day = rig.sim.ledger()[0]!.setl_date;
    const rec = await reconcileDay(rig.ctx, day);
    expect(rec).toMatchObject({ ok: true, value: { balanced: true } });
  });
});

describe('each fault alone and mixed: the queue ends with one settlement per settlement', () => {
  const cases: [string, string, number][] = [
    ['5xx', '5xx=0.4', 2_000],
    ['dropped connections', 'drop=0.4', 2_000],
    ['no answer (timeouts)', 'timeout=0.3', 150],
    ['commit then lose the answer', 'commit-lose=0.4', 2_000],
    ['duplicated answers', 'dup=0.4', 2_000],
    ['slow answers beyond the timeout', 'latency=0-300', 150],
    ['drift between center and terminal', 'drift=0.05', 2_000],
    ['all at once', 'latency=0-40,5xx=0.1,drop=0.1,timeout=0.1,commit-lose=0.1,dup=0.1,drift=0.02', 150],
  ];
  for (const [name, spec, timeoutMs] of cases) {
    it(name, async () => {
      rig = await startRig({ faults: `${spec},seed=11`, timeoutMs, config: { offline: { maxPerSettlement: '2000.00', maxOutstandingCount: 100, maxOutstandingAmount: '100000.00' } } });
      let receipts = 0;
      for (let i = 0; i < 12; i += 1) {
        // Every fourth patient arrives while the center is down.
        if (i % 4 === 3) await rig.sim.setOnline(false);
        const r = await settleAtCounter(rig.ctx, visitRequest({ acct: i % 2 === 0 ? '1' : '0' }));
        if (r.ok) receipts += 1;
        if (i % 4 === 3) await rig.sim.setOnline(true);
        rig.advance(40_000);
        await rig.uploader.runPass();
      }
      expect(receipts).toBeGreaterThan(8);
      await rig.setFaults('');
      const report = await rig.uploader.drain({ sleep: (ms) => rig!.fakeSleep(ms) });
      expect(report.finished).toBe(true);
      expect(report.quarantined).toBe(0);
      expectLedgersAgree(rig);
    });
  }
});
