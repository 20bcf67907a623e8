/**
 * The supervisor channels (see contract/supervisor.ts): the queue at a glance with its actions,
 * reconciliation, the audit chain, the charts' data, and refunds (2208) with a supervisor's
 * approval.
 *
 * A refund of a settled settlement is a 2208 sent online: the approval and the 2208's outbox row
 * commit together, the row is sent under its own msgid, and only the center's answer makes it a
 * refund (the settlement becomes reversed). Offline nothing is refunded (the row is cancelled,
 * the approval kept as not_sent): cash goes back only against the center's negated answer. A
 * provisional settlement whose messages never reached the center is voided locally instead, so
 * no 2102 is ever sent for it and no 2208 is needed. An unknown 2208 outcome is resolved on the
 * next attempt by 5203 (the center's setl_state says whether the cancellation took).
 *
 * Once cancelled, what the patient paid goes back through the tenders they paid with (the
 * context's tender refunder, i.e. the payments' checkouts): QR and bank card to their account at
 * once (retried by the sweep until done), cash out of the drawer (counted in the shift). The
 * receipt says which, per tender.
 */
import {
  approveCenterRefund,
  approveLocalVoid,
  fenToYuan,
  getOperator,
  getOutboxMessage,
  getSettlement,
  handleAdjustment,
  listAdjustments,
  listOutbox,
  listQuarantine,
  liveRefundOf,
  markOutboxDone,
  markOutboxRejected,
  markOutboxRetry,
  markOutboxUnknown,
  markSettlementReversed,
  queueDepthByHour,
  queueSummary,
  recentSettlements,
  releaseQuarantine,
  settleRefundApproval,
  StoreError,
  totalsBetween,
  verifyAuditChain,
  yuanToFen,
  type RefundApproval,
  type RefundFen,
  type SettlementRecord,
  type Store,
} from '../../../db/index.js';
import { moveOutboxRow } from '../../../db/outbox.js';
import type { Setlinfo } from '../../center/tx-settle.js';
import { reconcileDay, type QueueContext } from '../../queue/index.js';
import { readPayload, toPayload } from '../../queue/payload.js';
import { callQuery, sendRow } from '../../queue/transmit.js';
import type { ApiResult, OutputOf } from '../contract.js';
import type { RefundReceipt } from '../contract/supervisor.js';
import type { TenderRefund } from '../../payments/checkout.js';
import type { supervisorChannels } from '../contract/supervisor.js';
import type { GroupHandlers, ServiceContext } from '../context.js';
import { failure, success } from '../errors.js';
import { checkOperatorPin, DEFAULT_LOCKOUT, type LockoutPolicy } from './session.js';

/** What the supervisor channels need beyond the shared context (built by boot). */
export type SupervisorDeps = {
  /** The queue's context (center link): reconciliation and 2208; absent without a center. */
  queue: QueueContext | undefined;
  lockout: LockoutPolicy;
};

/** The settlements a refund cancels at the center, and with what: 2208 for outpatient and pharmacy, 2305 for a discharge. */
const CANCEL_INFNO: Readonly<Record<string, '2208' | '2305'>> = { '2207': '2208', '2102': '2208', '2304': '2305' };
const REFUNDABLE_INFNOS: readonly string[] = Object.keys(CANCEL_INFNO);
const BEIJING_MS = 8 * 3_600_000;
/** The Beijing calendar day of an instant. */
const beijingDay = (at: Date): string => new Date(at.getTime() + BEIJING_MS).toISOString().slice(0, 10);
const amount = (fen: number): { yuan: string; fen: number } => ({ yuan: fenToYuan(fen), fen });
/** A refund's amount as the receipt prints it: negative, "0.00" for nothing. */
const negative = (fen: number): string => (fen === 0 ? '0.00' : fenToYuan(-fen));
const absFen = (yuan: string | undefined, fallback: number): number => (yuan === undefined || yuan === '' ? fallback : Math.abs(yuanToFen(yuan)));

const TENDER_NAMES = { cash: { zh: '现金', en: 'cash' }, scan: { zh: '扫码支付', en: 'scan-to-pay' }, bankcard: { zh: '银行卡', en: 'bank card' } } as const;

/** The receipt's notice when the patient paid through checkouts: what went back where, per tender. */
function tenderNotice(what: { zh: string; en: string }, back: readonly TenderRefund[]): { zh: string; en: string } {
  const zh: string[] = [what.zh];
  const en: string[] = [what.en];
  for (const t of back) {
    const name = TENDER_NAMES[t.tender];
    const yuan = fenToYuan(t.amountFen);
    if (t.tender === 'cash') {
      zh.push(`请从钱箱退还现金 ¥${yuan}`);
      en.push(`give back ¥${yuan} in cash from the drawer`);
    } else if (t.state === 'refunded') {
      zh.push(`¥${yuan} 已原路退回${name.zh}账户`);
      en.push(`¥${yuan} went back to the patient's ${name.en} account`);
    } else {
      zh.push(`¥${yuan} 原路退回${name.zh}处理中，系统自动重试，无需退现金`);
      en.push(`¥${yuan} is going back by ${name.en}; the terminal retries until done; no cash to hand over`);
    }
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}

/** What the settlement's figures give back, in positive fen (the center's where it gave them). */
function refundOfRecord(s: SettlementRecord): RefundFen {
  return {
    medfee: s.center_medfee_sumamt ?? s.medfee_sumamt,
    fund: s.center_fund_pay_sumamt ?? s.fund_pay_sumamt,
    acct: s.center_acct_pay ?? s.acct_pay,
    cash: s.center_psn_cash_pay ?? s.psn_cash_pay,
  };
}

/** The supervisor channels' handlers over the shared context. */
export function createSupervisorHandlers(ctx: ServiceContext, deps: SupervisorDeps | undefined): GroupHandlers<typeof supervisorChannels> {
  const lockout = deps?.lockout ?? DEFAULT_LOCKOUT;
  const withStore = <T>(fn: (store: Store) => ApiResult<T>): Promise<ApiResult<T>> =>
    Promise.resolve(ctx.store ? fn(ctx.store) : failure<T>('SETTLE_UNAVAILABLE'));

  const receipt = (store: Store, a: RefundApproval, msgid: string | null, back: TenderRefund[]): RefundReceipt => {
    const approver = getOperator(store.db, a.approved_by);
    const voided = a.method === 'void_local';
    const discharge = getSettlement(store, a.settlement_id).infno === '2304';
    const cancelled = voided
      ? { zh: '该笔结算尚未上传医保中心，已在本地作废', en: 'The center never had this settlement: it was voided here' }
      : { zh: '医保中心已撤销该笔结算；基金和个人账户已退回', en: 'The center cancelled the settlement; fund and account are restored' };
    // A discharge: the deposit stays with the stay, which is to be discharged again.
    const what = discharge
      ? { zh: `${cancelled.zh}；预交金仍记在本次住院，请重新办理出院结算`, en: `${cancelled.en}; the deposit stays with the stay, to be discharged again` }
      : cancelled;
    const nothingPaid = discharge
      ? { zh: `${what.zh}；出院时未收取现金（已退还的预交金余额在重新出院结算时冲抵）`, en: `${what.en}; nothing was collected at discharge (a deposit balance paid back is netted at the next discharge)` }
      : { zh: `${what.zh}；请退还现金部分`, en: `${what.en}; give the cash part back` };
    return {
      settlementId: a.settlement_id,
      approvalId: a.id,
      method: a.method,
      msgid,
      cancel_setl_id: a.cancel_setl_id,
      amounts: {
        medfee_sumamt: negative(a.refund_medfee ?? 0),
        fund_pay_sumamt: negative(a.refund_fund ?? 0),
        acct_pay: negative(a.refund_acct ?? 0),
        psn_cash_pay: negative(a.refund_cash ?? 0),
      },
      tenders: back.map((t) => ({ tender: t.tender, amount: fenToYuan(t.amountFen), state: t.state })),
      approvedBy: { id: a.approved_by, name: approver?.name ?? a.approved_by },
      requestedBy: a.requested_by,
      reason: a.reason,
      at: a.completed_at ?? a.created_at,
      title: discharge
          ? { zh: '退费凭证（住院结算撤销）', en: 'Refund receipt (discharge settlement cancelled)' }
          : { zh: '退费凭证（结算撤销）', en: 'Refund receipt (settlement cancelled)' },
      notice: back.length === 0 ? nothingPaid : tenderNotice(what, back),
    };
  };

  /** Sends an approved 2208 row and records the outcome; the refund's receipt or why not. */
  const sendCancellation = async (queue: QueueContext, store: Store, approvalId: number, outboxId: number, actor: string): Promise<ApiResult<RefundReceipt>> => {
    const row = getOutboxMessage(store, outboxId);
    const stored = readPayload(row);
    if (!stored) return failure('INTERNAL', { outboxId });
    queue.claims.add(outboxId);
    let sent;
    try {
      sent = await sendRow(queue, store, row, row.infno === '2305' ? '2305' : '2208', stored, actor, { markInFlight: true });
    } finally {
      queue.claims.delete(outboxId);
    }
    const now = ctx.clock();
    const atomically = (fn: () => void): void => {
      store.db.transaction(fn).immediate();
    };
    const notArrived = !sent.sent ? sent : sent.result.outcome === 'unreachable' ? { outcome: 'unreachable' as const, error: sent.result.error } : undefined;
    if (notArrived) {
      // Certainly not arrived: nothing was cancelled. The row is cancelled (never resent later
      // behind the counter's back) and the approval says it was not sent.
      atomically(() => {
        if (getOutboxMessage(store, outboxId).state === 'in_flight') markOutboxRetry(store, outboxId, { error: 'center unreachable', nextAttemptAt: now, actor }, now);
        moveOutboxRow(store, outboxId, 'cancelled', { completed: true }, { actor }, now);
        settleRefundApproval(store, { approvalId, state: 'not_sent', actor, error: notArrived.error.en }, now);
      });
      return notArrived.outcome === 'rejected' ? failure('REFUND_REJECTED', { center: notArrived.error.en }) : failure('REFUND_CENTER_UNREACHABLE');
    }
    if (!sent.sent) return failure('INTERNAL');
    const r = sent.result;
    if (r.outcome === 'ok') {
      const s: Setlinfo = r.value.setlinfo;
      const settlement = getSettlement(store, row.settlementId ?? 0);
      const base = refundOfRecord(settlement);
      const refund: RefundFen = {
        medfee: absFen(s.medfee_sumamt, base.medfee),
        fund: absFen(s.fund_pay_sumamt, base.fund),
        acct: absFen(s.acct_pay, base.acct),
        cash: absFen(s.psn_cash_pay, base.cash),
      };
      atomically(() => {
        markOutboxDone(store, outboxId, { actor }, now);
        markSettlementReversed(store, { settlementId: settlement.id, reason: `cancelled by 2208 ${row.msgid}`, actor }, now);
        settleRefundApproval(store, { approvalId, state: 'done', actor, refund, cancelSetlId: s.setl_id ?? null }, now);
      });
      return done(store, settlement.id, row.msgid);
    }
    if (r.outcome === 'rejected') {
      atomically(() => {
        markOutboxRejected(store, outboxId, { error: r.err_msg || r.error.en, actor }, now);
        settleRefundApproval(store, { approvalId, state: 'refused', actor, error: r.err_msg || r.error.en }, now);
      });
      return failure('REFUND_REJECTED', { center: r.err_msg || r.error.en });
    }
    atomically(() => {
      markOutboxUnknown(store, outboxId, { error: r.error.en, actor }, now);
      settleRefundApproval(store, { approvalId, state: 'unknown', actor, error: r.error.en }, now);
    });
    return failure('REFUND_UNKNOWN', { msgid: row.msgid });
  };

  const done = async (store: Store, settlementId: number, msgid: string | null): Promise<ApiResult<RefundReceipt>> => {
    const a = liveRefundOf(store, settlementId);
    if (!a) return failure('INTERNAL', { settlementId });
    // Awaited: the receipt comes back once the next estimate is right (no lookup left racing the counter).
    await ctx.settlementUndone(getSettlement(store, settlementId).psn_no);
    // The patient's money back through the tenders they paid with, now (the sweep retries what fails).
    let back: TenderRefund[];
    try {
      back = (await ctx.payments()?.refundSettlement(settlementId)) ?? [];
    } catch (e) {
      ctx.log(`refund of settlement ${String(settlementId)}: tenders not refunded yet (the sweep retries): ${e instanceof Error ? e.message : String(e)}`);
      back = [];
    }
    return success(receipt(store, a, msgid, back));
  };

  /**
   * An earlier 2208 whose answer never came: 5203 by the settlement's msgid tells whether the
   * center holds it cancelled (the refund is done) or still settled (the 2208 did not take, and
   * the refund may be asked for again). Undefined: resolved as not done, go on.
   */
  const resolveUnknown = async (queue: QueueContext, store: Store, settlement: SettlementRecord, a: RefundApproval, actor: string): Promise<ApiResult<RefundReceipt> | undefined> => {
    const outboxId = a.outbox_id;
    if (outboxId === null || queue.claims.has(outboxId)) return failure('REFUND_WAIT');
    const row = getOutboxMessage(store, outboxId);
    if (row.state === 'in_flight' || row.state === 'pending') return failure('REFUND_WAIT');
    const stored = readPayload(row);
    if (!stored || settlement.msgid === null) return failure('INTERNAL', { outboxId });
    const q = await callQuery(queue, '5203', { data: { psn_no: settlement.psn_no, medins_setl_id: settlement.msgid } }, stored.insuplc_admdvs);
    if (!q.sent || q.result.outcome !== 'ok') return failure('REFUND_UNKNOWN', { msgid: row.msgid });
    const s = q.result.value.setlinfo;
    const now = ctx.clock();
    if (s?.setl_state === 'cancelled') {
      store.db
        .transaction(() => {
          markOutboxDone(store, outboxId, { actor }, now);
          markSettlementReversed(store, { settlementId: settlement.id, reason: `cancelled by 2208 ${row.msgid} (confirmed by 5203)`, actor }, now);
          settleRefundApproval(store, { approvalId: a.id, state: 'done', actor, refund: refundOfRecord(settlement) }, now);
        })
        .immediate();
      return done(store, settlement.id, row.msgid);
    }
    if (s?.setl_state === 'settled') {
      store.db
        .transaction(() => {
          markOutboxRejected(store, outboxId, { error: 'the center still holds the settlement (5203)', actor }, now);
          settleRefundApproval(store, { approvalId: a.id, state: 'refused', actor, error: 'not cancelled at the center (5203)' }, now);
        })
        .immediate();
      return undefined;
    }
    return failure('REFUND_UNKNOWN', { msgid: row.msgid });
  };

  return {
    queueOverview() {
      return withStore((store) => {
        const q = queueSummary(store.db, ctx.clock());
        return success({
          provisional: {
            count: q.provisional.count,
            exposure: amount(q.provisional.exposureFen),
            medfee: amount(q.provisional.medfeeFen),
            oldestCreatedAt: q.provisional.oldestCreatedAt,
            oldestAgeMs: q.provisional.oldestAgeMs,
          },
          outbox: { pending: q.outbox.pending, unknown: q.outbox.unknown, inFlight: q.outbox.in_flight },
          quarantine: listQuarantine(store).map((r) => ({ id: r.id, settlementId: r.settlement_id, reason: r.reason, centerMessage: r.center_message, createdAt: r.created_at })),
          adjustments: listAdjustments(store).map((a) => ({
            id: a.id,
            settlementId: a.settlement_id,
            kind: a.kind,
            amount: fenToYuan(a.amount),
            reason: a.reason,
            createdAt: a.created_at,
            checkoutId: ctx.payments()?.checkoutOf(a.settlement_id) ?? null,
          })),
        });
      });
    },

    async handleAdjustment({ adjustmentId }) {
      const store = ctx.store;
      if (!store) return failure('SETTLE_UNAVAILABLE');
      const adjustment = listAdjustments(store).find((a) => a.id === adjustmentId);
      if (!adjustment) return failure('STATE_CHANGED', { adjustmentId });
      // Paid for through a checkout: the cash paid out (or the rest taken) is recorded there first, so the shift counts it.
      const paid = await ctx.payments()?.settleAdjustment(adjustment.settlement_id, adjustment.kind);
      if (paid && !paid.ok) return paid;
      try {
        handleAdjustment(store, { adjustmentId, operatorId: ctx.actor() }, ctx.clock());
      } catch (e) {
        // Handled meanwhile (the payments closed it when the rest was collected, or another supervisor).
        if (e instanceof StoreError && e.code === 'INVALID_STATE_TRANSITION') return failure('STATE_CHANGED', { adjustmentId });
        throw e;
      }
      ctx.queueChanged();
      return success({ handled: true as const });
    },

    releaseQuarantine({ quarantineId, note }) {
      return withStore((store) => {
        try {
          releaseQuarantine(store, { quarantineId, operatorId: ctx.actor(), note }, ctx.clock());
        } catch (e) {
          if (e instanceof StoreError && e.code === 'INVALID_STATE_TRANSITION') return failure('STATE_CHANGED', { quarantineId });
          throw e;
        }
        ctx.queueChanged();
        return success({ released: true as const });
      });
    },

    async reconcileDay({ date }) {
      const queue = deps?.queue;
      if (!queue) return failure('RECONCILE_UNAVAILABLE');
      const r = await reconcileDay(queue, date);
      if (!r.ok) {
        if (r.error.code === 'CENTER_UNREACHABLE') return failure('CENTER_UNREACHABLE');
        return { ok: false, error: { code: r.error.code, zh: r.error.zh, en: r.error.en } };
      }
      const report = r.value;
      const unbalanced = report.groups.filter((g) => g.status !== 'balanced').length;
      const advice =
        report.groups.length === 0
          ? { zh: '当日没有已结算的记录，无需对账', en: 'No settled settlements that day: nothing to reconcile' }
          : unbalanced === 0
            ? { zh: '对账平衡，无需处理', en: 'Balanced: nothing to do' }
            : {
                zh: `${unbalanced} 组不平：请核对所列组的笔数和金额，本地记录未改动；必要时逐笔查询(5203)或联系医保经办机构`,
                en: `${unbalanced} group(s) do not balance: compare the listed counts and amounts; nothing was changed here; query single settlements (5203) or call the insurance office`,
              };
      const pending =
        report.unconfirmed > 0
          ? { zh: `；另有 ${report.unconfirmed} 笔待中心确认，队列清空后请再对一次`, en: `; ${report.unconfirmed} settlement(s) still await the center: reconcile again once the queue is empty` }
          : { zh: '', en: '' };
      return success({ ...report, advice: { zh: advice.zh + pending.zh, en: advice.en + pending.en } });
    },

    verifyAudit() {
      return withStore((store) => {
        const v = verifyAuditChain(store.db);
        return success(v.ok ? { ok: true, count: v.count, head: v.head, firstBad: null } : { ok: false, count: v.count, head: null, firstBad: v.firstBad });
      });
    },

    dayTotals({ date }) {
      return withStore((store) => {
        const d = date ?? beijingDay(ctx.clock());
        const from = new Date(Date.parse(`${d}T00:00:00+08:00`));
        const t = totalsBetween(store.db, from, new Date(from.getTime() + 24 * 3_600_000));
        return success({ date: d, count: t.count, medfee: amount(t.medfee), fund: amount(t.fund), account: amount(t.acct), cash: amount(t.cash) });
      });
    },

    queueDepth() {
      return withStore((store) => success(queueDepthByHour(store.db, ctx.clock(), 24)));
    },

    recentSettlements({ limit }) {
      return withStore((store) =>
        success(
          recentSettlements(store.db, limit ?? 20).map((s): OutputOf<'recentSettlements'>[number] => ({
            id: s.id,
            state: s.state,
            provisional: s.provisional === 1,
            infno: s.infno,
            msgid: s.msgid,
            opter: s.opter,
            setl_id: s.setl_id,
            amounts: { medfee_sumamt: fenToYuan(s.medfee), fund_pay_sumamt: fenToYuan(s.fund), acct_pay: fenToYuan(s.acct), psn_cash_pay: fenToYuan(s.cash) },
            createdAt: s.created_at,
            refundState: s.refund_state,
            refundable: REFUNDABLE_INFNOS.includes(s.infno) && ['settled', 'provisional', 'quarantined'].includes(s.state) && !['done', 'pending', 'unknown'].includes(s.refund_state ?? ''),
          })),
        ),
      );
    },

    async refundSettlement({ settlementId, reason, approval }) {
      const store = ctx.store;
      if (!store) return failure('SETTLE_UNAVAILABLE');
      let settlement: SettlementRecord;
      try {
        settlement = getSettlement(store, settlementId);
      } catch (e) {
        if (e instanceof StoreError && e.code === 'NOT_FOUND') return failure('SETTLEMENT_NOT_FOUND', { settlementId });
        throw e;
      }
      // 2208 cancels outpatient (2207) and pharmacy (2102) settlements, 2305 a discharge (2304).
      const cancelInfno = CANCEL_INFNO[settlement.infno];
      if (cancelInfno === undefined) return failure('NOT_REFUNDABLE', { settlementId, infno: settlement.infno });
      const live = liveRefundOf(store, settlementId);
      if (live?.state === 'done') return failure('ALREADY_REFUNDED', { settlementId, approvalId: live.id });
      const actor = ctx.actor();
      const now = ctx.clock();
      // A cashier undoes today's settlements; an earlier day's is the supervisor's to undo.
      if (beijingDay(new Date(settlement.created_at)) !== beijingDay(now) && getOperator(store.db, actor)?.role !== 'supervisor') {
        return failure('REFUND_OTHER_DAY', { settlementId, createdAt: settlement.created_at });
      }
      // The approver's PIN, checked on its own whoever is logged in (and counted toward their lockout).
      const checked = checkOperatorPin(store, { operatorId: approval.supervisorId, pin: approval.pin, purpose: 'approval', lockout }, now);
      if (!checked.ok) return checked.error.code === 'LOCKED_OUT' ? checked : failure('APPROVAL_REFUSED', checked.error.details);
      if (checked.value.role !== 'supervisor') return failure('APPROVAL_REFUSED', { role: checked.value.role });
      const base = { settlementId, requestedBy: actor, approvedBy: checked.value.id, reason };

      if (live) {
        // pending or unknown: an earlier 2208 for this settlement has no answer yet.
        if (!deps?.queue) return failure('REFUND_WAIT');
        const resolved = await resolveUnknown(deps.queue, store, settlement, live, actor);
        if (resolved) return resolved;
        settlement = getSettlement(store, settlementId);
      }

      switch (settlement.state) {
        case 'settled': {
          const queue = deps?.queue;
          if (!queue) return failure('SETTLE_UNAVAILABLE');
          const original = listOutbox(store, { settlementId }).find((r) => r.msgid === settlement.msgid);
          const stored = original ? readPayload(original) : undefined;
          if (!stored || settlement.setl_id === null || settlement.mdtrt_id === null) return failure('NOT_REFUNDABLE', { settlementId, state: settlement.state });
          const payload = toPayload({
            v: 1,
            insuplc_admdvs: stored.insuplc_admdvs,
            input: { data: { setl_id: settlement.setl_id, mdtrt_id: settlement.mdtrt_id, psn_no: settlement.psn_no, expContent: reason } },
          });
          const approved = approveCenterRefund(store, { ...base, fixmedinsCode: settlement.fixmedins_code, payload, infno: cancelInfno }, now);
          const result = await sendCancellation(queue, store, approved.approvalId, approved.outboxId, actor);
          ctx.queueChanged();
          return result;
        }
        case 'provisional':
        case 'quarantined': {
          try {
            approveLocalVoid(store, { ...base, refund: refundOfRecord(settlement) }, now);
          } catch (e) {
            // A message of it may be at the center (in flight, unknown, done): wait for the answer.
            if (e instanceof StoreError && e.code === 'INVALID_STATE_TRANSITION') return failure('REFUND_WAIT', { settlementId });
            throw e;
          }
          ctx.queueChanged();
          return done(store, settlementId, null);
        }
        case 'submitting':
          return failure('REFUND_WAIT', { settlementId });
        case 'reversed':
        case 'cancelled':
          return failure(live ? 'ALREADY_REFUNDED' : 'NOT_REFUNDABLE', { settlementId, state: settlement.state });
        default:
          return failure('NOT_REFUNDABLE', { settlementId, state: settlement.state });
      }
    },
  };
}
