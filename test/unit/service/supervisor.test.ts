import { afterEach, describe, expect, it } from 'vitest';
import {
  approveCenterRefund,
  approveLocalVoid,
  createOperator,
  getRefundApproval,
  getSettlement,
  insertSettlementWithOutbox,
  listOutbox,
  liveRefundOf,
  markOutboxInFlight,
  queueDepthByHour,
  settleRefundApproval,
  totalsBetween,
  verifyAuditChain,
} from '../../../db/index.js';
import { stmt } from '../../../db/statements.js';
import { newSettlement, T0, tempStore } from '../db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  createOperator(t.store.db, { id: '9001', name: 'Boss', role: 'supervisor', pin: '9999', actor: 'setup' }, T0);
  return t;
}
const HOUR = 3_600_000;
const approval = { requestedBy: '1001', approvedBy: '9001', reason: '退药' };

describe('refund approvals', () => {
  it('writes the approval and the 2208 outbox row in one transaction, and refuses a second live one', () => {
    const { store } = setup();
    const { settlementId } = insertSettlementWithOutbox(store, newSettlement(), T0);
    const before = stmt(store.db, 'SELECT count(*) FROM outbox').pluck().get();
    const a = approveCenterRefund(store, { settlementId, ...approval, fixmedinsCode: 'H33020000001', payload: { v: 1 } }, T0);
    expect(stmt(store.db, 'SELECT count(*) FROM outbox').pluck().get()).toBe(Number(before) + 1);
    expect(listOutbox(store, { settlementId }).find((o) => o.id === a.outboxId)).toMatchObject({ infno: '2208', state: 'pending', msgid: a.msgid });
    expect(liveRefundOf(store, settlementId)).toMatchObject({ id: a.approvalId, state: 'pending', approved_by: '9001', method: 'center_2208' });
    // A second approval fails as a whole: no outbox row is left behind.
    expect(() => approveCenterRefund(store, { settlementId, ...approval, fixmedinsCode: 'H33020000001', payload: { v: 1 } }, T0)).toThrow(/already refunded/);
    expect(stmt(store.db, 'SELECT count(*) FROM outbox').pluck().get()).toBe(Number(before) + 1);
  });

  it('lets a refused refund be asked for again, and records what went back', () => {
    const { store } = setup();
    const { settlementId } = insertSettlementWithOutbox(store, newSettlement(), T0);
    const first = approveCenterRefund(store, { settlementId, ...approval, fixmedinsCode: 'H33020000001', payload: { v: 1 } }, T0);
    settleRefundApproval(store, { approvalId: first.approvalId, state: 'refused', actor: '1001', error: 'no' }, T0);
    expect(liveRefundOf(store, settlementId)).toBeUndefined();
    const second = approveCenterRefund(store, { settlementId, ...approval, fixmedinsCode: 'H33020000001', payload: { v: 1 } }, T0);
    settleRefundApproval(store, { approvalId: second.approvalId, state: 'done', actor: '1001', refund: { medfee: 1250, fund: 625, acct: 625, cash: 0 }, cancelSetlId: 'C1' }, T0);
    expect(getRefundApproval(store, second.approvalId)).toMatchObject({ state: 'done', refund_medfee: 1250, refund_cash: 0, cancel_setl_id: 'C1' });
    expect(verifyAuditChain(store.db).ok).toBe(true);
  });

  it('voids a provisional settlement whose message never left, but not one whose message may be at the center', () => {
    const { store } = setup();
    const unsent = insertSettlementWithOutbox(store, newSettlement(), T0);
    approveLocalVoid(store, { settlementId: unsent.settlementId, ...approval, refund: { medfee: 100, fund: 50, acct: 0, cash: 50 } }, T0);
    expect(getSettlement(store, unsent.settlementId).state).toBe('cancelled');
    expect(liveRefundOf(store, unsent.settlementId)).toMatchObject({ method: 'void_local', state: 'done', outbox_id: null });

    const sent = insertSettlementWithOutbox(store, newSettlement(), T0);
    if (sent.outboxId === null) throw new Error('no outbox row');
    markOutboxInFlight(store, sent.outboxId, 'uploader', T0);
    expect(() => approveLocalVoid(store, { settlementId: sent.settlementId, ...approval, refund: { medfee: 100, fund: 50, acct: 0, cash: 50 } }, T0)).toThrow(/may have reached the center/);
    // Nothing of the refused void stays: no approval, the settlement untouched.
    expect(liveRefundOf(store, sent.settlementId)).toBeUndefined();
    expect(getSettlement(store, sent.settlementId).state).toBe('provisional');
  });
});

describe('the supervisor’s charts', () => {
  it('counts the queue’s depth at the end of each hour from creation to settlement', () => {
    const { store } = setup();
    const a = insertSettlementWithOutbox(store, newSettlement(), new Date(T0.getTime() - 5 * HOUR));
    insertSettlementWithOutbox(store, newSettlement(), new Date(T0.getTime() - 2 * HOUR - 60_000));
    // The first one is confirmed 3 h 30 min after it was made.
    stmt(store.db, "UPDATE settlements SET state = 'settled', settled_at = ? WHERE id = ?").run(new Date(T0.getTime() - 90 * 60_000).toISOString(), a.settlementId);
    const depth = queueDepthByHour(store.db, T0, 6).map((p) => p.depth);
    // Hour ends at T0−5h … T0: [1, 1, 1, 2, 1, 1]
    expect(depth).toEqual([1, 1, 1, 2, 1, 1]);
  });

  it('totals a day by fund, account and cash in fen, leaving out cancelled settlements', () => {
    const { store } = setup();
    const s = newSettlement();
    insertSettlementWithOutbox(store, s, T0);
    const gone = insertSettlementWithOutbox(store, newSettlement(), T0);
    approveLocalVoid(store, { settlementId: gone.settlementId, ...approval, refund: { medfee: 0, fund: 0, acct: 0, cash: 0 } }, T0);
    const t = totalsBetween(store.db, new Date(T0.getTime() - HOUR), new Date(T0.getTime() + HOUR));
    expect(t.count).toBe(1);
    expect(t.fund + t.acct + t.cash).toBeLessThanOrEqual(t.medfee);
    expect(t.medfee).toBe(getSettlement(store, 1).medfee_sumamt);
  });
});
