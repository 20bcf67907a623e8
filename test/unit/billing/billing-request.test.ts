import { describe, expect, it } from 'vitest';
import { transactions } from '../../../electron/center/transactions.js';
import { centerSettleInput, PRE_SETTLE_INFNO, requestViewSchema } from '../../../electron/queue/settle-input.js';
import { settle } from '../../../settlement/index.js';
import { createCatalog } from '../../../electron/service/catalog.js';
import type { Enrolment } from '../../../electron/service/enrolment.js';
import {
  admissionView,
  billingItems,
  billingRequest,
  depositSettlement,
  lineView,
  preSettleBilling,
  priceLines,
} from '../../../electron/service/handlers/billing-request.js';
import { orderSchema } from '../../../electron/service/contract/orders.js';

const catalog = createCatalog([
  { barcode: '1', med_list_codg: 'XJ01', name: '阿莫西林胶囊', spec: '24粒', pric: '12.50', chrgitm_lv: '01', selfpay_prop: '0' },
]);
const services = [
  { med_list_codg: '120100001', name: '床位费', spec: '日', pric: '40.00', chrgitm_lv: '01' as const, selfpay_prop: '0' },
  { med_list_codg: '331003004', name: '阑尾切除术', spec: '次', pric: '2800.00', chrgitm_lv: '02' as const, selfpay_prop: '0.10' },
];
const lookup = billingItems(catalog, services);
const enrolment = (admissions: number): Enrolment => ({
  psn_no: '33020000000000000102',
  insutype: '390',
  psn_type: 'resident_adult',
  insuplc_admdvs: '330200',
  psn_insu_stas: '1',
  acct_balance: '0.00',
  filing: null,
  ytd: { deductible_paid: '0.00', inscp_accumulated: '0.00', admissions },
});
const visit = { fixmedins_code: 'H33020000001', admdvs: '330200', date: '2025-06-16', cardValidTo: null };
const stayLines = [
  { med_list_codg: '120100001', cnt: '7' },
  { med_list_codg: '331003004', cnt: '1' },
];

function discharge(admissions: number) {
  const priced = priceLines(stayLines, lookup);
  if (!priced.ok) throw new Error(priced.error.en);
  const built = billingRequest(priced.value, enrolment(admissions), visit, { med_type: '21', date: '2025-06-09' });
  if (!built.ok) throw new Error(built.error.en);
  return built.value;
}

describe('the billing desk’s engine request', () => {
  it('carries the encounter’s med_type and date (the admission day) and the admissions earlier this year', () => {
    const built = discharge(1);
    expect(built.request).toMatchObject({
      policyRef: 'demo-330200-2025-390',
      person: { ytd: { admissions: 1 } },
      encounter: { med_type: '21', date: '2025-06-09', mdtrtarea_admvs: '330200' },
      items: [
        { feedetl_sn: '1', med_list_codg: '120100001', pric: '40.00', cnt: '7', chrgitm_lv: '01' },
        { feedetl_sn: '2', med_list_codg: '331003004', pric: '2800.00', cnt: '1', chrgitm_lv: '02', selfpay_prop: '0.10' },
      ],
    });
  });

  it('takes 1200.00 for the year’s first admission and 600.00 for the second, and explains it', () => {
    for (const [admissions, dedc, hifp, nth] of [
      [0, '1200.00', '1088.00', 1],
      [1, '600.00', '1496.00', 2],
      [4, '600.00', '1496.00', 5],
    ] as const) {
      const outcome = preSettleBilling(discharge(admissions));
      if (!outcome.ok) throw new Error(outcome.error.en);
      expect(outcome.value.pre.setlinfo).toMatchObject({ act_pay_dedc: dedc, hifp_pay: hifp });
      const view = admissionView(enrolment(admissions), outcome.value.result);
      expect(view).toMatchObject({ nth, act_pay_dedc: dedc });
      expect(view.explanation.zh).toContain(`第 ${String(nth)} 次住院`);
      expect(outcome.value.result.ytd_after.admissions).toBe(admissions + 1);
    }
  });

  it('settles an outpatient visit as med_type 11 under the outpatient rule, not counting an admission', () => {
    const priced = priceLines([{ med_list_codg: 'XJ01', cnt: '2' }], lookup);
    if (!priced.ok) throw new Error('priced');
    const built = billingRequest(priced.value, enrolment(0), visit, { med_type: '11', date: '2025-06-16' });
    if (!built.ok) throw new Error('built');
    const outcome = preSettleBilling(built.value);
    if (!outcome.ok) throw new Error(outcome.error.en);
    expect(outcome.value.pre.eligibility.rule).toContain('门诊');
    expect(outcome.value.result.ytd_after.admissions).toBe(0);
  });

  it('refuses a code in neither the catalog nor the service list', () => {
    const r = priceLines([{ med_list_codg: 'NOPE', cnt: '1' }], lookup);
    expect(r.ok ? 'priced' : r.error.code).toBe('BILLING_ITEM_NOT_FOUND');
  });

  it('rounds a line’s amount half-up to the fen, in decimal', () => {
    const priced = priceLines([{ med_list_codg: 'XJ01', cnt: '0.333' }], lookup);
    if (!priced.ok) throw new Error('priced');
    const [line] = priced.value;
    if (!line) throw new Error('a line');
    // 12.50 × 0.333 = 4.1625 → 4.16.
    expect(lineView(line).det_item_fee_sumamt).toBe('4.16');
  });
});

describe('the deposit against the cash share (应交 = psn_cash_pay − 累计预交金)', () => {
  it('collects what the deposit does not cover', () => {
    expect(depositSettlement('2560.38', '2000.00')).toEqual({ deposit: '2000.00', psn_cash_pay: '2560.38', due: '560.38', refund: '0.00' });
  });
  it('refunds what the deposit overpaid, exactly in decimal (no float drift)', () => {
    expect(depositSettlement('0.30', '0.10')).toMatchObject({ due: '0.20', refund: '0.00' });
    expect(depositSettlement('2267.82', '3000.00')).toMatchObject({ due: '0.00', refund: '732.18' });
    expect(depositSettlement('0.10', '0.30')).toMatchObject({ due: '0.00', refund: '0.20' });
  });
  it('owes nothing either way when they are equal, and normalizes to two decimals', () => {
    expect(depositSettlement('500', '500.00')).toEqual({ deposit: '500.00', psn_cash_pay: '500.00', due: '0.00', refund: '0.00' });
  });
});

describe('the orders and the inpatient transactions', () => {
  it('accepts outpatient and inpatient orders and refuses unknown fields', () => {
    expect(orderSchema.safeParse({ kind: 'outpatient', visitId: null, med_type: '11', lines: [{ med_list_codg: 'X', cnt: '1' }] }).success).toBe(true);
    expect(orderSchema.safeParse({ kind: 'inpatient', stayId: 'ZY1', lines: [{ med_list_codg: 'X', cnt: '1' }] }).success).toBe(true);
    expect(orderSchema.safeParse({ kind: 'inpatient', stayId: 'ZY1', lines: [{ med_list_codg: 'X', cnt: '1' }], deposit: '1.00' }).success).toBe(false);
    expect(orderSchema.safeParse({ kind: 'outpatient', visitId: null, med_type: 'eleven', lines: [{ med_list_codg: 'X', cnt: '1' }] }).success).toBe(false);
  });

  it('builds a 2304 input with the stay’s discharge fields that the 2304 schema accepts, and 2303 is its pre-settlement', () => {
    const built = discharge(0);
    const local = settle(built.request);
    if (!local.ok) throw new Error(local.error.en);
    const view = requestViewSchema.parse(built.request);
    const input = centerSettleInput('2304', view, local.value, { mdtrt_cert_type: '03', mdtrt_cert_no: 'M01' }, '2025-06-09 00:00:00', {
      dscg_time: '2025-06-16 10:00:00',
      dise_codg: 'K35.800',
    });
    expect(transactions['2304'].input.safeParse(input).success).toBe(true);
    expect(input).toMatchObject({ data: { med_type: '21', begntime: '2025-06-09 00:00:00', dscg_time: '2025-06-16 10:00:00', mid_setl_flag: '0' } });
    expect(PRE_SETTLE_INFNO['2304']).toBe('2303');
    expect(transactions['2303']).toMatchObject({ commits: false });
    expect(transactions['2304']).toMatchObject({ commits: true });
    expect(() => centerSettleInput('2304', view, local.value, { mdtrt_cert_type: '03', mdtrt_cert_no: 'M01' }, '2025-06-09 00:00:00')).toThrow(/dscg_time/);
  });

  it('the 2304 schema requires a discharge time and the 2305 schema a settlement id', () => {
    expect(transactions['2304'].input.safeParse({ data: {}, feedetail: [] }).success).toBe(false);
    expect(transactions['2305'].input.safeParse({ data: { setl_id: 'S1', mdtrt_id: 'M1', psn_no: 'P1' } }).success).toBe(true);
    expect(transactions['2305'].input.safeParse({ data: { mdtrt_id: 'M1', psn_no: 'P1' } }).success).toBe(false);
  });
});
