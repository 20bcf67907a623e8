import { describe, expect, it } from 'vitest';
import { settle } from '../../../settlement/index.js';
import { baseRequest, inlinePolicy, line, type Json } from '../../support/settlement-requests.js';

/** A base request with one value replaced at a dotted path (`items.0.pric`); `undefined` deletes it. */
function withValue(path: string, value: unknown, request: Json = baseRequest()): Json {
  const copy = structuredClone(request);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node: Record<string, unknown> = copy;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === undefined) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return copy;
}

const withPolicy = (path: string, value: unknown) => withValue(`policy.${path}`, value, baseRequest({ policy: inlinePolicy() }));

const cases: [string, unknown, string, string][] = [
  ['a request that is not an object', [1, 2], 'INVALID_JSON', ''],
  ['a request that is a string', 'settle me', 'INVALID_JSON', ''],
  ['a price as a JSON number', withValue('items.0.pric', 12.5), 'NUMBER_NOT_STRING', 'items[0].pric'],
  ['a balance as a JSON number', withValue('person.acct_balance', 100), 'NUMBER_NOT_STRING', 'person.acct_balance'],
  ['a code as a JSON number', withValue('person.insutype', 390), 'NUMBER_NOT_STRING', 'person.insutype'],
  ['a ratio as a JSON number', withValue('items.0.selfpay_prop', 0.1), 'NUMBER_NOT_STRING', 'items[0].selfpay_prop'],
  ['a price that is not a decimal', withValue('items.0.pric', '12,50'), 'INVALID_DECIMAL', 'items[0].pric'],
  ['an exponent', withValue('items.0.cnt', '1e3'), 'INVALID_DECIMAL', 'items[0].cnt'],
  ['an amount with 3 decimals', withValue('person.acct_balance', '1.230'), 'TOO_MANY_DECIMALS', 'person.acct_balance'],
  ['a price with 7 decimals', withValue('items.0.pric', '1.0000001'), 'TOO_MANY_DECIMALS', 'items[0].pric'],
  ['a quantity with 5 decimals', withValue('items.0.cnt', '1.00001'), 'TOO_MANY_DECIMALS', 'items[0].cnt'],
  ['a ratio with 5 decimals', withValue('items.0.selfpay_prop', '0.12345'), 'TOO_MANY_DECIMALS', 'items[0].selfpay_prop'],
  ['a negative quantity', withValue('items.0.cnt', '-1'), 'NEGATIVE', 'items[0].cnt'],
  ['a negative balance', withValue('person.acct_balance', '-0.01'), 'NEGATIVE', 'person.acct_balance'],
  ['a negative ratio', withValue('items.0.selfpay_prop', '-0.1'), 'RATIO_OUT_OF_RANGE', 'items[0].selfpay_prop'],
  ['a ratio above 1', withValue('items.0.selfpay_prop', '1.0001'), 'RATIO_OUT_OF_RANGE', 'items[0].selfpay_prop'],
  ['a ratio of 2', withValue('items.0.selfpay_prop', '2'), 'RATIO_OUT_OF_RANGE', 'items[0].selfpay_prop'],
  ['a ratio adjustment below −1', withPolicy('benefits.0.ratio_adjust', '-1.5'), 'RATIO_OUT_OF_RANGE', 'policy.benefits[0].ratio_adjust'],
  ['an unknown chrgitm_lv', withValue('items.0.chrgitm_lv', '09'), 'UNKNOWN_FIELD_VALUE', 'items[0].chrgitm_lv'],
  ['a region of 4 characters', withValue('encounter.mdtrtarea_admvs', '3302'), 'UNKNOWN_FIELD_VALUE', 'encounter.mdtrtarea_admvs'],
  ['an unknown filing type', withValue('person.filing', { type: 'holiday', treatment_admdvs: '440300' }), 'UNKNOWN_FIELD_VALUE', 'person.filing.type'],
  ['an acct_used_flag of "2"', withValue('encounter.acct_used_flag', '2'), 'UNKNOWN_FIELD_VALUE', 'encounter.acct_used_flag'],
  ['a missing psn_no', withValue('person.psn_no', undefined), 'MISSING_FIELD', 'person.psn_no'],
  ['a null date', withValue('encounter.date', null), 'MISSING_FIELD', 'encounter.date'],
  ['a missing person', withValue('person', undefined), 'MISSING_FIELD', 'person'],
  ['a missing cnt', withValue('items.0.cnt', undefined), 'MISSING_FIELD', 'items[0].cnt'],
  ['a fractional age', withValue('person.age', 59.5), 'INVALID_INTEGER', 'person.age'],
  ['an age as a string', withValue('person.age', '59'), 'INVALID_INTEGER', 'person.age'],
  ['negative admissions', withValue('person.ytd', { admissions: -1 }), 'INVALID_INTEGER', 'person.ytd.admissions'],
  ['30 February', withValue('encounter.date', '2025-02-30'), 'INVALID_DATE', 'encounter.date'],
  ['a date with slashes', withValue('person.card', { valid_to: '2031/12/02' }), 'INVALID_DATE', 'person.card.valid_to'],
  ['an amount that is not price × count', withValue('items.0.det_item_fee_sumamt', '100.01'), 'AMOUNT_MISMATCH', 'items[0].det_item_fee_sumamt'],
  ['no items', withValue('items', []), 'NO_ITEMS', 'items'],
  ['both policy and policyRef', { ...baseRequest({ policy: inlinePolicy() }), policyRef: 'demo-330200-2025-390' }, 'INVALID_POLICY', 'policyRef'],
  ['neither policy nor policyRef', withValue('policyRef', undefined), 'INVALID_POLICY', 'policy'],
  ['an unknown policyRef', withValue('policyRef', 'nowhere-000000-2025-390'), 'UNKNOWN_POLICY_REF', 'policyRef'],
  ['a policy with no benefits', withPolicy('benefits', []), 'INVALID_POLICY', 'policy.benefits'],
  ['empty bands', withPolicy('benefits.0.bands', []), 'INVALID_POLICY', 'policy.benefits[0].bands'],
  [
    'bands whose up_to does not increase',
    withPolicy('benefits.0.bands', [{ up_to: '100.00', ratio: '0.5' }, { up_to: '100.00', ratio: '0.6' }, { up_to: null, ratio: '0.7' }]),
    'INVALID_POLICY',
    'policy.benefits[0].bands[1].up_to',
  ],
  ['a last band with an up_to', withPolicy('benefits.0.bands', [{ up_to: '100.00', ratio: '0.5' }]), 'INVALID_POLICY', 'policy.benefits[0].bands[0].up_to'],
  [
    'a middle band with no up_to',
    withPolicy('benefits.0.bands', [{ up_to: null, ratio: '0.5' }, { up_to: null, ratio: '0.6' }]),
    'INVALID_POLICY',
    'policy.benefits[0].bands[0].up_to',
  ],
  ['an empty deductible schedule', withPolicy('benefits.0.deductible', { basis: 'admission', amounts: [] }), 'INVALID_POLICY', 'policy.benefits[0].deductible.amounts'],
  ['age_min above age_max', withPolicy('benefits.0.match', { age_min: 70, age_max: 60 }), 'INVALID_POLICY', 'policy.benefits[0].match.age_min'],
  ['a match value that is not a list', withPolicy('benefits.0.match', { med_type: '21' }), 'INVALID_POLICY', 'policy.benefits[0].match.med_type'],
  ['a match list holding a number', withPolicy('benefits.0.match', { hosp_lv: [3] }), 'INVALID_POLICY', 'policy.benefits[0].match.hosp_lv'],
  [
    'a fund layered twice',
    withPolicy('layers', [
      { fund: 'hifmi', threshold: '0.00', bands: [{ up_to: null, ratio: '0.5' }] },
      { fund: 'hifmi', threshold: '0.00', bands: [{ up_to: null, ratio: '0.5' }] },
    ]),
    'INVALID_POLICY',
    'policy.layers[1].fund',
  ],
  ['an unknown layer fund', withPolicy('layers', [{ fund: 'lottery', threshold: '0', bands: [{ up_to: null, ratio: '1' }] }]), 'UNKNOWN_FIELD_VALUE', 'policy.layers[0].fund'],
  ['a layer without a threshold', withPolicy('layers', [{ fund: 'maf', bands: [{ up_to: null, ratio: '1' }] }]), 'MISSING_FIELD', 'policy.layers[0].threshold'],
  ['an account part listed twice', withPolicy('account', { covers: ['deductible', 'deductible'] }), 'INVALID_POLICY', 'policy.account.covers[1]'],
  ['an unknown account part', withPolicy('account', { covers: ['lunch'] }), 'UNKNOWN_FIELD_VALUE', 'policy.account.covers[0]'],
  ['an unknown basis', withPolicy('benefits.0.cap', { basis: 'month', amount: '1.00' }), 'UNKNOWN_FIELD_VALUE', 'policy.benefits[0].cap.basis'],
  ['a band ratio as a number', withPolicy('benefits.0.bands', [{ up_to: null, ratio: 0.5 }]), 'NUMBER_NOT_STRING', 'policy.benefits[0].bands[0].ratio'],
  ['a policy region of 5 characters', withPolicy('admdvs', '33020'), 'UNKNOWN_FIELD_VALUE', 'policy.admdvs'],
  ['items that are not a list', withValue('items', { 0: line('1', '1.00') }), 'INVALID_TYPE', 'items'],
  ['designated as a string', withValue('encounter.designated', 'yes'), 'INVALID_TYPE', 'encounter.designated'],
];

describe('malformed requests', () => {
  it.each(cases)('rejects %s', (_name, request, code, path) => {
    const outcome = settle(request);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect({ code: outcome.error.code, path: outcome.error.path }).toEqual({ code, path });
    expect(outcome.error.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(outcome.error.en.length).toBeGreaterThan(0);
    expect(outcome.error.message).toContain(outcome.error.en);
  });

  it('accepts the base requests these cases start from', () => {
    expect(settle(baseRequest()).ok).toBe(true);
    expect(settle(baseRequest({ policy: inlinePolicy() })).ok).toBe(true);
  });

  it('counts decimal places as written, and accepts a zero written negative', () => {
    expect(settle(withValue('person.acct_balance', '1.20')).ok).toBe(true);
    expect(settle(withValue('person.acct_balance', '-0.00')).ok).toBe(true);
    expect(settle(withValue('items.0.selfpay_prop', '1.0000')).ok).toBe(true);
  });
});
