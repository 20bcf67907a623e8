/**
 * The cart order: a pharmacy purchase (2102, med_type 41) priced from the catalog, pre-settled
 * by the engine and settled at the counter through the queue (online first, provisional within
 * the offline limits). The pharmacy counter and the kiosk both settle carts.
 */
import { settle } from '../../settlement/index.js';
import type { CounterRequest, QueueResult, Receipt } from '../queue/index.js';
import type { ApiError, SettlementReceipt } from './contract.js';
import type { OrderSettler, ServiceContext } from './context.js';
import { failure, success } from './errors.js';
import { pharmacyRequest, preSettlePharmacy } from './pre-settle.js';

const SETTLE_NEXT = { zh: '未结算：请按提示处理后重试，或改为自费', en: 'Nothing was settled: follow the message and retry, or settle as self-pay' };

/** The queue's receipt as the contract's receipt. */
export function receiptView(r: Receipt): SettlementReceipt {
  return {
    settlementId: r.settlementId,
    msgid: r.msgid,
    infno: r.infno,
    status: r.status,
    title: r.title,
    amounts: r.amounts,
    source: r.source,
    setl_id: r.setl_id,
    notice: r.notice,
    disagreed: r.check !== null && r.check.disagreements.length > 0,
  };
}

/** The queue's failure as the service's, with what the operator can do next. */
export function settleFailure(outcome: Extract<QueueResult<unknown>, { ok: false }>): { ok: false; error: ApiError } {
  const e = outcome.error;
  return { ok: false, error: { code: e.code, zh: e.zh, en: e.en, next: SETTLE_NEXT, ...(e.details ? { details: e.details } : {}) } };
}

/** The cart settler over the shared context. */
export function createCartSettler(ctx: Pick<ServiceContext, 'catalog' | 'settleAtCounter' | 'actor' | 'carryForward' | 'log'>): OrderSettler<'cart'> {
  return {
    preSettle: (order, holder) => preSettlePharmacy(order.lines, holder.enrolment, ctx.catalog, holder.visit),

    async settle(order, holder, how) {
      const settleAtCounter = ctx.settleAtCounter;
      if (!settleAtCounter) return failure('SETTLE_UNAVAILABLE');
      const built = pharmacyRequest(order.lines, holder.enrolment, ctx.catalog, holder.visit);
      if (!built.ok) return built;
      const card = holder.reading;
      const local = settle(built.value.request);
      const request: CounterRequest = {
        infno: '2102',
        request: built.value.request,
        // 03 = social security card by its card number; a card that keeps it locked goes by ID number.
        certificate: card.card_no !== null ? { mdtrt_cert_type: '03', mdtrt_cert_no: card.card_no } : { mdtrt_cert_type: '02', mdtrt_cert_no: card.ssn ?? '' },
        person: { psn_name: card.name, certno: card.ssn },
        actor: how.opter_type === '2' ? 'kiosk' : ctx.actor(),
        opter: null,
        // The kiosk's settlements reach the center as self-service (opter_type 2, opter "kiosk").
        ...(how.opter_type === '2' ? { opter_type: '2' as const } : {}),
      };
      const outcome = await settleAtCounter(request);
      if (!outcome.ok) return settleFailure(outcome);
      const r = outcome.value;
      const receipt = receiptView(r);
      if (local.ok && !receipt.disagreed) {
        // The receipt's figures are the engine's (provisional) or agree with them (settled).
        ctx.carryForward(holder.enrolment.psn_no, { acct_balance: local.value.setlinfo.balc, ytd: local.value.ytd_after });
      } else {
        ctx.log(`settlement ${r.settlementId}: the center's figures differ from the estimate; balance and year-to-date not carried forward`);
      }
      return success(receipt);
    },
  };
}
