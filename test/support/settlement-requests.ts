/** Builders for settlement requests in tests: a valid base request, overridden per case. */
import { settle, type SettlementResult } from '../../settlement/index.js';

export type Json = Record<string, unknown>;

/** A small inline policy: one local benefit with the given bands and extras. */
export function inlinePolicy(overrides: Json = {}, benefit: Json = {}): Json {
  return {
    id: 'test-330200-2025-390',
    admdvs: '330200',
    insutype: '390',
    valid_from: '2025-01-01',
    valid_to: '2025-12-31',
    benefits: [
      {
        name: 'test benefit',
        bands: [{ up_to: null, ratio: '0.50' }],
        ...benefit,
      },
    ],
    ...overrides,
  };
}

/** A valid request for the demo pack (Ningbo residents, local, level 3 inpatient). */
export function baseRequest(parts: { person?: Json; encounter?: Json; items?: Json[]; policy?: Json; policyRef?: string } = {}): Json {
  const request: Json = {
    person: {
      psn_no: '33020000000000000001',
      insutype: '390',
      psn_type: 'resident_adult',
      age: 59,
      insuplc_admdvs: '330200',
      psn_insu_stas: '1',
      acct_balance: '0.00',
      ...parts.person,
    },
    encounter: {
      med_type: '21',
      mdtrtarea_admvs: '330200',
      fixmedins_code: 'H33020000001',
      hosp_lv: '3',
      date: '2025-03-01',
      ...parts.encounter,
    },
    items: parts.items ?? [line('1', '100.00')],
  };
  if (parts.policy) request.policy = parts.policy;
  else request.policyRef = parts.policyRef ?? 'demo-330200-2025-390';
  return request;
}

/** A class A fee line of `amount` yuan (price = amount, count 1). */
export function line(sn: string, amount: string, extra: Json = {}): Json {
  return { feedetl_sn: sn, med_list_codg: `X${sn}`, name: `item ${sn}`, pric: amount, cnt: '1', chrgitm_lv: '01', ...extra };
}

/** Settles and fails the test if the request is rejected. */
export function settleOk(request: unknown): SettlementResult {
  const outcome = settle(request);
  if (!outcome.ok) throw new Error(`expected a settlement, got ${JSON.stringify(outcome.error)}`);
  return outcome.value;
}
