/**
 * The live pre-settlement: the cart priced from the catalog, the patient's enrolment and the
 * facility as one engine request, settled by the pure engine. Nothing is recorded: this runs on
 * every change of the cart. Amounts stay the engine's decimal strings end to end.
 */
import { settle, type SettlementResult } from '../../settlement/index.js';
import type { JsonObject } from '../../db/json-schemas.js';
import type { CartLine, CatalogEntry, PreSettlement } from './contract.js';
import type { Catalog } from './catalog.js';
import type { Enrolment } from './enrolment.js';
import { policyRefFor } from './enrolment.js';
import { failure, success } from './errors.js';
import type { ApiResult } from './contract.js';

/** Where and when the visit happens. */
export type Visit = { fixmedins_code: string; admdvs: string; date: string; cardValidTo: string | null };

const FUND_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  hifp: { zh: '基本医疗保险统筹基金', en: 'Basic medical insurance fund' },
  hifmi: { zh: '居民大病保险', en: 'Critical illness insurance' },
  hifob: { zh: '职工大额医疗费用补助', en: 'Large medical expense subsidy' },
  cvlserv: { zh: '公务员医疗补助', en: 'Civil servant medical subsidy' },
  hifes: { zh: '企业补充医疗保险', en: 'Supplementary enterprise insurance' },
  maf: { zh: '医疗救助', en: 'Medical assistance' },
  oth: { zh: '其他基金', en: 'Other funds' },
};

/** The engine request of a pharmacy purchase (med_type 41): the cart priced from the catalog. */
export type PharmacyRequest = { request: JsonObject & { policyRef: string }; priced: { entry: CatalogEntry; cnt: string }[] };

/**
 * The engine request's person: the enrolment (from 1101), the card's validity and this year's
 * figures; ytd.admissions (the admissions earlier this year) picks an inpatient deductible.
 */
export function enginePerson(enrolment: Enrolment, visit: Visit) {
  return {
    psn_no: enrolment.psn_no,
    insutype: enrolment.insutype,
    psn_type: enrolment.psn_type,
    insuplc_admdvs: enrolment.insuplc_admdvs,
    psn_insu_stas: enrolment.psn_insu_stas,
    acct_balance: enrolment.acct_balance,
    ...(visit.cardValidTo !== null ? { card: { valid_to: visit.cardValidTo } } : {}),
    ...(enrolment.filing ? { filing: enrolment.filing } : {}),
    ytd: enrolment.ytd,
  };
}

/** Builds the engine request for a cart; fails on an item not in the catalog or an unknown policy. */
export function pharmacyRequest(
  lines: readonly CartLine[],
  enrolment: Enrolment,
  catalog: Catalog,
  visit: Visit,
): ApiResult<PharmacyRequest> {
  const priced: { entry: CatalogEntry; cnt: string }[] = [];
  for (const line of lines) {
    const entry = catalog.byCode(line.med_list_codg);
    if (!entry) return failure('NOT_FOUND', { med_list_codg: line.med_list_codg });
    priced.push({ entry, cnt: line.cnt });
  }
  const policyRef = policyRefFor(enrolment.insuplc_admdvs, enrolment.insutype);
  if (policyRef === undefined) return failure('NOT_ENROLLED', { reason: 'no policy pack for the insured area' });
  const request = {
    policyRef,
    person: enginePerson(enrolment, visit),
    encounter: {
      med_type: '41',
      mdtrtarea_admvs: visit.admdvs,
      fixmedins_code: visit.fixmedins_code,
      date: visit.date,
      acct_used_flag: '1',
    },
    items: priced.map(({ entry, cnt }, i) => ({
      feedetl_sn: String(i + 1),
      med_list_codg: entry.med_list_codg,
      name: entry.name,
      pric: entry.pric,
      cnt,
      chrgitm_lv: entry.chrgitm_lv,
      selfpay_prop: entry.selfpay_prop,
    })),
  };
  return success({ request, priced });
}

/** Pre-settles a pharmacy purchase (med_type 41) for an enrolled patient. */
export function preSettlePharmacy(
  lines: readonly CartLine[],
  enrolment: Enrolment,
  catalog: Catalog,
  visit: Visit,
): ApiResult<PreSettlement> {
  const built = pharmacyRequest(lines, enrolment, catalog, visit);
  if (!built.ok) return built;
  const { request, priced } = built.value;
  const policyRef = request.policyRef;
  const outcome = settle(request);
  if (!outcome.ok) {
    return {
      ok: false,
      error: {
        code: outcome.error.code,
        zh: outcome.error.zh,
        en: outcome.error.en,
        next: { zh: '请核对商品和数量', en: 'Check the items and quantities' },
        details: { path: outcome.error.path },
      },
    };
  }
  return success(
    preSettlementView(
      outcome.value,
      priced.map((p) => ({ med_list_codg: p.entry.med_list_codg, name: p.entry.name, pric: p.entry.pric, cnt: p.cnt })),
      policyRef,
    ),
  );
}

/** One priced line as the pre-settlement shows it beside the engine's detail of it. */
export type PricedLine = { med_list_codg: string; name: string; pric: string; cnt: string };

/**
 * The engine's result as the contract's pre-settlement: eligibility, each line beside the
 * engine's split of it (same order as the request's fee lines), the split, the funds by name,
 * the trace. Every workplace's pre-settlement goes through this one view.
 */
export function preSettlementView(r: SettlementResult, priced: readonly PricedLine[], policyRef: string): PreSettlement {
  const s = r.setlinfo;
  return {
    eligibility: {
      eligible: r.eligibility.eligible,
      scope: r.eligibility.scope,
      filing: r.eligibility.filing,
      rule: r.eligibility.rule,
      reasons: r.eligibility.reasons.map((n) => ({ code: n.code, zh: n.zh, en: n.en })),
      warnings: r.eligibility.warnings.map((n) => ({ code: n.code, zh: n.zh, en: n.en })),
    },
    lines: r.details.map((d, i) => {
      const p = priced[i];
      return {
        feedetl_sn: d.feedetl_sn,
        med_list_codg: p?.med_list_codg ?? '',
        name: p?.name ?? '',
        pric: p?.pric ?? '0',
        cnt: p?.cnt ?? '0',
        det_item_fee_sumamt: d.det_item_fee_sumamt,
        inscp_scp_amt: d.inscp_scp_amt,
        preselfpay_amt: d.preselfpay_amt,
        fulamt_ownpay_amt: d.fulamt_ownpay_amt,
        overlmt_amt: d.overlmt_amt,
      };
    }),
    setlinfo: {
      medfee_sumamt: s.medfee_sumamt,
      inscp_scp_amt: s.inscp_scp_amt,
      act_pay_dedc: s.act_pay_dedc,
      fund_pay_sumamt: s.fund_pay_sumamt,
      hifp_pay: s.hifp_pay,
      psn_part_amt: s.psn_part_amt,
      acct_pay: s.acct_pay,
      psn_cash_pay: s.psn_cash_pay,
      balc: s.balc,
    },
    funds: r.setldetail.map((f) => ({
      fund_pay_type: f.fund_pay_type,
      name: FUND_NAMES[f.fund_pay_type] ?? { zh: f.fund_pay_type, en: f.fund_pay_type },
      fund_payamt: f.fund_payamt,
    })),
    trace: r.trace.map((t) => ({ step: t.step, zh: t.zh, en: t.en, amounts: t.amounts })),
    policyRef,
  };
}
