import { describe, expect, it } from 'vitest';
import { settle } from '../../../settlement/index.js';
import { checkCenterSettlement, compareWithLocal } from '../../../electron/center/identities.js';
import weifang from '../../fixtures/settle/weifang-2022.json' with { type: 'json' };

function weifangAnswer() {
  const r = settle(weifang);
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
}

describe('identities 2–5 on a center answer', () => {
  it('all hold on the Weifang worked example (64.29 in all, 48.89 from the fund)', () => {
    const answer = weifangAnswer();
    const check = checkCenterSettlement(
      { setlinfo: answer.setlinfo, setldetail: answer.setldetail },
      { acctBalanceBefore: '0.00' },
    );
    expect(check.findings.map((f) => [f.identity, f.status])).toEqual([
      ['2', 'holds'],
      ['3-funds', 'holds'],
      ['3-setldetail', 'holds'],
      ['4', 'holds'],
      ['5-split', 'holds'],
      ['5-account', 'holds'],
    ]);
    expect(check.consistent).toBe(true);
  });

  it('reports a center whose fund total disagrees with its own fund lines, without changing any amount', () => {
    const answer = weifangAnswer();
    const setlinfo = { ...answer.setlinfo, fund_pay_sumamt: '48.90' };
    const frozen = JSON.stringify(setlinfo);
    const check = checkCenterSettlement({ setlinfo, setldetail: answer.setldetail });
    expect(check.violations.map((v) => v.identity)).toEqual(['3-funds', '3-setldetail', '4']);
    expect(check.violations[0]).toMatchObject({ lhs: '48.90', rhs: '48.89' });
    expect(check.violations[0]?.zh).toContain('不成立');
    expect(JSON.stringify(setlinfo)).toBe(frozen);
  });

  it('tolerates a stub answer with blank fields (domain §2.7: medfee 3300, fund 0, psn_part_amt 0)', () => {
    const stub = {
      medfee_sumamt: '3300',
      fund_pay_sumamt: '0',
      psn_part_amt: '0',
      psn_cash_pay: '0',
      acct_pay: '',
      hifp_pay: null,
    };
    const check = checkCenterSettlement({ setlinfo: stub });
    const byId = Object.fromEntries(check.findings.map((f) => [f.identity, f]));
    expect(byId['2']).toMatchObject({
      status: 'unchecked',
      missing: ['fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt'],
    });
    expect(byId['3-funds']).toMatchObject({ status: 'unchecked', missing: ['hifp_pay'] });
    expect(byId['4']).toMatchObject({
      status: 'violated',
      lhs: '3300.00',
      rhs: '0.00',
      assumedZero: ['hosp_part_amt'],
    });
    expect(byId['5-split']).toMatchObject({ status: 'unchecked', missing: ['acct_pay'] });
    expect(check.consistent).toBe(false);
  });

  it('treats a JSON number as unreadable, never as money', () => {
    const answer = weifangAnswer();
    const check = checkCenterSettlement({ setlinfo: { ...answer.setlinfo, medfee_sumamt: 64.29 } });
    expect(check.findings.find((f) => f.identity === '2')).toMatchObject({
      status: 'unchecked',
      missing: ['medfee_sumamt'],
    });
  });

  it('checks the account against the balance before: balc and 0 ≤ acct_pay ≤ balance', () => {
    const base = { ...weifangAnswer().setlinfo, acct_pay: '15.40', psn_cash_pay: '0.00' };
    const wrongBalc = checkCenterSettlement(
      { setlinfo: { ...base, balc: '100.00' } },
      { acctBalanceBefore: '100.00' },
    );
    expect(wrongBalc.violations.map((v) => v.identity)).toEqual(['5-account']);
    const overdrawn = checkCenterSettlement(
      { setlinfo: { ...base, balc: '-5.40' } },
      { acctBalanceBefore: '10.00' },
    );
    expect(overdrawn.violations.map((v) => v.identity)).toEqual(['5-account']);
    expect(overdrawn.violations[0]?.en).toContain('not within 0 and the balance');
    expect(
      checkCenterSettlement({ setlinfo: { ...base, balc: '84.60' } }, { acctBalanceBefore: '100.00' })
        .consistent,
    ).toBe(true);
  });
});

describe('the center against the local estimate', () => {
  it('lists each amount that differs, with center − local', () => {
    const local = weifangAnswer().setlinfo;
    const center = {
      ...local,
      hifp_pay: '50.11',
      fund_pay_sumamt: '50.11',
      psn_part_amt: '14.18',
      psn_cash_pay: '14.18',
      pool_prop_selfpay: '0.8200',
    };
    expect(compareWithLocal(center, local)).toEqual([
      { field: 'hifp_pay', center: '50.11', local: '48.89', diff: '1.22' },
      { field: 'pool_prop_selfpay', center: '0.8200', local: '0.8000', diff: '0.0200' },
      { field: 'fund_pay_sumamt', center: '50.11', local: '48.89', diff: '1.22' },
      { field: 'psn_part_amt', center: '14.18', local: '15.40', diff: '-1.22' },
      { field: 'psn_cash_pay', center: '14.18', local: '15.40', diff: '-1.22' },
    ]);
  });

  it('reads "48.9" and "48.90" as the same amount and skips fields the center left blank', () => {
    const local = weifangAnswer().setlinfo;
    expect(compareWithLocal({ ...local, hifp_pay: '48.890', hifmi_pay: '' }, local)).toEqual([]);
  });
});
