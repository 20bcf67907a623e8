/**
 * fast-check arbitraries for whole settlement requests, every feature mixed: inline policies
 * with bands, deductibles (year and admission), caps, adjustments and layers; local, in-province
 * and cross-province visits with and without filings; every line kind; this year's accumulators.
 */
import fc from 'fast-check';

/** Integer fen as the contract's 2-decimal yuan string (integer arithmetic only). */
export function fenToYuan(fen: number): string {
  const whole = Math.trunc(fen / 100);
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** An integer of `scale` implied decimals as a decimal string: (12345, 4) → "1.2345". */
export function scaled(units: number, scale: number): string {
  const s = String(units).padStart(scale + 1, '0');
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

export const yuanArb = (maxFen: number) => fc.integer({ min: 0, max: maxFen }).map(fenToYuan);
export const ratioArb = fc.integer({ min: 0, max: 10_000 }).map((u) => scaled(u, 4));
const adjustArb = fc.integer({ min: -3000, max: 3000 }).map((u) => (u < 0 ? `-${scaled(-u, 4)}` : scaled(u, 4)));

/** Bands with strictly increasing `up_to`, the last open. */
export const bandsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 5_000_000 }), { maxLength: 3 })
  .chain((edges) =>
    fc.tuple(fc.constant([...edges].sort((a, b) => a - b)), fc.array(ratioArb, { minLength: edges.length + 1, maxLength: edges.length + 1 })),
  )
  .map(([edges, ratios]) => ratios.map((ratio, i) => ({ up_to: i < edges.length ? fenToYuan(edges[i] ?? 0) : null, ratio })));

const capArb = fc.option(fc.record({ basis: fc.constantFrom('year', 'admission'), amount: yuanArb(3_000_000) }), { nil: undefined });

const matchArb = fc.record(
  {
    scope: fc.subarray(['local', 'intra_province', 'inter_province'], { minLength: 1 }),
    filing: fc.subarray(['none', 'long_term', 'referral', 'emergency', 'temporary_other', 'unfiled'], { minLength: 1 }),
    med_type: fc.subarray(['11', '21', '41'], { minLength: 1 }),
    age_min: fc.integer({ min: 0, max: 60 }),
  },
  { requiredKeys: [] },
);

const benefitArb = fc.record({
  name: fc.constantFrom('rule A', 'rule B', 'rule C'),
  match: matchArb,
  deductible: fc.option(
    fc.record({ basis: fc.constantFrom('year', 'admission'), amounts: fc.array(yuanArb(200_000), { minLength: 1, maxLength: 3 }) }),
    { nil: undefined },
  ),
  accumulate: fc.constantFrom('year', 'admission'),
  bands: bandsArb,
  ratio_adjust: adjustArb,
  cap: capArb,
  counts_admission: fc.boolean(),
});

const layerArb = (fund: string) =>
  fc.record({
    fund: fc.constant(fund),
    match: fc.record({ cvlserv_flag: fc.subarray(['0', '1'], { minLength: 1 }) }, { requiredKeys: [] }),
    threshold: yuanArb(2_000_000),
    accumulate: fc.constantFrom('year', 'admission'),
    bands: bandsArb,
    ratio_adjust: adjustArb,
    cap: capArb,
  });

export const policyArb = fc.record({
  id: fc.constant('prop-330200-2025-390'),
  admdvs: fc.constant('330200'),
  insutype: fc.constant('390'),
  valid_from: fc.constant('2025-01-01'),
  valid_to: fc.constant('2025-12-31'),
  designated_required: fc.boolean(),
  benefits: fc.array(benefitArb, { minLength: 1, maxLength: 3 }),
  layers: fc
    .subarray(['hifmi', 'hifob', 'cvlserv', 'hifes', 'maf', 'oth'], { maxLength: 3 })
    .chain((funds) => fc.tuple(...funds.map(layerArb))),
  account: fc.record({
    covers: fc.subarray(['deductible', 'coinsurance', 'preselfpay', 'overlmt', 'fulamt_ownpay']),
  }),
});

/** A fee line; every kind mixed: class A/B/C, self-pay first, ceilings, 4-decimal counts, 6-decimal prices. */
export const itemArb = (sn: number) =>
  fc
    .record({
      micro: fc.integer({ min: 0, max: 500_000_000 }), // price in millionths: up to 500 yuan
      priceScale: fc.constantFrom(2, 6),
      cntUnits: fc.integer({ min: 1, max: 200_000 }), // count in ten-thousandths: up to 20
      cntScale: fc.constantFrom(0, 4),
      chrgitm_lv: fc.constantFrom('01', '02', '02', '03'),
      selfpay_prop: fc.oneof(fc.constant('0'), fc.constant('1'), ratioArb),
      ceilingMicro: fc.option(fc.integer({ min: 0, max: 500_000_000 }), { nil: undefined }),
      giveAmount: fc.boolean(),
    })
    .map((r) => {
      const pric = r.priceScale === 2 ? scaled(Math.trunc(r.micro / 10_000), 2) : scaled(r.micro, 6);
      const cnt = r.cntScale === 0 ? String(Math.max(1, Math.trunc(r.cntUnits / 10_000))) : scaled(r.cntUnits, 4);
      return {
        feedetl_sn: String(sn),
        med_list_codg: `X${sn}`,
        name: `item ${sn}`,
        pric,
        cnt,
        chrgitm_lv: r.chrgitm_lv,
        selfpay_prop: r.selfpay_prop,
        ...(r.ceilingMicro === undefined ? {} : { pric_uplmt_amt: scaled(r.ceilingMicro, 6) }),
      };
    });

export const itemsArb = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => itemArb(i + 1))));

const ytdArb = fc.record(
  {
    deductible_paid: yuanArb(300_000),
    inscp_accumulated: yuanArb(10_000_000),
    admissions: fc.integer({ min: 0, max: 4 }),
    fund_paid: fc.record({ hifp: yuanArb(3_000_000), hifmi: yuanArb(1_000_000), maf: yuanArb(100_000) }, { requiredKeys: [] }),
    layer_base: fc.record({ hifmi: yuanArb(3_000_000), cvlserv: yuanArb(1_000_000) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const filingArb = fc.option(
  fc.record({
    type: fc.constantFrom('long_term', 'referral', 'emergency', 'temporary_other'),
    treatment_admdvs: fc.constantFrom('330100', '440300', '110100'),
    valid_from: fc.option(fc.constantFrom('2025-01-01', '2025-06-01'), { nil: null }),
    valid_to: fc.option(fc.constantFrom('2025-03-01', '2025-12-31'), { nil: null }),
  }),
  { nil: null },
);

export const requestArb = fc.record({
  policy: policyArb,
  person: fc.record({
    psn_no: fc.constant('33020000000000000001'),
    insutype: fc.constantFrom('390', '390', '390', '310'),
    psn_type: fc.constant('resident_adult'),
    age: fc.integer({ min: 0, max: 100 }),
    insuplc_admdvs: fc.constantFrom('330200', '330200', '330200', '440300'),
    cvlserv_flag: fc.constantFrom('0', '1'),
    psn_insu_stas: fc.constantFrom('1', '1', '1', '1', '2'),
    acct_balance: yuanArb(1_000_000),
    card: fc.option(fc.record({ valid_to: fc.constantFrom('2024-12-31', '2031-12-02') }), { nil: null }),
    filing: filingArb,
    ytd: ytdArb,
  }),
  encounter: fc.record({
    med_type: fc.constantFrom('11', '21', '41'),
    mdtrtarea_admvs: fc.constantFrom('330200', '330200', '330100', '440300', '110100'),
    fixmedins_code: fc.constant('H33020000001'),
    hosp_lv: fc.constantFrom('1', '2', '3'),
    designated: fc.constantFrom(true, true, true, false),
    date: fc.constantFrom('2025-03-01', '2025-07-15', '2026-01-02'),
    acct_used_flag: fc.constantFrom('0', '1'),
  }),
  items: itemsArb,
});
