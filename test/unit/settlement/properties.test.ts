import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { settle, type SettlementResult } from '../../../settlement/index.js';
import { requestArb } from '../../support/arbitraries.js';

const RUNS = 2000;
const d = (s: string) => new Decimal(s);
const sumOf = (xs: readonly string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));

function settled(request: unknown): SettlementResult {
  const outcome = settle(request);
  if (!outcome.ok) throw new Error(`generated request rejected: ${JSON.stringify(outcome.error)}`);
  return outcome.value;
}

const FUND_FIELDS = ['hifp_pay', 'cvlserv_pay', 'hifes_pay', 'hifmi_pay', 'hifob_pay', 'maf_pay', 'oth_pay'] as const;
const MONEY = /^\d+\.\d{2}$/;
const RATIO = /^\d\.\d{4}$/;

/** Asserts identities 1–7 of the contract, exact to the fen, and the output formats. */
function assertIdentities(request: { person: { acct_balance: string } }, r: SettlementResult): void {
  const s = r.setlinfo;
  // 1. per line
  for (const line of r.details) {
    expect(d(line.fulamt_ownpay_amt).plus(line.overlmt_amt).plus(line.preselfpay_amt).plus(line.inscp_scp_amt).eq(line.det_item_fee_sumamt)).toBe(true);
    for (const v of [line.det_item_fee_sumamt, line.fulamt_ownpay_amt, line.overlmt_amt, line.preselfpay_amt, line.inscp_scp_amt]) expect(v).toMatch(MONEY);
    expect(line.selfpay_prop).toMatch(RATIO);
  }
  // 2. totals
  expect(sumOf(r.details.map((l) => l.det_item_fee_sumamt)).eq(s.medfee_sumamt)).toBe(true);
  expect(d(s.fulamt_ownpay_amt).plus(s.overlmt_selfpay).plus(s.preselfpay_amt).plus(s.inscp_scp_amt).eq(s.medfee_sumamt)).toBe(true);
  expect(sumOf(r.details.map((l) => l.inscp_scp_amt)).eq(s.inscp_scp_amt)).toBe(true);
  // 3. funds
  expect(sumOf(FUND_FIELDS.map((f) => s[f])).eq(s.fund_pay_sumamt)).toBe(true);
  expect(sumOf(r.setldetail.map((x) => x.fund_payamt)).eq(s.fund_pay_sumamt)).toBe(true);
  // 4.
  expect(d(s.fund_pay_sumamt).plus(s.psn_part_amt).plus(s.hosp_part_amt).eq(s.medfee_sumamt)).toBe(true);
  // 5.
  expect(d(s.acct_pay).plus(s.psn_cash_pay).eq(s.psn_part_amt)).toBe(true);
  expect(d(s.acct_pay).lte(request.person.acct_balance)).toBe(true);
  expect(d(request.person.acct_balance).minus(s.acct_pay).eq(s.balc)).toBe(true);
  // 6. funds pay only in-scope money; nothing negative
  expect(d(s.fund_pay_sumamt).lte(s.inscp_scp_amt)).toBe(true);
  expect(d(s.act_pay_dedc).lte(s.inscp_scp_amt)).toBe(true);
  for (const [key, value] of Object.entries(s)) {
    if (key === 'psn_no' || key === 'insutype' || key === 'med_type') continue;
    expect(value, key).toMatch(key === 'pool_prop_selfpay' ? RATIO : MONEY);
  }
  // 7. ineligible
  if (!r.eligibility.eligible) {
    expect(s.fund_pay_sumamt).toBe('0.00');
    expect(s.psn_cash_pay).toBe(s.medfee_sumamt);
    expect(s.psn_part_amt).toBe(s.medfee_sumamt);
    expect(r.setldetail).toEqual([]);
    expect(r.eligibility.reasons.length).toBeGreaterThan(0);
  } else {
    expect(r.eligibility.reasons).toEqual([]);
    expect(r.setldetail[0]?.fund_pay_type).toBe('hifp');
  }
  // the trace explains every settlement in both languages, in order
  const order = ['line_split', 'deductible', 'band', 'cap', 'layer', 'account', 'cash'];
  const steps = r.trace.map((t) => order.indexOf(t.step));
  expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  for (const t of r.trace) expect(t.zh.length > 0 && t.en.length > 0).toBe(true);
}

describe('settlement properties (fast-check)', () => {
  it(`holds every identity of the contract on ${RUNS} generated requests`, () => {
    let eligible = 0;
    let layered = 0;
    fc.assert(
      fc.property(requestArb, (request) => {
        const r = settled(request);
        assertIdentities(request, r);
        if (r.eligibility.eligible) eligible += 1;
        if (r.setldetail.length > 1) layered += 1;
      }),
      { numRuns: RUNS },
    );
    // The generator must reach both sides of eligibility and layers often enough to mean something.
    expect(eligible).toBeGreaterThan(RUNS / 50);
    expect(eligible).toBeLessThan(RUNS);
    expect(layered).toBeGreaterThan(RUNS / 100);
  });

  it('is deterministic: the same request, settled twice or after a JSON round trip, gives the same result', () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const first = settled(request);
        expect(settled(request)).toEqual(first);
        expect(settled(JSON.parse(JSON.stringify(request)))).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('never lowers the funds’ payment when more in-scope spending is added', () => {
    fc.assert(
      fc.property(requestArb, fc.integer({ min: 1, max: 10_000_000 }), (request, extraFen) => {
        const extra = { feedetl_sn: 'extra', pric: `${Math.trunc(extraFen / 100)}.${String(extraFen % 100).padStart(2, '0')}`, cnt: '1', chrgitm_lv: '01' };
        const before = settled(request).setlinfo;
        const after = settled({ ...request, items: [...request.items, extra] }).setlinfo;
        expect(d(after.hifp_pay).gte(before.hifp_pay)).toBe(true);
        expect(d(after.fund_pay_sumamt).gte(before.fund_pay_sumamt)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('never raises cash when the account balance is larger', () => {
    fc.assert(
      fc.property(requestArb, fc.integer({ min: 1, max: 10_000_000 }), (request, moreFen) => {
        const richer = d(request.person.acct_balance).plus(new Decimal(moreFen).dividedBy(100)).toFixed(2);
        const before = settled(request).setlinfo;
        const after = settled({ ...request, person: { ...request.person, acct_balance: richer } }).setlinfo;
        expect(d(after.psn_cash_pay).lte(before.psn_cash_pay)).toBe(true);
        expect(after.fund_pay_sumamt).toBe(before.fund_pay_sumamt);
      }),
      { numRuns: RUNS },
    );
  });
});
