import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCenterSettlement } from '../../../electron/center/identities.js';
import { readLedgerFile } from '../../../electron/center/sim/index.js';
import { STMT_BALANCED, STMT_UNBALANCED } from '../../../electron/center/tx-reconcile.js';
import type { CenterClient } from '../../../electron/center/client.js';
import { localResident, outpatientInput, pharmacyInput } from '../../support/center/fixtures.js';
import { localEstimate } from '../../support/center/local-estimate.js';
import { errMsg, residentCtx, startHarness, type Harness } from '../../support/center/sim-harness.js';

let h: Harness;
let client: CenterClient;
let signNo: string;

beforeEach(async () => {
  h = await startHarness();
  client = h.client();
  signNo = await h.signIn(client);
});
afterEach(async () => {
  await h.stop();
});

describe('sign-in and person info', () => {
  it('refuses a business transaction without a sign_no from 9001', async () => {
    const r = await client.call('1101', {
      data: { mdtrt_cert_type: '03', mdtrt_cert_no: localResident.card_no },
    });
    expect(r).toMatchObject({ outcome: 'rejected', infcode: -1 });
    expect(errMsg(r)).toContain('9001');
  });

  it('1101 finds the local resident by card number and gives the insured region and balance', async () => {
    const r = await client.call(
      '1101',
      { data: { mdtrt_cert_type: '03', mdtrt_cert_no: localResident.card_no } },
      { sign_no: signNo },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.baseinfo.psn_no).toBe(localResident.psn_no);
    expect(r.value.insuinfo).toEqual([
      expect.objectContaining({
        insutype: '390',
        insuplc_admdvs: '330200',
        balc: '800.00',
        psn_insu_stas: '1',
      }),
    ]);
  });

  it('1101 refuses an unknown card and a card_sn that belongs to another card', async () => {
    const unknown = await client.call(
      '1101',
      { data: { mdtrt_cert_type: '03', mdtrt_cert_no: 'Z99999999' } },
      { sign_no: signNo },
    );
    expect(unknown.outcome).toBe('rejected');
    const wrongSn = await client.call(
      '1101',
      {
        data: {
          mdtrt_cert_type: '03',
          mdtrt_cert_no: localResident.card_no,
          card_sn: '330200D15600000500000000000000A3',
        },
      },
      { sign_no: signNo },
    );
    expect(wrongSn.outcome).toBe('rejected');
  });
});

describe('outpatient settlement 2206 / 2207', () => {
  it('pre-settles without committing, then settles: deductible 300, then 50%, the account pays the rest', async () => {
    const pre = await client.call('2206', outpatientInput(), residentCtx(signNo));
    expect(pre.ok).toBe(true);
    expect(h.sim.ledger()).toHaveLength(0);

    const r = await client.call('2207', outpatientInput(), residentCtx(signNo));
    expect(r.ok).toBe(true);
    if (!r.ok || !pre.ok) return;
    const s = r.value.setlinfo;
    expect(s).toMatchObject({
      medfee_sumamt: '1000.00',
      preselfpay_amt: '20.00',
      inscp_scp_amt: '980.00',
      act_pay_dedc: '300.00',
      hifp_pay: '340.00',
      fund_pay_sumamt: '340.00',
      psn_part_amt: '660.00',
      acct_pay: '660.00',
      psn_cash_pay: '0.00',
      balc: '140.00',
      medins_setl_id: r.msgid,
      clr_type: '11',
      clr_optins: '330200',
    });
    expect(s.setl_id).toMatch(/^S330200/);
    expect(pre.value.setlinfo.setl_id).toBeUndefined();
    expect(pre.value.setlinfo.hifp_pay).toBe('340.00');

    const check = checkCenterSettlement(r.value, {
      acctBalanceBefore: '800.00',
      local: localEstimate(
        outpatientInput(),
        {
          psn_type: 'resident_adult',
          age: 35,
          acct_balance: '800.00',
          insuplc_admdvs: '330200',
          insutype: '390',
        },
        'demo-330200-2025-390',
      ).setlinfo,
    });
    expect(check.violations).toEqual([]);
    expect(check.disagreements).toEqual([]);
    expect(check.consistent).toBe(true);

    const ledger = h.sim.ledger();
    expect(ledger).toEqual([
      expect.objectContaining({
        setl_id: s.setl_id,
        medins_setl_id: r.msgid,
        state: 'settled',
        medfee_sumamt: '1000.00',
        fund_pay_sumamt: '340.00',
        acct_pay: '660.00',
      }),
    ]);
  });

  it("carries this year's accumulators into the next settlement (5206 shows them)", async () => {
    await client.call('2207', outpatientInput(), residentCtx(signNo));
    const second = await client.call('2207', outpatientInput({ acct_used_flag: '0' }), residentCtx(signNo));
    expect(second.ok && second.value.setlinfo).toMatchObject({
      act_pay_dedc: '0.00',
      hifp_pay: '490.00',
      psn_cash_pay: '510.00',
    });
    const cum = await client.call('5206', { data: { psn_no: localResident.psn_no } }, residentCtx(signNo));
    expect(cum.ok && cum.value.cuminfo).toEqual(
      expect.arrayContaining([
        { insutype: '390', year: '2025', cum_type_code: 'deductible_paid', cum: '300.00' },
        { insutype: '390', year: '2025', cum_type_code: 'fund_paid.hifp', cum: '830.00' },
      ]),
    );
  });

  it('refuses an inactive person, and an unfiled cross-province visit; settles a filed one', async () => {
    const input = outpatientInput();
    const inactive = await client.call(
      '2207',
      { ...input, data: { ...input.data, psn_no: '33020000000000000003', mdtrt_cert_no: 'A33020003' } },
      residentCtx(signNo),
    );
    expect(inactive.outcome).toBe('rejected');
    expect(errMsg(inactive)).toContain('参保');

    const inpatient = (psnNo: string, cardNo: string) => ({
      ...input,
      data: {
        ...input.data,
        psn_no: psnNo,
        mdtrt_cert_no: cardNo,
        insutype: '310',
        med_type: '21',
        acct_used_flag: '0' as const,
      },
    });
    const unfiled = await client.call('2207', inpatient('15080000000000000002', 'B15080002'), {
      ...residentCtx(signNo),
      insuplc_admdvs: '150800',
    });
    expect(unfiled.outcome).toBe('rejected');
    expect(errMsg(unfiled)).toMatch(/备案|filing/i);

    const filed = await client.call('2207', inpatient('15080000000000000001', 'B15080001'), {
      ...residentCtx(signNo),
      insuplc_admdvs: '150800',
    });
    expect(filed.ok).toBe(true);
  });

  it('refuses a medfee_sumamt that is not the sum of the lines, and an insured region that is not the person’s', async () => {
    const input = outpatientInput();
    const wrongTotal = await client.call(
      '2207',
      { ...input, data: { ...input.data, medfee_sumamt: '999.99' } },
      residentCtx(signNo),
    );
    expect(wrongTotal.outcome).toBe('rejected');
    const wrongRegion = await client.call('2207', input, {
      ...residentCtx(signNo),
      insuplc_admdvs: '310100',
    });
    expect(wrongRegion.outcome).toBe('rejected');
    expect(h.sim.ledger()).toHaveLength(0);
  });
});

describe('pharmacy settlement 2101 / 2102', () => {
  it('settles at the pharmacy with clr_type 41 and a per-line split', async () => {
    const pre = await client.call('2101', pharmacyInput(), residentCtx(signNo));
    expect(pre.ok).toBe(true);
    const r = await client.call('2102', pharmacyInput(), residentCtx(signNo));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.setlinfo).toMatchObject({ clr_type: '41', hifp_pay: '340.00', medins_setl_id: r.msgid });
    expect(r.value.detlcutinfo).toEqual([
      expect.objectContaining({ feedetl_sn: '1', inscp_scp_amt: '800.00', preselfpay_amt: '0.00' }),
      expect.objectContaining({ feedetl_sn: '2', inscp_scp_amt: '180.00', preselfpay_amt: '20.00' }),
    ]);
    expect(h.sim.ledger()).toEqual([expect.objectContaining({ infno: '2102', clr_type: '41' })]);
  });
});

describe('idempotency by msgid', () => {
  it('answers the same msgid with the same payload with the same stored answer, committing once', async () => {
    const prepared = client.prepare('2207', outpatientInput(), residentCtx(signNo));
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const first = await client.send(prepared.value);
    const again = await client.send(prepared.value);
    const viaOtherClient = await h.client().send(prepared.value);
    expect(first.ok && again.ok && viaOtherClient.ok).toBe(true);
    if (!first.ok || !again.ok || !viaOtherClient.ok) return;
    expect(again.response).toEqual(first.response);
    expect(viaOtherClient.response).toEqual(first.response);
    expect(h.sim.ledger()).toHaveLength(1);
    expect(h.sim.stats().replayed).toBe(2);
  });

  it('refuses a different payload under a used msgid, with a clear err_msg', async () => {
    const first = await client.call('2207', outpatientInput(), residentCtx(signNo));
    expect(first.ok).toBe(true);
    const other = await client.call(
      '2207',
      outpatientInput({ acct_used_flag: '0' }),
      residentCtx(signNo, { msgid: first.msgid }),
    );
    expect(other).toMatchObject({ outcome: 'rejected', infcode: -1 });
    expect(errMsg(other)).toContain('已使用');
    expect(h.sim.ledger()).toHaveLength(1);
  });
});

describe('2601 reversal', () => {
  it('undoes a settlement once; a second reversal is refused', async () => {
    const s = await client.call('2207', outpatientInput(), residentCtx(signNo));
    expect(s.ok).toBe(true);
    const reverse = () =>
      client.call(
        '2601',
        { data: { psn_no: localResident.psn_no, omsgid: s.msgid, oinfno: '2207' } },
        residentCtx(signNo),
      );
    const first = await reverse();
    expect(first.outcome).toBe('ok');
    expect(h.sim.ledger()).toEqual([
      expect.objectContaining({ state: 'reversed', state_msgid: first.msgid }),
    ]);
    const person = await client.call(
      '1101',
      { data: { mdtrt_cert_type: '03', mdtrt_cert_no: localResident.card_no } },
      residentCtx(signNo),
    );
    expect(person.ok && person.value.insuinfo[0]?.balc).toBe('800.00');

    const second = await reverse();
    expect(second.outcome).toBe('rejected');
    expect(errMsg(second)).toContain('已冲正');
  });

  it('refuses to reverse a msgid it never received, and then refuses that message if it arrives late', async () => {
    const late = client.prepare('2207', outpatientInput(), residentCtx(signNo));
    expect(late.ok).toBe(true);
    if (!late.ok) return;
    const r = await client.call(
      '2601',
      { data: { psn_no: localResident.psn_no, omsgid: late.value.msgid, oinfno: '2207' } },
      residentCtx(signNo),
    );
    expect(r.outcome).toBe('rejected');
    expect(errMsg(r)).toContain('不存在');
    const arrival = await client.send(late.value);
    expect(arrival.outcome).toBe('rejected');
    expect(errMsg(arrival)).toContain('冲正');
    expect(h.sim.ledger()).toHaveLength(0);
  });

  it('refuses an infno that cannot be reversed, and a mismatched oinfno', async () => {
    const s = await client.call('2207', outpatientInput(), residentCtx(signNo));
    const notReversible = await client.call(
      '2601',
      { data: { psn_no: localResident.psn_no, omsgid: s.msgid, oinfno: '1101' } },
      residentCtx(signNo),
    );
    expect(notReversible.outcome).toBe('rejected');
    const mismatched = await client.call(
      '2601',
      { data: { psn_no: localResident.psn_no, omsgid: s.msgid, oinfno: '2102' } },
      residentCtx(signNo),
    );
    expect(mismatched.outcome).toBe('rejected');
    expect(h.sim.ledger()).toEqual([expect.objectContaining({ state: 'settled' })]);
  });
});

describe('2208 cancellation', () => {
  it('cancels once with negated amounts; a second cancel is refused; reversing the cancel restores the settlement', async () => {
    const s = await client.call('2207', outpatientInput(), residentCtx(signNo));
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const { setl_id, mdtrt_id } = s.value.setlinfo;
    const cancel = () =>
      client.call(
        '2208',
        { data: { setl_id: setl_id ?? '', mdtrt_id: mdtrt_id ?? '', psn_no: localResident.psn_no } },
        residentCtx(signNo),
      );
    const c = await cancel();
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.setlinfo).toMatchObject({
      medfee_sumamt: '-1000.00',
      hifp_pay: '-340.00',
      acct_pay: '-660.00',
      psn_cash_pay: '0.00',
      balc: '800.00',
    });
    expect(c.value.setlinfo.setl_id).not.toBe(setl_id);
    expect(h.sim.ledger()).toEqual([expect.objectContaining({ state: 'cancelled', state_msgid: c.msgid })]);

    const again = await cancel();
    expect(again.outcome).toBe('rejected');
    expect(errMsg(again)).toContain('已撤销');

    const undo = await client.call(
      '2601',
      { data: { psn_no: localResident.psn_no, omsgid: c.msgid, oinfno: '2208' } },
      residentCtx(signNo),
    );
    expect(undo.outcome).toBe('ok');
    expect(h.sim.ledger()).toEqual([expect.objectContaining({ state: 'settled', state_msgid: null })]);
  });
});

describe('5203 settlement query and 5201 visits', () => {
  it('finds a settlement by msgid and by setl_id with its state, and answers null for an unknown one', async () => {
    const s = await client.call('2207', outpatientInput(), residentCtx(signNo));
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const byMsgid = await client.call(
      '5203',
      { data: { psn_no: localResident.psn_no, medins_setl_id: s.msgid } },
      residentCtx(signNo),
    );
    expect(byMsgid.ok && byMsgid.value.setlinfo).toMatchObject({
      setl_id: s.value.setlinfo.setl_id,
      vali_flag: '1',
      setl_state: 'settled',
      hifp_pay: '340.00',
    });

    await client.call(
      '2601',
      { data: { psn_no: localResident.psn_no, omsgid: s.msgid, oinfno: '2207' } },
      residentCtx(signNo),
    );
    const bySetlId = await client.call(
      '5203',
      { data: { psn_no: localResident.psn_no, setl_id: s.value.setlinfo.setl_id ?? '' } },
      residentCtx(signNo),
    );
    expect(bySetlId.ok && bySetlId.value.setlinfo).toMatchObject({ vali_flag: '0', setl_state: 'reversed' });

    const none = await client.call(
      '5203',
      { data: { psn_no: localResident.psn_no, medins_setl_id: 'H33020000001202503011000009999' } },
      residentCtx(signNo),
    );
    expect(none.ok && none.value.setlinfo).toBeNull();

    const visits = await client.call('5201', { data: { psn_no: localResident.psn_no } }, residentCtx(signNo));
    expect(visits.ok && visits.value.mdtrtinfo).toEqual([
      expect.objectContaining({ mdtrt_id: s.value.setlinfo.mdtrt_id, vali_flag: '0' }),
    ]);
  });
});

describe('3201 daily totals', () => {
  async function settleTwoAndReverseOne() {
    await client.call('2207', outpatientInput(), residentCtx(signNo));
    await client.call('2207', outpatientInput({ acct_used_flag: '0' }), residentCtx(signNo));
    const third = await client.call('2207', outpatientInput({ acct_used_flag: '0' }), residentCtx(signNo));
    await client.call(
      '2601',
      { data: { psn_no: localResident.psn_no, omsgid: third.msgid, oinfno: '2207' } },
      residentCtx(signNo),
    );
  }
  const totals = (
    over: Partial<{
      medfee_sumamt: string;
      fund_pay_sumamt: string;
      acct_pay: string;
      fixmedins_setl_cnt: number;
    }> = {},
  ) => ({
    data: {
      insutype: '390',
      clr_type: '11',
      setl_optins: '330200',
      stmt_begndate: '2025-03-01',
      stmt_enddate: '2025-03-01',
      medfee_sumamt: '2000.00',
      fund_pay_sumamt: '830.00',
      acct_pay: '660.00',
      fixmedins_setl_cnt: 2,
      ...over,
    },
  });

  it('balances when the terminal sends the same totals as the ledger (reversed settlements excluded)', async () => {
    await settleTwoAndReverseOne();
    const r = await client.call('3201', totals(), residentCtx(signNo));
    expect(r.ok && r.value.stmtinfo).toMatchObject({ stmt_rslt: STMT_BALANCED, setl_optins: '330200' });
  });

  it('reports unbalanced totals, naming the fields that differ', async () => {
    await settleTwoAndReverseOne();
    const r = await client.call(
      '3201',
      totals({ fund_pay_sumamt: '1320.00', fixmedins_setl_cnt: 3 }),
      residentCtx(signNo),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.stmtinfo.stmt_rslt).toBe(STMT_UNBALANCED);
    expect(r.value.stmtinfo.stmt_rslt_dscr).toContain('fund_pay_sumamt');
    expect(r.value.stmtinfo.stmt_rslt_dscr).toContain('fixmedins_setl_cnt');
    expect(r.value.stmt_totals).toMatchObject({ fund_pay_sumamt: '830.00', fixmedins_setl_cnt: 2 });
  });

  it('counts only the asked insutype, clr_type and dates', async () => {
    await settleTwoAndReverseOne();
    const pharmacy = await client.call(
      '3201',
      totals({ medfee_sumamt: '0.00', fund_pay_sumamt: '0.00', acct_pay: '0.00', fixmedins_setl_cnt: 0 }),
      residentCtx(signNo),
    );
    expect(pharmacy.ok && pharmacy.value.stmtinfo.stmt_rslt).toBe(STMT_UNBALANCED);
    const otherDay = await client.call(
      '3201',
      {
        data: {
          ...totals({
            medfee_sumamt: '0.00',
            fund_pay_sumamt: '0.00',
            acct_pay: '0.00',
            fixmedins_setl_cnt: 0,
          }).data,
          stmt_begndate: '2025-03-02',
          stmt_enddate: '2025-03-02',
        },
      },
      residentCtx(signNo),
    );
    expect(otherDay.ok && otherDay.value.stmtinfo.stmt_rslt).toBe(STMT_BALANCED);
  });
});

describe('the ledger a test can read', () => {
  it('is the same through the handle, the control endpoint and the SQLite file', async () => {
    await client.call('2207', outpatientInput(), residentCtx(signNo));
    await client.call('2102', pharmacyInput(), residentCtx(signNo));
    const viaHandle = h.sim.ledger();
    const viaControl: unknown = await (await fetch(new URL('ledger', h.sim.controlUrl))).json();
    const viaFile = readLedgerFile(h.sim.dbPath);
    expect(viaHandle).toHaveLength(2);
    expect(viaControl).toEqual(viaHandle);
    expect(viaFile).toEqual(viaHandle);
    const onlyPharmacy: unknown = await (await fetch(new URL('ledger?clr_type=41', h.sim.controlUrl))).json();
    expect(onlyPharmacy).toEqual([viaHandle[1]]);
  });
});
