/**
 * The billing desk's engine requests: fee lines priced from the facility's lists (the drug
 * catalog and the medical service items), the patient's enrolment, and the encounter — med_type
 * 11 (or the visit's) dated the visit day, or an inpatient med_type dated the admission day, whose
 * deductible the engine takes from the nth-admission schedule by `ytd.admissions`
 * (settlement-contract.md). Pure: no store, no clock. Money stays decimal strings; the deposit
 * arithmetic is decimal.js.
 */
import { settle, type SettlementResult } from '../../../settlement/index.js';
import { dec, roundMoney, yuan } from '../../../settlement/money.js';
import type { JsonObject } from '../../../db/json-schemas.js';
import type { CartLine, CatalogEntry, PreSettlement } from '../contract.js';
import type { BillingLine, DepositSettlement } from '../contract/billing.js';
import type { Catalog } from '../catalog.js';
import type { Enrolment } from '../enrolment.js';
import { policyRefFor } from '../enrolment.js';
import { failure, success } from '../errors.js';
import type { ApiResult } from '../contract.js';
import { enginePerson, preSettlementView, type Visit } from '../pre-settle.js';

/** An item the desk can charge: a drug from the catalog or a medical service. */
export type BillingItem = Omit<CatalogEntry, 'barcode'>;
/** Finds an item by its insurance code. */
export type ItemLookup = (med_list_codg: string) => BillingItem | undefined;
/** A fee line priced from the lists. */
export type PricedLine = { item: BillingItem; cnt: string };

/** The lookup over the drug catalog first, then the medical service items. */
export function billingItems(catalog: Catalog, services: readonly BillingItem[]): ItemLookup {
  const byCode = new Map(services.map((s) => [s.med_list_codg, s]));
  return (code) => catalog.byCode(code) ?? byCode.get(code);
}

/** Prices each line; fails on a code in neither list. */
export function priceLines(lines: readonly CartLine[], lookup: ItemLookup): ApiResult<PricedLine[]> {
  const priced: PricedLine[] = [];
  for (const line of lines) {
    const item = lookup(line.med_list_codg);
    if (!item) return failure('BILLING_ITEM_NOT_FOUND', { med_list_codg: line.med_list_codg });
    priced.push({ item, cnt: line.cnt });
  }
  return success(priced);
}

/** A priced line as the desk shows it (the amount rounded half-up to the fen, as the engine does). */
export function lineView(p: PricedLine): BillingLine {
  return {
    med_list_codg: p.item.med_list_codg,
    name: p.item.name,
    spec: p.item.spec,
    pric: p.item.pric,
    cnt: p.cnt,
    chrgitm_lv: p.item.chrgitm_lv,
    det_item_fee_sumamt: yuan(roundMoney(dec(p.item.pric).times(dec(p.cnt)), 'half-up')),
  };
}

/** The total of shown lines. */
export function linesTotal(lines: readonly BillingLine[]): string {
  return yuan(lines.reduce((acc, l) => acc.plus(dec(l.det_item_fee_sumamt)), dec('0')));
}

/** What the encounter is: its med_type and its date (the visit day, or the admission day). */
export type BillingEncounter = { med_type: string; date: string };

/** The engine request for a billing order. */
export type BillingRequest = { request: JsonObject & { policyRef: string }; priced: PricedLine[] };

/** Builds the engine request; fails on an unknown policy for the insured area. */
export function billingRequest(priced: readonly PricedLine[], enrolment: Enrolment, visit: Visit, encounter: BillingEncounter): ApiResult<BillingRequest> {
  const policyRef = policyRefFor(enrolment.insuplc_admdvs, enrolment.insutype);
  if (policyRef === undefined) return failure('NOT_ENROLLED', { reason: 'no policy pack for the insured area' });
  const request = {
    policyRef,
    // ytd.admissions: the admissions earlier this year, which picks the deductible of this one.
    person: enginePerson(enrolment, visit),
    encounter: {
      med_type: encounter.med_type,
      mdtrtarea_admvs: visit.admdvs,
      fixmedins_code: visit.fixmedins_code,
      date: encounter.date,
      acct_used_flag: '1',
    },
    items: priced.map(({ item, cnt }, i) => ({
      feedetl_sn: String(i + 1),
      med_list_codg: item.med_list_codg,
      name: item.name,
      pric: item.pric,
      cnt,
      chrgitm_lv: item.chrgitm_lv,
      selfpay_prop: item.selfpay_prop,
    })),
  };
  return success({ request, priced: [...priced] });
}

/** Settles the request with the engine: the contract's pre-settlement and the engine's result. */
export function preSettleBilling(built: BillingRequest): ApiResult<{ pre: PreSettlement; result: SettlementResult }> {
  const outcome = settle(built.request);
  if (!outcome.ok) {
    const e = outcome.error;
    return { ok: false, error: { code: e.code, zh: e.zh, en: e.en, next: { zh: '请核对收费项目和数量', en: 'Check the fee lines and quantities' }, details: { path: e.path } } };
  }
  const r = outcome.value;
  const pre = preSettlementView(
    r,
    built.priced.map((p) => ({ med_list_codg: p.item.med_list_codg, name: p.item.name, pric: p.item.pric, cnt: p.cnt })),
    built.request.policyRef,
  );
  return success({ pre, result: r });
}

/**
 * The deposit against the cash share (domain.md §2.7: 应交预交金 = psn_cash_pay − 累计预交金):
 * a positive difference is collected, a negative one refunded.
 */
export function depositSettlement(psn_cash_pay: string, deposit: string): DepositSettlement {
  const diff = dec(psn_cash_pay).minus(dec(deposit));
  return {
    deposit: yuan(dec(deposit)),
    psn_cash_pay: yuan(dec(psn_cash_pay)),
    due: diff.isPositive() && !diff.isZero() ? yuan(diff) : '0.00',
    refund: diff.isNegative() && !diff.isZero() ? yuan(diff.negated()) : '0.00',
  };
}

/** This admission's place in the year and the deductible the engine applied, in words. */
export function admissionView(enrolment: Enrolment, result: SettlementResult): { nth: number; act_pay_dedc: string; explanation: { zh: string; en: string } } {
  const nth = enrolment.ytd.admissions + 1;
  const d = result.setlinfo.act_pay_dedc;
  const ordinal = nth === 1 ? '1st' : nth === 2 ? '2nd' : nth === 3 ? '3rd' : `${String(nth)}th`;
  return {
    nth,
    act_pay_dedc: d,
    explanation: {
      zh: `本年度第 ${String(nth)} 次住院：起付线按住院次数确定，本次由个人负担起付金额 ${d} 元`,
      en: `The ${ordinal} admission this year: the deductible depends on the admission count; the patient bears ${d} of it this time`,
    },
  };
}
