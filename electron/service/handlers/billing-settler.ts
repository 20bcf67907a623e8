/**
 * The billing desk's two kinds of order and how they settle: an outpatient visit (2207, the
 * visit's med_type) and an inpatient discharge (2304, med_type 21…, dated the admission day,
 * with the discharge time and diagnosis). Both go through the queue (settleAtCounter): recorded
 * with the outbox row before sending, provisional within the offline limits when the center is
 * unreachable (a discharge's insured share usually exceeds the per-settlement limit, so offline
 * it is refused and the patient is told to wait or pay in full: README, section billing).
 */
import { settle } from '../../../settlement/index.js';
import { yuanToFen } from '../../../db/fen.js';
import { recordAdmission, recordOutpatientVisit } from '../../../db/billing.js';
import type { CounterRequest } from '../../queue/index.js';
import type { ApiResult, Order, SettlementReceipt } from '../contract.js';
import type { BillingQuote } from '../contract/billing.js';
import type { Holder, OrderSettler, ServiceContext } from '../context.js';
import { receiptView, settleFailure } from '../cart-settler.js';
import { failure, success } from '../errors.js';
import type { HisStay, HisVisit } from './billing-demo.js';
import {
  admissionView,
  billingRequest,
  depositSettlement,
  preSettleBilling,
  priceLines,
  type BillingEncounter,
  type BillingRequest,
  type ItemLookup,
} from './billing-request.js';

/** Where the desk finds the items and a patient's pending visits and stays (HIS; demo in training). */
export type BillingSource = {
  lookup: ItemLookup;
  /** The person's pending visit, if any by that id. */
  visit: (psn_no: string, visitId: string) => HisVisit | undefined;
  /** The person's pending stay, if any by that id. */
  stay: (psn_no: string, stayId: string) => HisStay | undefined;
  /** A stay's deposit (yuan) by its id, pending or settled (payments net it after settling too). */
  deposit: (stayId: string) => string | undefined;
};

type BillingOrder = Extract<Order, { kind: 'outpatient' | 'inpatient' }>;
type Prepared = { built: BillingRequest; encounter: BillingEncounter; visit: HisVisit | null; stay: HisStay | null };

const sameLines = (a: readonly { med_list_codg: string; cnt: string }[], b: readonly { med_list_codg: string; cnt: string }[]): boolean =>
  a.length === b.length && a.every((l, i) => l.med_list_codg === b[i]?.med_list_codg && l.cnt === b[i].cnt);

/** The engine request of an order for the card holder, with the visit or stay it settles. */
export function prepareBillingOrder(order: BillingOrder, holder: Holder, source: BillingSource): ApiResult<Prepared> {
  const psn_no = holder.enrolment.psn_no;
  let encounter: BillingEncounter;
  let visit: HisVisit | null = null;
  let stay: HisStay | null = null;
  if (order.kind === 'outpatient') {
    if (order.visitId !== null) {
      visit = source.visit(psn_no, order.visitId) ?? null;
      if (!visit) return failure('VISIT_NOT_FOUND', { visitId: order.visitId });
    }
    encounter = { med_type: order.med_type, date: visit ? visit.date : holder.visit.date };
  } else {
    stay = source.stay(psn_no, order.stayId) ?? null;
    if (!stay) return failure('STAY_NOT_FOUND', { stayId: order.stayId });
    // What the clerk saw is what is settled: a stay whose lines changed meanwhile is shown again.
    if (!sameLines(order.lines, stay.lines)) return failure('STAY_CHANGED', { stayId: order.stayId });
    encounter = { med_type: stay.med_type, date: stay.adm_date };
  }
  const priced = priceLines(order.lines, source.lookup);
  if (!priced.ok) return priced;
  const built = billingRequest(priced.value, holder.enrolment, holder.visit, encounter);
  if (!built.ok) return built;
  return success({ built: built.value, encounter, visit, stay });
}

/** The live split of an order with the desk's additions (admission, deposit, amount due). */
export function quoteBillingOrder(order: BillingOrder, holder: Holder, source: BillingSource): ApiResult<BillingQuote> {
  const prepared = prepareBillingOrder(order, holder, source);
  if (!prepared.ok) return prepared;
  const { built, encounter, stay } = prepared.value;
  const outcome = preSettleBilling(built);
  if (!outcome.ok) return outcome;
  const { pre, result } = outcome.value;
  const deposit = stay ? depositSettlement(pre.setlinfo.psn_cash_pay, stay.deposit) : null;
  return success({
    pre,
    med_type: encounter.med_type,
    admission: stay ? admissionView(holder.enrolment, result) : null,
    deposit,
    amountDue: deposit ? deposit.due : pre.setlinfo.psn_cash_pay,
  });
}

/** The settler of one billing kind over the shared context and the source. */
export function createBillingSettler<K extends 'outpatient' | 'inpatient'>(
  ctx: Pick<ServiceContext, 'settleAtCounter' | 'actor' | 'carryForward' | 'log' | 'store' | 'clock' | 'businessDate'>,
  source: () => BillingSource,
): OrderSettler<K> {
  return {
    // A discharge collects max(0, share − deposit); an outpatient visit its share.
    amountDue(order, psn_cash_pay) {
      const o: BillingOrder = order;
      if (o.kind !== 'inpatient') return psn_cash_pay;
      const deposit = source().deposit(o.stayId);
      return deposit === undefined ? psn_cash_pay : depositSettlement(psn_cash_pay, deposit).due;
    },

    preSettle(order, holder) {
      const q = quoteBillingOrder(order, holder, source());
      return q.ok ? success(q.value.pre) : q;
    },

    async settle(order, holder, how): Promise<ApiResult<SettlementReceipt>> {
      const settleAtCounter = ctx.settleAtCounter;
      if (!settleAtCounter) return failure('SETTLE_UNAVAILABLE');
      const prepared = prepareBillingOrder(order, holder, source());
      if (!prepared.ok) return prepared;
      const { built, encounter, visit, stay } = prepared.value;
      const card = holder.reading;
      const local = settle(built.request);
      const now = ctx.clock();
      const request: CounterRequest = {
        infno: stay ? '2304' : '2207',
        request: built.request,
        certificate: card.card_no !== null ? { mdtrt_cert_type: '03', mdtrt_cert_no: card.card_no } : { mdtrt_cert_type: '02', mdtrt_cert_no: card.ssn ?? '' },
        person: { psn_name: card.name, certno: card.ssn },
        actor: how.opter_type === '2' ? 'kiosk' : ctx.actor(),
        opter: null,
        ...(stay
          ? {
              // 入院 at the start of the admission day; 出院 on the discharge day at the time of settlement.
              begntime: `${stay.adm_date} 00:00:00`,
              stay: { dscg_time: `${stay.dscg_date} ${beijingTime(now)}`, dise_codg: stay.dise_codg, dise_name: stay.dise_name, adm_dept_name: stay.dept.zh },
            }
          : {}),
      };
      const outcome = await settleAtCounter(request);
      if (!outcome.ok) return settleFailure(outcome);
      const r = outcome.value;
      const receipt = receiptView(r);
      if (local.ok && !receipt.disagreed) {
        // The receipt's figures are the engine's or agree with them: the next estimate starts here
        // (for a discharge: admissions + 1, so the next stay this year gets the next deductible).
        ctx.carryForward(holder.enrolment.psn_no, { acct_balance: local.value.setlinfo.balc, ytd: local.value.ytd_after });
      } else {
        ctx.log(`settlement ${String(r.settlementId)}: the center's figures differ from the estimate; balance and year-to-date not carried forward`);
      }
      recordLink(ctx, { settlementId: r.settlementId, psn_no: holder.enrolment.psn_no, encounter, visit, stay, nth: holder.enrolment.ytd.admissions + 1 });
      return success(receipt);
    },
  };
}

/** hh:mm:ss in Beijing time (UTC+8, no daylight saving), the platform's clock. */
function beijingTime(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 19);
}

/** Records which visit or stay the settlement settled, so it is not offered again. */
function recordLink(
  ctx: Pick<ServiceContext, 'store' | 'clock' | 'log'>,
  link: { settlementId: number; psn_no: string; encounter: BillingEncounter; visit: HisVisit | null; stay: HisStay | null; nth: number },
): void {
  const store = ctx.store;
  if (!store || (!link.visit && !link.stay)) return;
  try {
    if (link.visit) {
      recordOutpatientVisit(store, { visitId: link.visit.visitId, psnNo: link.psn_no, medType: link.encounter.med_type, settlementId: link.settlementId }, ctx.clock());
    } else if (link.stay) {
      const s = link.stay;
      recordAdmission(
        store,
        { stayId: s.stayId, psnNo: link.psn_no, medType: s.med_type, admDate: s.adm_date, dscgDate: s.dscg_date, admissionNo: link.nth, depositFen: yuanToFen(s.deposit), settlementId: link.settlementId },
        ctx.clock(),
      );
    }
  } catch (e) {
    // The settlement stands (it is recorded with its outbox row); only the desk's link is missing.
    ctx.log(`billing: settlement ${String(link.settlementId)} settled, but its visit/stay link was not recorded: ${e instanceof Error ? e.message : String(e)}`);
  }
}
