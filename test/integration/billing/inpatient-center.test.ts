/**
 * Inpatient discharge settlement through the queue and the real simulator over HTTP: 2304 with
 * the first and the second admission's deductible, 2305 cancellation, and a 2304 whose outcome is
 * unknown beyond the offline limits reversed by 2601 (oinfno 2304).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getSettlement } from '../../../db/settlements.js';
import { listOutbox } from '../../../db/outbox.js';
import { settleAtCounter } from '../../../electron/queue/counter.js';
import { reconcileDay } from '../../../electron/queue/reconcile.js';
import type { CounterRequest } from '../../../electron/queue/counter.js';
import { residentCtx } from '../../support/center/sim-harness.js';
import { RESIDENT, startRig, visitRequest, type Rig } from '../../support/queue/rig.js';
import { demoIdentity } from '../../support/center/fixtures.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/**
 * A discharge of the local resident (demo pack: level-3 local inpatient, deductible 1200.00 for
 * the year's first admission, 600.00 after, 68% to 20,000): 7 bed days at 40.00 (class A) and an
 * operation of 2800.00 (class B, 10% self-pay first): in scope 280.00 + 2520.00 = 2800.00.
 */
function dischargeRequest(admissions: number, adm = '2025-02-20'): CounterRequest {
  return {
    infno: '2304',
    actor: 'billing-01',
    certificate: { mdtrt_cert_type: '03', mdtrt_cert_no: 'A33020001' },
    person: { psn_name: '张三', certno: '330200199001010011' },
    begntime: `${adm} 00:00:00`,
    stay: { dscg_time: '2025-03-01 10:00:00', dise_codg: 'K35.800', dise_name: '急性阑尾炎', adm_dept_name: '普外科' },
    request: {
      policyRef: 'demo-330200-2025-390',
      person: { ...RESIDENT, ytd: { admissions } },
      encounter: { med_type: '21', mdtrtarea_admvs: '330200', fixmedins_code: demoIdentity.fixmedins_code, hosp_lv: '3', date: adm, acct_used_flag: '0' },
      items: [
        { feedetl_sn: '1', med_list_codg: '120100001', name: '住院床位费', pric: '40.00', cnt: '7', chrgitm_lv: '01', selfpay_prop: '0' },
        { feedetl_sn: '2', med_list_codg: '331003004', name: '腹腔镜阑尾切除术', pric: '2800.00', cnt: '1', chrgitm_lv: '02', selfpay_prop: '0.10' },
      ],
    },
  };
}

const signNo = async (r: Rig): Promise<string> => {
  const s = await r.ctx.session.signNo();
  if (!s.ok) throw new Error('no sign-in');
  return s.signNo;
};

describe('2304 discharge settlement at the simulated center', () => {
  it('settles the first admission with the 1200.00 deductible and the second with 600.00, as the center counts admissions', async () => {
    rig = await startRig({ config: { preSettleOnline: true } });
    const first = await settleAtCounter(rig.ctx, dischargeRequest(0));
    if (!first.ok) throw new Error(first.error.en);
    expect(first.value).toMatchObject({ status: 'settled', infno: '2304', source: 'center' });
    // (2800.00 − 1200.00) × 68% = 1088.00; the patient pays 3080.00 − 1088.00.
    expect(first.value.amounts).toEqual({ medfee_sumamt: '3080.00', fund_pay_sumamt: '1088.00', acct_pay: '0.00', psn_cash_pay: '1992.00' });
    expect(first.value.check?.disagreements ?? []).toEqual([]);

    const second = await settleAtCounter(rig.ctx, dischargeRequest(1, '2025-02-25'));
    if (!second.ok) throw new Error(second.error.en);
    // (2800.00 − 600.00) × 68% = 1496.00: the center's own count agreed with the terminal's (no disagreement).
    expect(second.value.amounts).toMatchObject({ fund_pay_sumamt: '1496.00', psn_cash_pay: '1584.00' });
    expect(second.value.check?.disagreements ?? []).toEqual([]);

    const ledger = rig.sim.ledger();
    expect(ledger.map((l) => [l.infno, l.med_type, l.clr_type, l.state])).toEqual([
      ['2304', '21', '21', 'settled'],
      ['2304', '21', '21', 'settled'],
    ]);
    expect(listOutbox(rig.store).map((m) => [m.infno, m.state])).toEqual([
      ['2304', 'done'],
      ['2304', 'done'],
    ]);
    // 3201: the day's discharges reconcile as their own clr_type group (21), balanced.
    const rec = await reconcileDay(rig.ctx, '2025-03-01');
    if (!rec.ok) throw new Error(rec.error.en);
    expect(rec.value.balanced).toBe(true);
    expect(rec.value.groups.map((g) => [g.clr_type, g.local.count, g.local.fund_pay_sumamt, g.status])).toEqual([['21', 2, '2584.00', 'balanced']]);
  });

  it('the center disagrees when the terminal thinks it is the first admission but the center knows better', async () => {
    rig = await startRig();
    const first = await settleAtCounter(rig.ctx, dischargeRequest(0));
    if (!first.ok) throw new Error(first.error.en);
    const again = await settleAtCounter(rig.ctx, dischargeRequest(0, '2025-02-25'));
    if (!again.ok) throw new Error(again.error.en);
    // The center's figures are final: the second admission's deductible, flagged against the estimate.
    expect(again.value.amounts.fund_pay_sumamt).toBe('1496.00');
    expect(again.value.check?.disagreements.length ?? 0).toBeGreaterThan(0);
  });

  it('2305 cancels a discharge settlement and gives the admission back; 2208 and 2305 refuse each other’s settlements', async () => {
    rig = await startRig();
    const settled = await settleAtCounter(rig.ctx, dischargeRequest(0));
    if (!settled.ok) throw new Error(settled.error.en);
    const outpatient = await settleAtCounter(rig.ctx, visitRequest());
    if (!outpatient.ok) throw new Error(outpatient.error.en);
    const [stay, visit] = rig.sim.ledger();
    if (!stay || !visit) throw new Error('two settlements expected');
    const sign = await signNo(rig);

    const wrong = await rig.ctx.client.call('2208', { data: { setl_id: stay.setl_id, mdtrt_id: stay.mdtrt_id, psn_no: stay.psn_no } }, residentCtx(sign));
    expect(wrong.outcome).toBe('rejected');
    const wrong2 = await rig.ctx.client.call('2305', { data: { setl_id: visit.setl_id, mdtrt_id: visit.mdtrt_id, psn_no: visit.psn_no } }, residentCtx(sign));
    expect(wrong2.outcome).toBe('rejected');

    const cancel = await rig.ctx.client.call('2305', { data: { setl_id: stay.setl_id, mdtrt_id: stay.mdtrt_id, psn_no: stay.psn_no } }, residentCtx(sign));
    if (!cancel.ok) throw new Error(JSON.stringify(cancel));
    expect(cancel.value.setlinfo.fund_pay_sumamt).toBe('-1088.00');
    expect(rig.sim.ledger({ state: 'cancelled' }).map((l) => l.setl_id)).toEqual([stay.setl_id]);

    // The admission was given back: the next discharge is the year's first again (1200.00).
    const next = await settleAtCounter(rig.ctx, dischargeRequest(0, '2025-02-25'));
    if (!next.ok) throw new Error(next.error.en);
    expect(next.value.amounts.fund_pay_sumamt).toBe('1088.00');
    expect(next.value.check?.disagreements ?? []).toEqual([]);
  });

  it('refuses a 2304 with an outpatient med_type, and a discharge before the admission', async () => {
    rig = await startRig();
    const outpatientType = dischargeRequest(0);
    const enc = (outpatientType.request.encounter ?? {}) as Record<string, unknown>;
    outpatientType.request = { ...outpatientType.request, encounter: { ...enc, med_type: '11' } };
    const r = await settleAtCounter(rig.ctx, outpatientType);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`${r.error.code} ${r.error.en}`).toMatch(/CENTER_REFUSED.*not an inpatient type/);

    const early = { ...dischargeRequest(0), stay: { dscg_time: '2025-02-01 10:00:00' } };
    const e = await settleAtCounter(rig.ctx, early);
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.error.en).toContain('discharge time is before the admission');
    expect(rig.sim.ledger()).toEqual([]);
  });
});

describe('a 2304 whose outcome is unknown', () => {
  it('beyond the offline limits: the patient is told so, the 2304 is reversed by 2601 with oinfno 2304, nothing stays settled', async () => {
    // The center commits the settlement and the answer is lost; 50.00 per settlement is far below a discharge.
    rig = await startRig({ faults: 'commit-lose=1,only=2304', config: { offline: { maxPerSettlement: '50.00' } } });
    const r = await settleAtCounter(rig.ctx, dischargeRequest(0));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('OUTCOME_UNKNOWN_SELF_PAY');
    expect(rig.sim.ledger().map((l) => l.state)).toEqual(['settled']);

    await rig.setFaults('');
    await rig.uploader.drain({ ignoreSchedule: true, sleep: (ms) => rig?.fakeSleep(ms) ?? Promise.resolve() });
    const rows = listOutbox(rig.store).map((m) => [m.infno, m.state]);
    expect(rows).toEqual([
      ['2304', 'reversed'],
      ['2601', 'done'],
    ]);
    const reversal = listOutbox(rig.store).find((m) => m.infno === '2601');
    expect(reversal?.payload).toMatchObject({ input: { data: { oinfno: '2304' } } });
    expect(rig.sim.ledger().map((l) => [l.infno, l.state])).toEqual([['2304', 'reversed']]);
    const msgid = (r.error.details as { msgid?: string } | undefined)?.msgid;
    expect(msgid).toBeDefined();
  });

  it('within the limits: a provisional receipt, then 5203 finds the committed 2304 and it is recorded', async () => {
    rig = await startRig({ faults: 'commit-lose=1,only=2304', config: { offline: { maxPerSettlement: '5000.00' } } });
    const r = await settleAtCounter(rig.ctx, dischargeRequest(0));
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.status).toBe('provisional');
    await rig.setFaults('');
    const report = await rig.uploader.drain({ ignoreSchedule: true, sleep: (ms) => rig?.fakeSleep(ms) ?? Promise.resolve() });
    expect(report).toMatchObject({ finished: true, queried: 1, settled: 1 });
    expect(getSettlement(rig.store, r.value.settlementId)).toMatchObject({ state: 'settled', infno: '2304' });
  });
});
