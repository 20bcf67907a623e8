import { afterEach, describe, expect, it } from 'vitest';
import {
  cancelSettlement,
  getSettlement,
  insertSettlementWithOutbox,
  listSettlements,
  markSettlementReversed,
  moveSettlement,
  quarantineSettlement,
  recordCenterSettlement,
  resubmitSettlement,
} from '../../../db/settlements.js';
import {
  enqueueMessage,
  getOutboxMessage,
  listDueOutbox,
  listOutbox,
  markOutboxDone,
  markOutboxInFlight,
  markOutboxRejected,
  markOutboxRetry,
  markOutboxReversed,
  markOutboxUnknown,
  recoverInFlight,
} from '../../../db/outbox.js';
import {
  handleAdjustment,
  listAdjustments,
  listQuarantine,
  releaseQuarantine,
} from '../../../db/adjustments.js';
import { queueSummary } from '../../../db/queue-summary.js';
import { verifyAuditChain } from '../../../db/audit.js';
import { createOperator } from '../../../db/operators.js';
import { fenToYuan } from '../../../db/fen.js';
import { FIXMEDINS, newSettlement, T0, tempStore } from '../../unit/db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  createOperator(
    t.store.db,
    { id: 'sup1', name: '李主管', role: 'supervisor', pin: '246810', actor: 'install' },
    T0,
  );
  return t;
}

const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe('a provisional settlement through upload', () => {
  it('is uploaded, settled by the center with a different cash share, and leaves an open refund', () => {
    const { store } = setup();
    const input = newSettlement();
    const { settlementId, outboxId } = insertSettlementWithOutbox(store, input, T0);
    const id = outboxId ?? -1;

    markOutboxInFlight(store, id, 'uploader', at(10));
    markOutboxRetry(store, id, { error: 'ECONNREFUSED', nextAttemptAt: at(70), actor: 'uploader' }, at(11));
    expect(listDueOutbox(store, at(60))).toEqual([]);
    expect(listDueOutbox(store, at(70)).map((m) => m.id)).toEqual([id]);
    markOutboxInFlight(store, id, 'uploader', at(70));
    expect(getOutboxMessage(store, id)).toMatchObject({
      state: 'in_flight',
      attempts: 2,
      lastError: 'ECONNREFUSED',
    });

    const local = getSettlement(store, settlementId);
    const centerCash = local.psn_cash_pay - 1234; // the center paid 12.34 more from the funds
    const { adjustmentId } = recordCenterSettlement(
      store,
      {
        settlementId,
        outboxId: id,
        actor: 'uploader',
        centerResult: { setlinfo: { psn_name: '欧阳娜娜', certno: '440305199001011235', setl_id: 'S1' } },
        medfee_sumamt: fenToYuan(local.medfee_sumamt),
        fund_pay_sumamt: fenToYuan(local.fund_pay_sumamt + 1234),
        acct_pay: fenToYuan(local.acct_pay),
        psn_cash_pay: fenToYuan(centerCash),
        setl_id: 'S1',
        clr_type: '11',
        clr_optins: '330200',
      },
      at(71),
    );
    const settled = getSettlement(store, settlementId);
    expect(settled).toMatchObject({
      state: 'settled',
      provisional: 1,
      setl_id: 'S1',
      center_psn_cash_pay: centerCash,
    });
    expect(settled.centerResult).toEqual({
      setlinfo: { psn_name: '欧阳娜娜', certno: '440305199001011235', setl_id: 'S1' },
    });
    expect(getOutboxMessage(store, id).state).toBe('done');
    expect(adjustmentId).not.toBeNull();
    expect(listAdjustments(store)).toMatchObject([
      { id: adjustmentId, kind: 'refund', amount: 1234, state: 'open', settlement_id: settlementId },
    ]);
    expect(queueSummary(store.db, at(72)).adjustmentsOpen).toEqual({
      count: 1,
      refundFen: 1234,
      amountDueFen: 0,
    });

    handleAdjustment(store, { adjustmentId: adjustmentId ?? -1, operatorId: 'sup1' }, at(100));
    expect(listAdjustments(store)).toEqual([]);
    expect(() => {
      handleAdjustment(store, { adjustmentId: adjustmentId ?? -1, operatorId: 'sup1' }, at(101));
    }).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    expect(verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });

  it('records an amount due when the center charges more cash, and nothing when it agrees', () => {
    const { store } = setup();
    const a = insertSettlementWithOutbox(store, newSettlement(), T0);
    const b = insertSettlementWithOutbox(store, newSettlement(), T0);
    for (const s of [a, b]) markOutboxInFlight(store, s.outboxId ?? -1, 'uploader', at(1));
    const cash = getSettlement(store, a.settlementId).psn_cash_pay;
    const due = recordCenterSettlement(
      store,
      {
        settlementId: a.settlementId,
        outboxId: a.outboxId ?? -1,
        actor: 'u',
        centerResult: {},
        psn_cash_pay: fenToYuan(cash + 50),
      },
      at(2),
    );
    const same = recordCenterSettlement(
      store,
      {
        settlementId: b.settlementId,
        outboxId: b.outboxId ?? -1,
        actor: 'u',
        centerResult: {},
        psn_cash_pay: fenToYuan(cash),
      },
      at(2),
    );
    expect(listAdjustments(store)).toMatchObject([{ id: due.adjustmentId, kind: 'amount_due', amount: 50 }]);
    expect(same.adjustmentId).toBeNull();
  });
});

describe('an online settlement whose answer times out', () => {
  it('is resolved by query and reversal, then settled again under a new msgid — never the old one resent', () => {
    const { store } = setup();
    const s = insertSettlementWithOutbox(store, newSettlement({ state: 'submitting' }), T0);
    const first = s.outboxId ?? -1;
    markOutboxInFlight(store, first, 'service', at(1));
    markOutboxUnknown(store, first, { error: 'timeout after 30 s', actor: 'service' }, at(31));

    expect(() =>
      resubmitSettlement(
        store,
        { settlementId: s.settlementId, fixmedinsCode: FIXMEDINS, payload: { again: true }, actor: 'u' },
        at(32),
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));

    const query = enqueueMessage(
      store,
      {
        fixmedinsCode: FIXMEDINS,
        infno: '5203',
        payload: { psn_no: '33020000000000000001' },
        settlementId: s.settlementId,
        refOutboxId: first,
        actor: 'u',
      },
      at(32),
    );
    const reversal = enqueueMessage(
      store,
      {
        fixmedinsCode: FIXMEDINS,
        infno: '2601',
        payload: { omsgid: s.msgid, oinfno: '2207' },
        settlementId: s.settlementId,
        refOutboxId: first,
        actor: 'u',
      },
      at(33),
    );
    expect(listOutbox(store, { settlementId: s.settlementId }).map((m) => m.infno)).toEqual([
      '2207',
      '5203',
      '2601',
    ]);
    for (const m of [query, reversal]) {
      markOutboxInFlight(store, m.outboxId, 'u', at(34));
      markOutboxDone(store, m.outboxId, { response: { infcode: 0 }, actor: 'u' }, at(35));
    }
    markOutboxReversed(store, first, { reversalOutboxId: reversal.outboxId, actor: 'u' }, at(36));

    const again = resubmitSettlement(
      store,
      { settlementId: s.settlementId, fixmedinsCode: FIXMEDINS, payload: { again: true }, actor: 'u' },
      at(37),
    );
    expect(again.msgid).not.toBe(s.msgid);
    expect(getSettlement(store, s.settlementId)).toMatchObject({ state: 'submitting', msgid: again.msgid });
    expect(getOutboxMessage(store, first).state).toBe('reversed');
  });

  it('marks messages left in flight by a crash as unknown on restart', () => {
    const { store } = setup();
    const s = insertSettlementWithOutbox(store, newSettlement({ state: 'submitting' }), T0);
    markOutboxInFlight(store, s.outboxId ?? -1, 'service', at(1));
    expect(recoverInFlight(store, 'startup', at(100))).toEqual([s.outboxId]);
    expect(getOutboxMessage(store, s.outboxId ?? -1)).toMatchObject({
      state: 'unknown',
      lastError: 'in flight when the terminal stopped',
    });
  });
});

describe('quarantine, cancellation, reversal', () => {
  it('quarantines a rejected provisional settlement, keeps it counted as exposure, and never deletes it', () => {
    const { store } = setup();
    const s = insertSettlementWithOutbox(store, newSettlement(), T0);
    markOutboxInFlight(store, s.outboxId ?? -1, 'uploader', at(1));
    markOutboxRejected(
      store,
      s.outboxId ?? -1,
      { error: '参保人欧阳娜娜状态异常', actor: 'uploader' },
      at(2),
    );
    const { quarantineId } = quarantineSettlement(
      store,
      {
        settlementId: s.settlementId,
        outboxId: s.outboxId,
        reason: 'CENTER_REJECTED',
        centerMessage: '参保人欧阳娜娜状态异常',
        actor: 'uploader',
      },
      at(3),
    );
    expect(getSettlement(store, s.settlementId).state).toBe('quarantined');
    expect(getOutboxMessage(store, s.outboxId ?? -1).state).toBe('quarantined');
    expect(listQuarantine(store)).toMatchObject([
      { id: quarantineId, reason: 'CENTER_REJECTED', center_message: '参保人欧阳娜娜状态异常' },
    ]);
    expect(queueSummary(store.db, at(4)).provisional.count).toBe(1);
    expect(() => store.db.prepare('DELETE FROM quarantine').run()).toThrow(/never deleted/);
    expect(() => store.db.prepare('DELETE FROM settlements').run()).toThrow(/never deleted/);
    expect(() => store.db.prepare('DELETE FROM outbox').run()).toThrow(/never deleted/);

    releaseQuarantine(store, { quarantineId, operatorId: 'sup1', note: '已人工核实' }, at(5));
    expect(listQuarantine(store)).toEqual([]);
    expect(listQuarantine(store, { includeReleased: true })).toHaveLength(1);
    const again = resubmitSettlement(
      store,
      { settlementId: s.settlementId, fixmedinsCode: FIXMEDINS, payload: { fixed: true }, actor: 'sup1' },
      at(6),
    );
    expect(getSettlement(store, s.settlementId)).toMatchObject({ state: 'provisional', msgid: again.msgid });
  });

  it('cancels a settlement whose message was never sent, and refuses once it may have reached the center', () => {
    const { store } = setup();
    const a = insertSettlementWithOutbox(store, newSettlement(), T0);
    cancelSettlement(store, { settlementId: a.settlementId, reason: 'patient left', actor: 'op1' }, at(1));
    expect(getOutboxMessage(store, a.outboxId ?? -1).state).toBe('cancelled');
    expect(listDueOutbox(store, at(2))).toEqual([]);

    const b = insertSettlementWithOutbox(store, newSettlement({ state: 'submitting' }), T0);
    markOutboxInFlight(store, b.outboxId ?? -1, 'service', at(1));
    expect(() => {
      cancelSettlement(store, { settlementId: b.settlementId, reason: 'x', actor: 'op1' }, at(2));
    }).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
  });

  it('reverses a settled settlement once, and refuses illegal moves', () => {
    const { store } = setup();
    const s = insertSettlementWithOutbox(store, newSettlement({ state: 'submitting' }), T0);
    markOutboxInFlight(store, s.outboxId ?? -1, 'service', at(1));
    recordCenterSettlement(
      store,
      { settlementId: s.settlementId, outboxId: s.outboxId ?? -1, actor: 'service', centerResult: {} },
      at(2),
    );
    markSettlementReversed(
      store,
      { settlementId: s.settlementId, reason: '3202 对账不平，已冲正', actor: 'sup1' },
      at(3),
    );
    expect(getSettlement(store, s.settlementId).state).toBe('reversed');
    expect(() => {
      markSettlementReversed(store, { settlementId: s.settlementId, reason: 'again', actor: 'sup1' }, at(4));
    }).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    expect(() => {
      moveSettlement(store, { settlementId: s.settlementId, to: 'submitting', actor: 'x' }, at(5));
    }).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    expect(() => {
      moveSettlement(store, { settlementId: 999, to: 'submitting', actor: 'x' }, at(5));
    }).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('moves a draft through pre-settlement to submitting', () => {
    const { store } = setup();
    const s = insertSettlementWithOutbox(store, newSettlement({ state: 'draft', outbox: undefined }), T0);
    moveSettlement(store, { settlementId: s.settlementId, to: 'pre_settled', actor: 'op1' }, at(1));
    moveSettlement(
      store,
      { settlementId: s.settlementId, to: 'provisional', actor: 'op1', reason: 'offline' },
      at(2),
    );
    expect(getSettlement(store, s.settlementId)).toMatchObject({ state: 'provisional', provisional: 1 });
  });
});

describe('the queue summary', () => {
  it('counts states, provisional exposure in fen, the oldest age, quarantine and adjustments', () => {
    const { store } = setup();
    const empty = queueSummary(store.db, T0);
    expect(empty.provisional).toEqual({
      count: 0,
      exposureFen: 0,
      medfeeFen: 0,
      oldestCreatedAt: null,
      oldestAgeMs: null,
    });

    const a = insertSettlementWithOutbox(store, newSettlement(), T0);
    const b = insertSettlementWithOutbox(store, newSettlement({}, 3), at(3600));
    insertSettlementWithOutbox(store, newSettlement({ state: 'submitting' }), at(3600));
    const sa = getSettlement(store, a.settlementId);
    const sb = getSettlement(store, b.settlementId);
    const summary = queueSummary(store.db, at(72 * 3600));
    expect(summary.settlements).toMatchObject({ provisional: 2, submitting: 1, settled: 0 });
    expect(summary.outbox).toMatchObject({ pending: 3, in_flight: 0 });
    expect(summary.provisional).toEqual({
      count: 2,
      exposureFen: sa.fund_pay_sumamt + sa.acct_pay + sb.fund_pay_sumamt + sb.acct_pay,
      medfeeFen: sa.medfee_sumamt + sb.medfee_sumamt,
      oldestCreatedAt: T0.toISOString(),
      oldestAgeMs: 72 * 3600 * 1000,
    });
    expect(listSettlements(store, { states: ['provisional'] }).map((s) => s.id)).toEqual([
      a.settlementId,
      b.settlementId,
    ]);
  });
});
