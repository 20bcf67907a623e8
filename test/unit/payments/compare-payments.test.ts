/** The chaos run's payments check finds what it must: money kept without a settlement, a charge under an unknown key, a live bill unpaid. */
import { afterEach, describe, expect, it } from 'vitest';
import { insertCheckout, insertPayment, updateCheckout } from '../../../db/payments.js';
import { comparePayments } from '../../../electron/queue/chaos/compare-payments.js';
import { tempStore } from '../db/support.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const NOW = '2026-11-28T00:00:00.000Z';

function setUp() {
  const t = tempStore();
  cleanups.push(t.cleanup);
  // Settlement rows are not needed here: a checkout without a live settlement is the case under test.
  t.store.db.pragma('foreign_keys = OFF');
  const db = t.store.db;
  const c = insertCheckout(db, { ckey: 'checkout-0001', order: {}, how: null, tender: 'scan', actor: 't', amountDue: 500 }, NOW);
  insertPayment(db, { checkoutId: c.id, pkey: 'checkout-0001-p1', tender: 'scan', amount: 500, state: 'paid' }, NOW);
  return { db, c };
}
const paid = (key: string, amountFen = 500) => ({ key, amountFen, status: 'paid' as const, ref: 'R', refundedFen: 0, code: null });

describe('comparePayments', () => {
  it('counts money kept for a checkout with no live settlement as double charged, and a refund clears it', () => {
    const { db } = setUp();
    expect(comparePayments(db, { payments: [paid('checkout-0001-p1')], refunds: [] }).doubleCharged).toBe(1);
    const refunded = comparePayments(db, { payments: [paid('checkout-0001-p1')], refunds: [{ rkey: 'r', payKey: 'checkout-0001-p1', amountFen: 500 }] });
    expect(refunded).toMatchObject({ doubleCharged: 0, unpaid: 0 });
  });

  it('counts a charge under a key the terminal never recorded', () => {
    const { db } = setUp();
    const r = comparePayments(db, { payments: [paid('checkout-0001-p1'), paid('stranger-p1')], refunds: [{ rkey: 'r', payKey: 'checkout-0001-p1', amountFen: 500 }] });
    expect(r.doubleCharged).toBe(1);
    expect(r.problems.join('\n')).toContain('never recorded');
  });

  it('counts a settled checkout whose live settlement collected nothing as unpaid', () => {
    const { db, c } = setUp();
    db.exec(`INSERT INTO settlements (id, state, provisional, fixmedins_code, infno, psn_no, insutype, med_type, request_json, local_result_json, medfee_sumamt, fund_pay_sumamt, acct_pay, psn_cash_pay, hosp_part_amt, created_at, updated_at)
      SELECT 7, 'settled', 0, 'H33020000001', '2102', 'p', '390', '41', '{}', '{}', 1000, 500, 0, 500, 0, '${NOW}', '${NOW}'`);
    updateCheckout(db, c.id, { state: 'settled', settlement_id: 7, final_cash: 500 }, NOW);
    const r = comparePayments(db, { payments: [{ ...paid('checkout-0001-p1'), status: 'declined' }], refunds: [] });
    expect(r.unpaid).toBe(1);
    expect(comparePayments(db, { payments: [paid('checkout-0001-p1')], refunds: [] })).toMatchObject({ unpaid: 0, doubleCharged: 0 });
  });
});
