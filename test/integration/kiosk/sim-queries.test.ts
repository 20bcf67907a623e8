/**
 * The simulator's queries agree with what it settled: 5206 (engine names and national codes),
 * 5201 visits and 5203 splits, after two settlements and a cancellation; and the terminal's
 * reading of 5206 (ytdFromCumulative) gives the engine's year-to-date figures back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CenterClient } from '../../../electron/center/client.js';
import { ytdFromCumulative } from '../../../electron/service/enrolment.js';
import { localResident, outpatientInput } from '../../support/center/fixtures.js';
import { residentCtx, startHarness, type Harness } from '../../support/center/sim-harness.js';

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

const cents = (v: string): number => Number.parseInt(v.replace('.', ''), 10);

describe('5206 / 5201 / 5203 after settlements and a cancellation', () => {
  it('answers what the ledger holds for the person this year', async () => {
    const a = await client.call('2207', outpatientInput(), residentCtx(signNo));
    const b = await client.call('2207', outpatientInput({ acct_used_flag: '0' }), residentCtx(signNo));
    if (!a.ok || !b.ok) throw new Error('settlement refused');
    // Cancel the first: its fund payment leaves the accumulators again.
    const { setl_id, mdtrt_id } = a.value.setlinfo;
    const c = await client.call('2208', { data: { setl_id: setl_id ?? '', mdtrt_id: mdtrt_id ?? '', psn_no: localResident.psn_no } }, residentCtx(signNo));
    expect(c.ok).toBe(true);

    const settled = h.sim.ledger().filter((r) => r.psn_no === localResident.psn_no && r.state === 'settled');
    expect(settled).toHaveLength(1);
    const fundTotal = settled.reduce((acc, r) => acc + cents(r.fund_pay_sumamt), 0);

    const cum = await client.call('5206', { data: { psn_no: localResident.psn_no, cum_ym: '202501' } }, residentCtx(signNo));
    if (!cum.ok) throw new Error('5206 refused');
    const byCode = new Map(cum.value.cuminfo.map((r) => [r.cum_type_code, r.cum]));
    expect(cents(byCode.get('fund_paid.hifp') ?? 'x')).toBe(fundTotal);
    expect(byCode.get('D390101')).toBe(byCode.get('fund_paid.hifp'));
    expect(byCode.get('Q0000')).toBe(byCode.get('deductible_paid'));
    // Read with the national codes only, the terminal gets the same year-to-date figures.
    const national = cum.value.cuminfo.filter((r) => /^[DQ]/.test(r.cum_type_code));
    const fromNational = ytdFromCumulative(national, '2025', '390');
    const fromEngine = ytdFromCumulative(cum.value.cuminfo, '2025', '390');
    expect(fromNational?.deductible_paid).toBe(fromEngine?.deductible_paid);
    expect(fromNational?.fund_paid?.['hifp']).toBe(fromEngine?.fund_paid?.['hifp']);

    const visits = await client.call('5201', { data: { psn_no: localResident.psn_no } }, residentCtx(signNo));
    if (!visits.ok) throw new Error('5201 refused');
    const valid = visits.value.mdtrtinfo.filter((v) => v.vali_flag === '1').map((v) => v.setl_id);
    expect(valid).toEqual(settled.map((r) => r.setl_id));
    const cancelled = visits.value.mdtrtinfo.filter((v) => v.vali_flag === '0').map((v) => v.setl_id);
    expect(cancelled).toEqual([setl_id]);

    for (const r of settled) {
      const q = await client.call('5203', { data: { psn_no: localResident.psn_no, setl_id: r.setl_id } }, residentCtx(signNo));
      if (!q.ok || !q.value.setlinfo) throw new Error('5203 found nothing');
      expect(q.value.setlinfo).toMatchObject({ fund_pay_sumamt: r.fund_pay_sumamt, acct_pay: r.acct_pay, psn_cash_pay: r.psn_cash_pay });
    }
  });
});
