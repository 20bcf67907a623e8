import { afterEach, describe, expect, it } from 'vitest';
import { getSettlement } from '../../../db/settlements.js';
import { listOutbox } from '../../../db/outbox.js';
import { listQuarantine } from '../../../db/adjustments.js';
import { settleAtCounter } from '../../../electron/queue/counter.js';
import { reconcileDay } from '../../../electron/queue/reconcile.js';
import { queueStatus } from '../../../electron/queue/status.js';
import { createCenterClient } from '../../../electron/center/client.js';
import { createHttpGateway } from '../../../electron/center/http-gateway.js';
import { demoIdentity, outpatientInput } from '../../support/center/fixtures.js';
import { memoryMsgidSource } from '../../support/center/memory-msgid-source.js';
import { startRig, visitRequest, type Rig } from '../../support/queue/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const drain = (r: Rig) => r.uploader.drain({ ignoreSchedule: true, sleep: (ms) => r.fakeSleep(ms) });

describe('permanent rejection', () => {
  it('puts a queued settlement the center refuses into quarantine with the center’s message, and deletes nothing', async () => {
    rig = await startRig();
    await rig.sim.setOnline(false);
    // The center does not know this person: it will refuse the settlement once it is reachable.
    const r = await settleAtCounter(rig.ctx, visitRequest({ psnNo: '33020000000000000099' }));
    if (!r.ok) throw new Error(r.error.en);
    const good = await settleAtCounter(rig.ctx, visitRequest());
    if (!good.ok) throw new Error(good.error.en);
    await rig.sim.setOnline(true);
    const report = await drain(rig);
    expect(report).toMatchObject({ finished: true, quarantined: 1, settled: 1 });

    expect(getSettlement(rig.store, r.value.settlementId).state).toBe('quarantined');
    expect(listOutbox(rig.store).map((m) => [m.msgid, m.state])).toEqual([
      [r.value.msgid, 'quarantined'],
      [good.value.msgid, 'done'],
    ]);
    const q = listQuarantine(rig.store);
    expect(q).toMatchObject([{ settlement_id: r.value.settlementId, reason: 'center_rejected' }]);
    expect(q[0]?.center_message).toContain('未查询到人员信息');
    const status = queueStatus(rig.store.db, rig.now());
    expect(status.quarantineOpen).toBe(1);
    // A quarantined provisional settlement is still money at risk.
    expect(status.provisional.count).toBe(1);
  });
});

describe('daily reconciliation (3201)', () => {
  it('balances every insutype / clr_type group of the day', async () => {
    rig = await startRig();
    for (const infno of ['2207', '2207', '2102'] as const) {
      const req = visitRequest();
      const pharmacy = infno === '2102';
      const encounter = { ...(req.request.encounter as Record<string, unknown>), med_type: pharmacy ? '41' : '11' };
      const r = await settleAtCounter(rig.ctx, { ...req, infno, request: { ...req.request, encounter } });
      if (!r.ok || r.value.status !== 'settled') throw new Error('not settled');
    }
    const r = await reconcileDay(rig.ctx, '2025-03-01');
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.balanced).toBe(true);
    expect(r.value.groups.map((g) => [g.insutype, g.clr_type, g.setl_optins, g.local.count, g.status])).toEqual([
      ['390', '11', '330200', 2, 'balanced'],
      ['390', '41', '330200', 1, 'balanced'],
    ]);
    expect(r.value.unconfirmed).toBe(0);
  });

  it('lists the mismatch when the center holds a settlement the terminal does not', async () => {
    rig = await startRig();
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    // Someone settled at the center behind the terminal's back (another client, same institution).
    const stranger = createCenterClient({
      gateway: createHttpGateway({ baseUrl: rig.sim.url }),
      msgids: memoryMsgidSource(demoIdentity.fixmedins_code),
      clock: () => new Date(rig!.now().getTime() + 5_000),
      identity: demoIdentity,
    });
    const sign = await stranger.call('9001', { signIn: { opter_no: 'x', mac: 'm', ip: '127.0.0.1' } });
    if (!sign.ok) throw new Error('sign-in');
    const extra = await stranger.call('2207', outpatientInput({ acct_used_flag: '0' }), { insuplc_admdvs: '330200', sign_no: sign.value.signinoutb.sign_no });
    expect(extra.ok).toBe(true);
    stranger.close();

    const rec = await reconcileDay(rig.ctx, '2025-03-01');
    if (!rec.ok) throw new Error(rec.error.en);
    expect(rec.value.balanced).toBe(false);
    const [group] = rec.value.groups;
    expect(group).toMatchObject({ status: 'unbalanced', stmt_rslt: '000103', local: { count: 1 }, center: { count: 2 } });
    expect(group?.description).toContain('fixmedins_setl_cnt');
  });

  it('says which settlements of the day still await the center, and asks about groups the terminal has none of', async () => {
    rig = await startRig();
    await rig.sim.setOnline(false);
    await settleAtCounter(rig.ctx, visitRequest());
    await rig.sim.setOnline(true);
    const rec = await reconcileDay(rig.ctx, '2025-03-01', { groups: [{ insutype: '390', clr_type: '11', setl_optins: '330200' }] });
    if (!rec.ok) throw new Error(rec.error.en);
    expect(rec.value).toMatchObject({ balanced: true, unconfirmed: 1, groups: [{ local: { count: 0 }, status: 'balanced' }] });
  });

  it('says the center is unreachable instead of guessing', async () => {
    rig = await startRig();
    await settleAtCounter(rig.ctx, visitRequest());
    await rig.sim.setOnline(false);
    // The first call may ride a kept-alive socket the center just dropped: an unanswered group.
    const first = await reconcileDay(rig.ctx, '2025-03-01');
    if (first.ok) expect(first.value).toMatchObject({ balanced: false, groups: [{ status: 'unanswered' }] });
    expect(await reconcileDay(rig.ctx, '2025-03-01')).toMatchObject({ ok: false, error: { code: 'CENTER_UNREACHABLE' } });
    expect(await reconcileDay(rig.ctx, '2025-02-30')).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
  });
});
