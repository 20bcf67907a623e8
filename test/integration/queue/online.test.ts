import { afterEach, describe, expect, it } from 'vitest';
import { getSettlement, listSettlements } from '../../../db/settlements.js';
import { listOutbox } from '../../../db/outbox.js';
import { listAdjustments } from '../../../db/adjustments.js';
import { verifyAuditChain } from '../../../db/audit.js';
import { settleAtCounter } from '../../../electron/queue/counter.js';
import { queueStatus } from '../../../electron/queue/status.js';
import { startRig, visitRequest, type Rig } from '../../support/queue/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('online first: the center settles at the counter', () => {
  it('pre-settles, settles under the msgid written beforehand, and records the center’s answer as final', async () => {
    rig = await startRig();
    const r = await settleAtCounter(rig.ctx, visitRequest());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const receipt = r.value;
    expect(receipt).toMatchObject({ status: 'settled', source: 'center', title: { zh: '医保结算' }, notice: null });
    // 1000.00: 980.00 in scope, 300 deductible, 50% of 680 = 340.00 from the fund.
    expect(receipt.amounts).toEqual({ medfee_sumamt: '1000.00', fund_pay_sumamt: '340.00', acct_pay: '0.00', psn_cash_pay: '660.00' });
    expect(receipt.check?.consistent).toBe(true);
    expect(receipt.preSettleCheck?.consistent).toBe(true);

    const ledger = rig.sim.ledger();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ medins_setl_id: receipt.msgid, state: 'settled', fund_pay_sumamt: '340.00' });
    const local = getSettlement(rig.store, receipt.settlementId);
    expect(local).toMatchObject({ state: 'settled', provisional: 0, msgid: receipt.msgid, setl_id: ledger[0]?.setl_id, center_fund_pay_sumamt: 34000 });
    expect(listOutbox(rig.store).map((m) => [m.msgid, m.state])).toEqual([[receipt.msgid, 'done']]);
    expect(listAdjustments(rig.store)).toEqual([]);
    expect(verifyAuditChain(rig.store.db)).toMatchObject({ ok: true });
  });

  it('takes the center’s figures when they differ from the estimate, and flags the disagreement', async () => {
    rig = await startRig({ faults: 'drift=0.1' });
    const r = await settleAtCounter(rig.ctx, visitRequest());
    if (!r.ok) throw new Error(r.error.en);
    // The center pays 60% instead of 50%: 408.00.
    expect(r.value.amounts.fund_pay_sumamt).toBe('408.00');
    expect(r.value.check?.disagreements).toContainEqual({ field: 'fund_pay_sumamt', center: '408.00', local: '340.00', diff: '68.00' });
    expect(r.value.preSettleCheck?.consistent).toBe(false);
    // An online settlement charged the center's figures: nothing to adjust, but the flag is counted.
    expect(listAdjustments(rig.store)).toEqual([]);
    expect(queueStatus(rig.store.db, rig.now()).flagged).toBe(1);
  });

  it('refuses what the center refuses, and keeps nothing pending', async () => {
    rig = await startRig();
    const r = await settleAtCounter(rig.ctx, visitRequest({ psnNo: '33020000000000000099' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'CENTER_REFUSED' } });
    if (r.ok) return;
    expect(r.error.zh).toContain('未查询到人员信息');
    expect(rig.sim.ledger()).toEqual([]);
  });

  it('refuses without pre-settlement too: the settlement is written, refused and cancelled', async () => {
    rig = await startRig({ config: { preSettleOnline: false } });
    const r = await settleAtCounter(rig.ctx, visitRequest({ psnNo: '33020000000000000099' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'CENTER_REFUSED' } });
    expect(listSettlements(rig.store, { states: ['cancelled'] })).toHaveLength(1);
    expect(listOutbox(rig.store).map((m) => m.state)).toEqual(['rejected']);
  });

  it('says plainly when insurance does not cover the visit, before anything is sent', async () => {
    rig = await startRig();
    const req = visitRequest();
    const person = { ...(req.request.person as Record<string, unknown>), psn_insu_stas: '2' };
    const r = await settleAtCounter(rig.ctx, { ...req, request: { ...req.request, person } });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_COVERED' } });
    if (r.ok) return;
    expect(r.error.zh).toContain('自费');
    expect(rig.sim.stats().requests).toBe(0);
  });

  it('signs in again when the center no longer knows the sign-in, for the pre-settlement and the settlement', async () => {
    rig = await startRig();
    const real = rig.ctx.session;
    let stale = 0;
    // While `stale` > 0 the session hands out a sign_no the center does not know (a lapsed sign-in).
    rig.ctx.session = {
      signNo: async () => (stale-- > 0 ? { ok: true, signNo: 'SN-LAPSED' } : real.signNo()),
      invalidate: () => {
        real.invalidate();
      },
    };
    stale = 1;
    expect(await settleAtCounter(rig.ctx, visitRequest())).toMatchObject({ ok: true, value: { status: 'settled' } });
    stale = 1;
    const noPre = { ...rig.ctx, config: { ...rig.ctx.config, preSettleOnline: false } };
    expect(await settleAtCounter(noPre, visitRequest())).toMatchObject({ ok: true, value: { status: 'settled' } });
    expect(rig.sim.ledger()).toHaveLength(2);
  });
});
