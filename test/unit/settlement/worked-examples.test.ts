import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseRequest, inlinePolicy, line, settleOk } from '../../support/settlement-requests.js';

const weifang: unknown = JSON.parse(readFileSync('test/fixtures/settle/weifang-2022.json', 'utf8'));

describe('the Weifang worked example (domain.md §2.7)', () => {
  const r = settleOk(weifang);

  it('splits 瑞格列奈 into 28.59 in scope and 3.18 self-pay first, 64.29 in all', () => {
    expect(r.details[1]).toMatchObject({ det_item_fee_sumamt: '31.77', preselfpay_amt: '3.18', inscp_scp_amt: '28.59' });
    expect(r.setlinfo).toMatchObject({ medfee_sumamt: '64.29', inscp_scp_amt: '61.11', preselfpay_amt: '3.18' });
  });

  it('pays 80% of 61.11 from the basic fund: 48.89', () => {
    expect(r.setlinfo).toMatchObject({ hifp_pay: '48.89', fund_pay_sumamt: '48.89', pool_prop_selfpay: '0.8000' });
    expect(r.setlinfo.psn_cash_pay).toBe('15.40');
    expect(r.eligibility).toMatchObject({ eligible: true, scope: 'inter_province', filing: 'long_term' });
  });

  it('explains every step in Chinese and English', () => {
    expect(r.trace.map((t) => t.step)).toEqual(['line_split', 'deductible', 'band', 'cap', 'account', 'cash']);
    expect(r.trace[2]?.zh).toContain('80%');
    expect(r.trace[3]?.zh).toContain('48.89');
    expect(r.trace[5]?.en).toContain('15.40');
  });
});

describe('bands on the cumulative axis', () => {
  it('pays 68% from 1,200 to exactly 20,000 and reports the first band at the top', () => {
    const r = settleOk(baseRequest({ items: [line('1', '20000.00')] }));
    expect(r.setlinfo).toMatchObject({ act_pay_dedc: '1200.00', hifp_pay: '12784.00', pool_prop_selfpay: '0.6800' });
  });

  it('pays the second band at 78% once the cumulative amount passes 20,000', () => {
    const r = settleOk(baseRequest({ items: [line('1', '20000.01')] }));
    // 18,800 × 0.68 + 0.01 × 0.78 = 12,784.0078 → 12,784.01
    expect(r.setlinfo).toMatchObject({ hifp_pay: '12784.01', pool_prop_selfpay: '0.7800' });
    expect(r.trace.filter((t) => t.step === 'band')).toHaveLength(2);
  });

  it('reports ratio 0 when the deductible swallows the whole in-scope amount', () => {
    const r = settleOk(baseRequest({ items: [line('1', '800.00')] }));
    expect(r.setlinfo).toMatchObject({ act_pay_dedc: '800.00', hifp_pay: '0.00', pool_prop_selfpay: '0.0000' });
  });

  it('starts the axis at this year’s accumulated amount when the rule accumulates by year', () => {
    const policy = inlinePolicy({}, { accumulate: 'year', bands: [{ up_to: '1000.00', ratio: '0.50' }, { up_to: null, ratio: '0.90' }] });
    const r = settleOk(baseRequest({ policy, person: { ytd: { inscp_accumulated: '900.00' } }, items: [line('1', '300.00')] }));
    // [900, 1000] at 50% + [1000, 1200] at 90% = 50 + 180
    expect(r.setlinfo.hifp_pay).toBe('230.00');
    expect(r.ytd_after.inscp_accumulated).toBe('1200.00');
  });

  it('clamps an adjusted ratio into [0, 1]', () => {
    const policy = inlinePolicy({}, { bands: [{ up_to: null, ratio: '0.95' }], ratio_adjust: '0.10' });
    const r = settleOk(baseRequest({ policy, items: [line('1', '100.00')] }));
    expect(r.setlinfo).toMatchObject({ hifp_pay: '100.00', pool_prop_selfpay: '1.0000' });
  });
});

describe('caps net of this year’s payments', () => {
  const policy = inlinePolicy({}, { cap: { basis: 'year', amount: '5000.00' } });

  it('pays exactly the cap left when the payment reaches it', () => {
    const r = settleOk(baseRequest({ policy, person: { ytd: { fund_paid: { hifp: '4000.00' } } }, items: [line('1', '2000.00')] }));
    expect(r.setlinfo.hifp_pay).toBe('1000.00');
    expect(r.setldetail[0]).toMatchObject({ crt_payb_lmt_amt: '1000.00', fund_payamt: '1000.00' });
    expect(r.ytd_after.fund_paid.hifp).toBe('5000.00');
  });

  it('stops at the cap when the payment would exceed it, and the patient pays the rest', () => {
    const r = settleOk(baseRequest({ policy, person: { ytd: { fund_paid: { hifp: '4000.00' } } }, items: [line('1', '3000.00')] }));
    expect(r.setlinfo).toMatchObject({ hifp_pay: '1000.00', psn_cash_pay: '2000.00', pool_prop_selfpay: '0.5000' });
    expect(r.trace.find((t) => t.step === 'cap')?.zh).toContain('超出部分由个人负担');
  });

  it('pays nothing once the cap is used up', () => {
    const r = settleOk(baseRequest({ policy, person: { ytd: { fund_paid: { hifp: '6000.00' } } }, items: [line('1', '300.00')] }));
    expect(r.setlinfo.hifp_pay).toBe('0.00');
  });

  it('applies an admission cap whole, whatever was paid before', () => {
    const admissionCap = inlinePolicy({}, { cap: { basis: 'admission', amount: '100.00' } });
    const r = settleOk(baseRequest({ policy: admissionCap, person: { ytd: { fund_paid: { hifp: '9999.00' } } }, items: [line('1', '1000.00')] }));
    expect(r.setlinfo.hifp_pay).toBe('100.00');
  });
});

describe('deductibles', () => {
  const yearly = (ytd: Record<string, unknown>, amount: string) =>
    baseRequest({ encounter: { med_type: '41' }, person: { ytd }, items: [line('1', amount)] });

  it('spreads a yearly deductible over two visits', () => {
    const first = settleOk(yearly({}, '200.00'));
    expect(first.setlinfo).toMatchObject({ act_pay_dedc: '200.00', hifp_pay: '0.00' });
    expect(first.ytd_after).toMatchObject({ deductible_paid: '200.00', inscp_accumulated: '200.00' });
    const second = settleOk(yearly(first.ytd_after, '500.00'));
    // 100 left of the 300 deductible; the axis starts at 200, so [300, 700] is paid at 50%.
    expect(second.setlinfo).toMatchObject({ act_pay_dedc: '100.00', hifp_pay: '200.00' });
    expect(second.ytd_after.deductible_paid).toBe('300.00');
  });

  it('owes 1,200 on the first admission, 600 on the second and third', () => {
    const owed = (admissions: number) =>
      settleOk(baseRequest({ person: { ytd: { admissions } }, items: [line('1', '5000.00')] })).setlinfo.act_pay_dedc;
    expect([owed(0), owed(1), owed(2)]).toEqual(['1200.00', '600.00', '600.00']);
  });

  it('counts the admission in ytd_after when the rule says so', () => {
    const r = settleOk(baseRequest({ person: { ytd: { admissions: 2 } } }));
    expect(r.ytd_after.admissions).toBe(3);
  });

  it('uses the nth amount of a longer schedule and the last one after it', () => {
    const policy = inlinePolicy({}, { deductible: { basis: 'admission', amounts: ['900.00', '500.00', '300.00'] } });
    const owed = (admissions: number) =>
      settleOk(baseRequest({ policy, person: { ytd: { admissions } }, items: [line('1', '5000.00')] })).setlinfo.act_pay_dedc;
    expect([owed(0), owed(1), owed(2), owed(5)]).toEqual(['900.00', '500.00', '300.00', '300.00']);
  });
});

describe('the line split', () => {
  it('rounds half-up at .xx5', () => {
    const r = settleOk(
      baseRequest({
        items: [
          line('1', '2.345'),
          { ...line('2', '10.05'), chrgitm_lv: '02', selfpay_prop: '0.5' },
        ],
      }),
    );
    expect(r.details[0]?.det_item_fee_sumamt).toBe('2.35');
    // 10.05 × 0.5 = 5.025 → 5.03
    expect(r.details[1]).toMatchObject({ preselfpay_amt: '5.03', inscp_scp_amt: '5.02' });
  });

  it('multiplies 4-decimal quantities exactly before rounding', () => {
    const r = settleOk(baseRequest({ items: [{ ...line('1', '12.50'), cnt: '0.3333' }] }));
    // 12.50 × 0.3333 = 4.16625 → 4.17
    expect(r.setlinfo.medfee_sumamt).toBe('4.17');
  });

  it('moves the part of a price over its ceiling to over-limit self-pay', () => {
    const r = settleOk(
      baseRequest({ items: [{ ...line('1', '12.00'), cnt: '3', pric_uplmt_amt: '10.00', chrgitm_lv: '02', selfpay_prop: '0.10' }] }),
    );
    expect(r.details[0]).toMatchObject({ det_item_fee_sumamt: '36.00', overlmt_amt: '6.00', preselfpay_amt: '3.00', inscp_scp_amt: '27.00' });
    expect(r.setlinfo.overlmt_selfpay).toBe('6.00');
  });

  it('treats a ceiling of zero as a ceiling', () => {
    const r = settleOk(baseRequest({ items: [{ ...line('1', '5.00'), pric_uplmt_amt: '0' }] }));
    expect(r.details[0]).toMatchObject({ overlmt_amt: '5.00', inscp_scp_amt: '0.00' });
  });

  it('makes a line with self-pay-first ratio 1 fully self-paid, ceiling ignored', () => {
    const r = settleOk(baseRequest({ items: [{ ...line('1', '12.00'), selfpay_prop: '1', pric_uplmt_amt: '10.00' }] }));
    expect(r.details[0]).toMatchObject({ fulamt_ownpay_amt: '12.00', overlmt_amt: '0.00', preselfpay_amt: '0.00', selfpay_prop: '1.0000' });
  });

  it('makes a class C (03) line fully self-paid', () => {
    const r = settleOk(baseRequest({ items: [{ ...line('1', '99.99'), chrgitm_lv: '03', pric_uplmt_amt: '1.00' }] }));
    expect(r.setlinfo).toMatchObject({ fulamt_ownpay_amt: '99.99', inscp_scp_amt: '0.00', overlmt_selfpay: '0.00' });
  });
});

describe('further layers', () => {
  it('pays 大病 at 50% on the part of the base above its threshold on the year axis', () => {
    const r = settleOk(baseRequest({ person: { ytd: { layer_base: { hifmi: '15000.00' } } }, items: [line('1', '50000.00')] }));
    // hifp: 18,800 × 0.68 + 30,000 × 0.78 = 36,184; base = 13,816; axis 15,000 → 28,816; paid above 20,000.
    expect(r.setlinfo).toMatchObject({ hifp_pay: '36184.00', hifmi_pay: '4408.00', fund_pay_sumamt: '40592.00' });
    expect(r.setldetail.map((d) => [d.fund_pay_type, d.inscp_scp_amt, d.fund_payamt])).toEqual([
      ['hifp', '50000.00', '36184.00'],
      ['hifmi', '13816.00', '4408.00'],
    ]);
    expect(r.ytd_after.layer_base.hifmi).toBe('28816.00');
    expect(r.ytd_after.fund_paid).toEqual({ hifp: '36184.00', hifmi: '4408.00' });
  });

  it('lists a matched layer that pays nothing and keeps it in ytd_after', () => {
    const r = settleOk(baseRequest({ items: [line('1', '5000.00')] }));
    expect(r.setldetail.map((d) => d.fund_pay_type)).toEqual(['hifp', 'hifmi']);
    expect(r.setlinfo.hifmi_pay).toBe('0.00');
    expect(r.ytd_after.fund_paid.hifmi).toBe('0.00');
  });

  it('pays layers in order, each on what the funds before it left', () => {
    const policy = inlinePolicy({
      layers: [
        { fund: 'cvlserv', threshold: '0.00', bands: [{ up_to: null, ratio: '0.50' }], match: { cvlserv_flag: ['1'] } },
        { fund: 'maf', threshold: '0.00', bands: [{ up_to: null, ratio: '1' }], cap: { basis: 'year', amount: '10.00' } },
      ],
    });
    const r = settleOk(baseRequest({ policy, person: { cvlserv_flag: '1' }, items: [line('1', '100.00')] }));
    // hifp 50; cvlserv 50% of 50 = 25; maf 100% of 25, capped at 10.
    expect(r.setlinfo).toMatchObject({ hifp_pay: '50.00', cvlserv_pay: '25.00', maf_pay: '10.00', psn_cash_pay: '15.00' });
    const civilian = settleOk(baseRequest({ policy, items: [line('1', '100.00')] }));
    expect(civilian.setldetail.map((d) => d.fund_pay_type)).toEqual(['hifp', 'maf']);
  });
});

describe('the personal account', () => {
  it('pays what it covers up to the balance, and cash the rest', () => {
    const policy = inlinePolicy({ account: { covers: ['deductible', 'coinsurance'] } }, {
      deductible: { basis: 'year', amounts: ['100.00'] },
    });
    const r = settleOk(
      baseRequest({
        policy,
        person: { acct_balance: '2760.00' },
        encounter: { acct_used_flag: '1' },
        items: [line('1', '300.00'), { ...line('2', '50.00'), chrgitm_lv: '03' }],
      }),
    );
    // in scope 300: deductible 100, fund 100, coinsurance 100; the class C 50 is not covered.
    expect(r.setlinfo).toMatchObject({ acct_pay: '200.00', psn_cash_pay: '50.00', balc: '2560.00', psn_part_amt: '250.00' });
  });

  it('stops at the balance', () => {
    const r = settleOk(baseRequest({ person: { acct_balance: '12.34' }, encounter: { acct_used_flag: '1' }, items: [line('1', '500.00')] }));
    expect(r.setlinfo).toMatchObject({ acct_pay: '12.34', balc: '0.00', psn_cash_pay: '487.66' });
  });

  it('is not used unless acct_used_flag is "1"', () => {
    const r = settleOk(baseRequest({ person: { acct_balance: '100.00' }, items: [line('1', '500.00')] }));
    expect(r.setlinfo).toMatchObject({ acct_pay: '0.00', balc: '100.00' });
  });
});

describe('eligibility', () => {
  const reasons = (parts: Parameters<typeof baseRequest>[0]) => settleOk(baseRequest(parts)).eligibility.reasons.map((x) => x.code);

  it.each<[string, { person?: Record<string, unknown>; encounter?: Record<string, unknown> }]>([
    ['INSURANCE_INACTIVE', { person: { psn_insu_stas: '2' } }],
    ['CARD_EXPIRED', { person: { card: { valid_to: '2025-02-28' } } }],
    ['NOT_DESIGNATED', { encounter: { designated: false } }],
    ['POLICY_NOT_APPLICABLE', { encounter: { date: '2026-01-01' } }],
    ['POLICY_NOT_APPLICABLE', { person: { insutype: '310' } }],
    ['FILING_REQUIRED', { encounter: { mdtrtarea_admvs: '440300' } }],
    ['NO_RULE', { encounter: { med_type: '99' } }],
  ])('refuses the funds for %s, and the cashier can still charge', (code, parts) => {
    const r = settleOk(baseRequest({ ...parts, person: { acct_balance: '100.00', ...parts.person }, encounter: { acct_used_flag: '1', ...parts.encounter } }));
    expect(r.eligibility.eligible).toBe(false);
    expect(r.eligibility.reasons.map((x) => x.code)).toContain(code);
    expect(r.eligibility.rule).toBeNull();
    expect(r.setldetail).toEqual([]);
    expect(r.setlinfo).toMatchObject({ fund_pay_sumamt: '0.00', acct_pay: '0.00', psn_cash_pay: r.setlinfo.medfee_sumamt, act_pay_dedc: '0.00', pool_prop_selfpay: '0.0000' });
    for (const notice of r.eligibility.reasons) expect(notice.zh.length * notice.en.length).toBeGreaterThan(0);
  });

  it('accepts a card valid through the visit date itself', () => {
    expect(reasons({ person: { card: { valid_to: '2025-03-01' } } })).toEqual([]);
  });

  it('reports every reason, in the contract’s order', () => {
    expect(
      reasons({
        person: { psn_insu_stas: '0', card: { valid_to: '2020-01-01' }, insuplc_admdvs: '330200' },
        encounter: { designated: false, date: '2026-05-01', mdtrtarea_admvs: '440300' },
      }),
    ).toEqual(['INSURANCE_INACTIVE', 'CARD_EXPIRED', 'NOT_DESIGNATED', 'POLICY_NOT_APPLICABLE', 'FILING_REQUIRED']);
  });

  it('lets a non-designated facility be paid when the policy does not require designation', () => {
    const policy = inlinePolicy({ designated_required: false });
    expect(reasons({ policy, encounter: { designated: false } })).toEqual([]);
  });

  it('honours a filing only on its dates and for its treatment region', () => {
    const filing = { type: 'long_term', treatment_admdvs: '440300', valid_from: '2025-01-01', valid_to: '2025-03-01' };
    const away = { mdtrtarea_admvs: '440300' };
    const filed = settleOk(baseRequest({ person: { filing }, encounter: away }));
    expect(filed.eligibility).toMatchObject({ eligible: true, scope: 'inter_province', filing: 'long_term', warnings: [] });
    expect(filed.eligibility.rule).toContain('跨省备案');

    const expired = settleOk(baseRequest({ person: { filing }, encounter: { ...away, date: '2025-03-02' } }));
    expect(expired.eligibility.filing).toBe('unfiled');
    expect(expired.eligibility.warnings.map((w) => w.code)).toEqual(['FILING_NOT_APPLICABLE']);
    expect(expired.eligibility.reasons.map((x) => x.code)).toEqual(['FILING_REQUIRED']);

    const elsewhere = settleOk(baseRequest({ person: { filing }, encounter: { mdtrtarea_admvs: '110100' } }));
    expect(elsewhere.eligibility.filing).toBe('unfiled');
  });

  it('treats an open-ended filing as valid and ignores a filing at home', () => {
    const filing = { type: 'referral', treatment_admdvs: '440300', valid_from: null, valid_to: null };
    expect(settleOk(baseRequest({ person: { filing }, encounter: { mdtrtarea_admvs: '440300' } })).eligibility.filing).toBe('referral');
    expect(settleOk(baseRequest({ person: { filing } })).eligibility).toMatchObject({ filing: 'none', scope: 'local', warnings: [] });
  });

  it('reduces the ratio within the province and classifies the scope by the first two characters', () => {
    const r = settleOk(baseRequest({ encounter: { mdtrtarea_admvs: '330100' }, items: [line('1', '11200.00')] }));
    expect(r.eligibility).toMatchObject({ scope: 'intra_province', filing: 'unfiled', eligible: true });
    expect(r.setlinfo).toMatchObject({ hifp_pay: '5800.00', pool_prop_selfpay: '0.5800' });
  });

  it('matches on any request key through its JSON text, derived values first', () => {
    const policy = inlinePolicy({}, { match: { designated: ['true'], age_min: 60, dise_codg: ['E11.900'] } });
    expect(reasons({ policy, person: { age: 60 }, encounter: { dise_codg: 'E11.900' } })).toEqual([]);
    expect(reasons({ policy, person: { age: 59 }, encounter: { dise_codg: 'E11.900' } })).toEqual(['NO_RULE']);
    expect(reasons({ policy, person: { age: 60 } })).toEqual(['NO_RULE']);
  });

  it('never falls back to a rule written for unfiled visits when a valid filing exists', () => {
    const policy = inlinePolicy({}, { match: { filing: ['unfiled'] } });
    const filing = { type: 'emergency', treatment_admdvs: '440300' };
    expect(reasons({ policy, person: { filing }, encounter: { mdtrtarea_admvs: '440300' } })).toEqual(['NO_RULE']);
  });

  it('keeps the line split and ytd unchanged when ineligible', () => {
    const ytd = { deductible_paid: '10.00', fund_paid: { hifp: '1.00' } };
    const r = settleOk(baseRequest({ person: { psn_insu_stas: '9', ytd }, items: [{ ...line('1', '10.00'), pric_uplmt_amt: '8.00' }] }));
    expect(r.details[0]).toMatchObject({ overlmt_amt: '2.00', inscp_scp_amt: '8.00' });
    expect(r.ytd_after).toEqual({ deductible_paid: '10.00', inscp_accumulated: '0.00', admissions: 0, fund_paid: { hifp: '1.00' }, layer_base: {} });
    expect(r.trace.at(-1)?.zh).toContain('参保状态');
  });
});

describe('bundled policy packs', () => {
  it('settles a Dali level-1 admission of a 72-year-old at 90% after a 200 deductible', () => {
    const r = settleOk(
      baseRequest({
        policyRef: 'dali-532900-2023-390',
        person: { insuplc_admdvs: '532900', age: 72 },
        encounter: { mdtrtarea_admvs: '532900', hosp_lv: '1', date: '2023-05-01' },
        items: [line('1', '1200.00')],
      }),
    );
    expect(r.setlinfo).toMatchObject({ act_pay_dedc: '200.00', hifp_pay: '900.00', pool_prop_selfpay: '0.9000' });
  });

  it('requires a filing for an Inner Mongolia patient treated in another province', () => {
    const request = (filing: unknown) =>
      baseRequest({
        policyRef: 'nmg-150800-2025-310',
        person: { insuplc_admdvs: '150800', insutype: '310', filing },
        encounter: { mdtrtarea_admvs: '110100' },
        items: [line('1', '10000.00')],
      });
    expect(settleOk(request(null)).eligibility.reasons.map((x) => x.code)).toEqual(['FILING_REQUIRED']);
    const temporary = settleOk(request({ type: 'temporary_other', treatment_admdvs: '110100' }));
    // (10,000 − 1,200) × 70%
    expect(temporary.setlinfo).toMatchObject({ hifp_pay: '6160.00', pool_prop_selfpay: '0.7000' });
  });

  it('pays a Shanghai outpatient of 45 at 60% in a level-3 hospital after the yearly 1,500', () => {
    const r = settleOk(
      baseRequest({
        policyRef: 'shanghai-310100-2024-310',
        person: { insuplc_admdvs: '310100', insutype: '310', psn_type: 'in_service', age: 45 },
        encounter: { med_type: '11', mdtrtarea_admvs: '310100', date: '2024-06-01' },
        items: [line('1', '2500.00')],
      }),
    );
    expect(r.setlinfo).toMatchObject({ act_pay_dedc: '1500.00', hifp_pay: '600.00' });
  });
});
