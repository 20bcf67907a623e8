import { afterEach, describe, expect, it } from 'vitest';
import { getSettlement, listSettlements } from '../../../db/settlements.js';
import { getOutboxMessage, listOutbox, markOutboxInFlight } from '../../../db/outbox.js';
import { settleAtCounter } from '../../../electron/queue/counter.js';
import { prepareStored } from '../../../electron/queue/transmit.js';
import { readPayload } from '../../../electron/queue/payload.js';
import { startRig, visitRequest, type Rig } from '../../support/queue/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const drain = (r: Rig) => r.uploader.drain({ ignoreSchedule: true, sleep: (ms) => r.fakeSleep(ms) });

/** Local outbox rows as [infno, state]. */
const rows = (r: Rig) => listOutbox(r.store).map((m) => [m.infno, m.state]);

describe('unknown outcomes: never resent under a new msgid before 5203 and 2601', () => {
  it('a center that never answers: provisional receipt, then 5203 finds nothing, 2601 kills the msgid, a new msgid settles', async () => {
    rig = await startRig({ faults: 'timeout=1,only=2207', timeoutMs: 200 });
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.status).toBe('provisional');
    expect(r.value.notice?.zh).toContain('未及时应答');
    expect(rows(rig)).toEqual([['2207', 'unknown']]);

    await rig.setFaults('');
    const report = await drain(rig);
    expect(report).toMatchObject({ finished: true, queried: 2, resubmitted: 1, settled: 1 });
    // The 2601 was refused (the center never received the msgid) and the msgid is now dead there.
    expect(rows(rig)).toEqual([
      ['2207', 'rejected'],
      ['2601', 'rejected'],
      ['2207', 'done'],
    ]);
    const s = getSettlement(rig.store, r.value.settlementId);
    expect(s.msgid).not.toBe(r.value.msgid);
    expect(rig.sim.ledger()).toEqual([expect.objectContaining({ medins_setl_id: s.msgid, state: 'settled' })]);
  });

  it('commit then lose the answer: 5203 finds the settlement and it is recorded, never paid twice', async () => {
    rig = await startRig({ faults: 'commit-lose=1,only=2207' });
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.status).toBe('provisional');
    await rig.setFaults('');
    const report = await drain(rig);
    expect(report).toMatchObject({ finished: true, queried: 1, settled: 1, resubmitted: 0, reversals: 0 });
    expect(rows(rig)).toEqual([['2207', 'done']]);
    expect(rig.sim.ledger()).toEqual([expect.objectContaining({ medins_setl_id: r.value.msgid, state: 'settled' })]);
    expect(getSettlement(rig.store, r.value.settlementId)).toMatchObject({ state: 'settled', msgid: r.value.msgid });
  });

  it('a late arrival after the 2601 is refused by the center: one settlement in the end', async () => {
    rig = await startRig({ faults: 'latency=700,only=2207', timeoutMs: 200 });
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    await rig.setFaults('');
    // The 2207 still waits inside the center; 5203 finds nothing; the 2601 tombstones the msgid.
    await drain(rig);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const ledger = rig.sim.ledger();
    expect(ledger.filter((l) => l.state === 'settled')).toHaveLength(1);
    expect(ledger.map((l) => l.medins_setl_id)).not.toContain(r.value.msgid);
  });

  it('a 5xx on the settlement: unknown, resolved the same way', async () => {
    rig = await startRig({ faults: '5xx=1,only=2207' });
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.status).toBe('provisional');
    await rig.setFaults('');
    await drain(rig);
    expect(rig.sim.ledger().filter((l) => l.state === 'settled')).toHaveLength(1);
    expect(listSettlements(rig.store, { states: ['settled'] })).toHaveLength(1);
  });

  it('5xx on the query itself: the item backs off and is resolved once the center answers', async () => {
    rig = await startRig({ faults: 'commit-lose=1,only=2207' });
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    await rig.setFaults('5xx=1,only=5203');
    const first = await rig.uploader.runPass();
    expect(first).toMatchObject({ queried: 1, settled: 0, remaining: 1, waiting: 1 });
    // Backing off: an immediate second pass leaves it alone.
    expect(await rig.uploader.runPass()).toMatchObject({ queried: 0 });
    await rig.setFaults('');
    const report = await rig.uploader.drain({ sleep: (ms) => rig!.fakeSleep(ms) });
    expect(report).toMatchObject({ finished: true, settled: 1 });
    expect(rig.sim.ledger()).toHaveLength(1);
  });

  it('duplicated answers on a kept-alive connection are never taken for the next message’s answer', async () => {
    rig = await startRig({ faults: 'dup=1' });
    const receipts = [];
    for (let i = 0; i < 4; i += 1) {
      const r = await settleAtCounter(rig.ctx, visitRequest());
      if (!r.ok) throw new Error(r.error.en);
      receipts.push(r.value);
    }
    await rig.setFaults('');
    await drain(rig);
    const settled = listSettlements(rig.store, { states: ['settled'] });
    expect(settled).toHaveLength(4);
    const live = rig.sim.ledger().filter((l) => l.state === 'settled');
    expect(live.map((l) => l.medins_setl_id).sort()).toEqual(settled.map((s) => s.msgid).sort());
  });

  it('outcome unknown beyond the offline limits: self-pay, and the message is reversed, not resubmitted', async () => {
    rig = await startRig({ faults: 'commit-lose=1,only=2207', config: { offline: { maxOutstandingCount: 0 } } });
    const r = await settleAtCounter(rig.ctx, visitRequest());
    expect(r).toMatchObject({ ok: false, error: { code: 'OUTCOME_UNKNOWN_SELF_PAY' } });
    expect(rows(rig)).toEqual([
      ['2207', 'unknown'],
      ['2601', 'pending'],
    ]);
    await rig.setFaults('');
    const report = await drain(rig);
    expect(report).toMatchObject({ finished: true, reversals: 1, cancelled: 1, resubmitted: 0 });
    expect(rows(rig)).toEqual([
      ['2207', 'reversed'],
      ['2601', 'done'],
    ]);
    expect(rig.sim.ledger()).toEqual([expect.objectContaining({ state: 'reversed' })]);
    expect(listSettlements(rig.store, { states: ['reversed'] })).toHaveLength(1);
  });
});

describe('restart recovery of messages left in flight', () => {
  async function leftInFlight(r: Rig, reachCenter: boolean): Promise<{ settlementId: number; msgid: string }> {
    const req = visitRequest();
    // What a killed terminal leaves: the settlement and its message committed, the message in flight.
    const online = await settleAtCounter({ ...r.ctx, connectivity: { note: () => undefined, presumedDown: () => true, downSince: () => null } }, req);
    if (!online.ok) throw new Error(online.error.en);
    const row = getOutboxMessage(r.store, listOutbox(r.store).at(-1)!.id);
    markOutboxInFlight(r.store, row.id, 'crashed', r.now());
    if (reachCenter) {
      const sign = await r.ctx.session.signNo();
      if (!sign.ok) throw new Error('sign-in');
      const stored = readPayload(row)!;
      const prepared = prepareStored(r.ctx.client, '2207', stored.input, { msgid: row.msgid, insuplc_admdvs: stored.insuplc_admdvs, sign_no: sign.signNo });
      if (!prepared.ok) throw new Error(prepared.error.en);
      expect((await r.ctx.client.send(prepared.value)).outcome).toBe('ok');
    }
    return { settlementId: online.value.settlementId, msgid: row.msgid };
  }

  it('recovers in_flight as unknown; the center had it: recorded under the same msgid', async () => {
    rig = await startRig();
    const { settlementId, msgid } = await leftInFlight(rig, true);
    const restarted = rig.restart();
    expect(restarted.uploader.recover()).toHaveLength(1);
    expect(rows(rig)).toEqual([['2207', 'unknown']]);
    await restarted.uploader.drain({ sleep: (ms) => rig!.fakeSleep(ms) });
    expect(getSettlement(rig.store, settlementId)).toMatchObject({ state: 'settled', msgid });
    expect(rig.sim.ledger()).toHaveLength(1);
  });

  it('recovers in_flight as unknown; the center never had it: reversed, then a new msgid settles once', async () => {
    rig = await startRig();
    const { settlementId, msgid } = await leftInFlight(rig, false);
    const restarted = rig.restart();
    restarted.uploader.recover();
    await restarted.uploader.drain({ sleep: (ms) => rig!.fakeSleep(ms) });
    const s = getSettlement(rig.store, settlementId);
    expect(s.state).toBe('settled');
    expect(s.msgid).not.toBe(msgid);
    expect(rig.sim.ledger()).toEqual([expect.objectContaining({ medins_setl_id: s.msgid })]);
  });
});
