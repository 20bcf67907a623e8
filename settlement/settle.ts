/**
 * The settlement: a validated request and its policy in, the split between the funds, the
 * personal account and cash out, to the fen, with a trace. Pure: no I/O, clock or randomness.
 */
import type { AccountPart, Benefit, Encounter, Item, Layer, Person, Policy, Ytd } from './schema.js';
import { evaluateEligibility, matches, type FilingStatus, type Scope } from './eligibility.js';
import type { Decimal } from './money.js';
import { dec, max, min, ratio4, ratioText, roundMoney, sum, yuan, ZERO } from './money.js';
import { payBands } from './bands.js';
import { splitLine, type LineNumbers, type SplitLine } from './line-split.js';
import type { IneligibleCode, Notice, WarningCode } from './errors.js';
import {
  traceAccount,
  traceBand,
  traceCap,
  traceCash,
  traceDeductible,
  traceLayer,
  traceLineSplit,
  type FundCode,
  type TraceEntry,
} from './trace.js';

/** A request after validation, with its policy resolved. */
export type SettlementInput = { policy: Policy; person: Person; encounter: Encounter; items: SplitInput[] };
/** A fee line, its parsed numbers, and its amount already checked (given, or round(pric × cnt)). */
export type SplitInput = { item: Item; numbers: LineNumbers; amount: Decimal };

export type SetlInfo = {
  psn_no: string;
  insutype: string;
  med_type: string;
  medfee_sumamt: string;
  fulamt_ownpay_amt: string;
  overlmt_selfpay: string;
  preselfpay_amt: string;
  inscp_scp_amt: string;
  act_pay_dedc: string;
  hifp_pay: string;
  pool_prop_selfpay: string;
  cvlserv_pay: string;
  hifes_pay: string;
  hifmi_pay: string;
  hifob_pay: string;
  maf_pay: string;
  oth_pay: string;
  fund_pay_sumamt: string;
  psn_part_amt: string;
  acct_pay: string;
  psn_cash_pay: string;
  hosp_part_amt: string;
  balc: string;
  acct_mulaid_pay: string;
};

export type SetlDetail = {
  fund_pay_type: FundCode;
  inscp_scp_amt: string;
  crt_payb_lmt_amt: string | null;
  fund_payamt: string;
  setl_proc_info: string;
};

export type LineDetail = {
  feedetl_sn: string;
  det_item_fee_sumamt: string;
  fulamt_ownpay_amt: string;
  overlmt_amt: string;
  preselfpay_amt: string;
  inscp_scp_amt: string;
  selfpay_prop: string;
  chrgitm_lv: string;
};

export type YtdOut = {
  deductible_paid: string;
  inscp_accumulated: string;
  admissions: number;
  fund_paid: Record<string, string>;
  layer_base: Record<string, string>;
};

/** The contract's result. */
export type SettlementResult = {
  eligibility: {
    eligible: boolean;
    scope: Scope;
    filing: FilingStatus;
    rule: string | null;
    reasons: Notice<IneligibleCode>[];
    warnings: Notice<WarningCode>[];
  };
  setlinfo: SetlInfo;
  setldetail: SetlDetail[];
  details: LineDetail[];
  trace: TraceEntry[];
  ytd_after: YtdOut;
};

type FundPayment = { fund: FundCode; base: Decimal; capLeft: Decimal | undefined; paid: Decimal; info: string };

/** Cap left for a fund before this settlement: per year net of this year's payments, or per admission. */
function capLeftOf(cap: Benefit['cap'], paidThisYear: Decimal): Decimal | undefined {
  if (!cap) return undefined;
  const amount = dec(cap.amount);
  return cap.basis === 'year' ? max(ZERO, amount.minus(paidThisYear)) : amount;
}

/** The deductible still owed: by admission number, or the year's amount less what is paid. */
function deductibleOwed(rule: Benefit, ytd: Ytd): { owed: Decimal; admissionNumber: number } {
  const admissionNumber = ytd.admissions + 1;
  const d = rule.deductible;
  if (!d) return { owed: ZERO, admissionNumber };
  if (d.basis === 'admission') {
    const index = Math.min(admissionNumber, d.amounts.length) - 1;
    return { owed: dec(d.amounts[index] ?? '0'), admissionNumber };
  }
  return { owed: max(ZERO, dec(d.amounts[0] ?? '0').minus(dec(ytd.deductible_paid))), admissionNumber };
}

const paidOf = (map: Record<string, string>, fund: string): Decimal => dec(map[fund] ?? '0');

/** Settles one validated request. Identities 1–7 of the contract hold on every result. */
export function computeSettlement(input: SettlementInput): SettlementResult {
  const { policy, person, encounter } = input;
  const ytd = person.ytd;
  const trace: TraceEntry[] = [];

  // Line split (identity 1 per line, identity 2 by summing the same parts).
  const lines: SplitLine[] = input.items.map((l) => splitLine(l.item, l.numbers, l.amount));
  let medfee = ZERO;
  let fulamt = ZERO;
  let overlmt = ZERO;
  let preselfpay = ZERO;
  let inscp = ZERO;
  for (const l of lines) {
    medfee = medfee.plus(l.amount);
    if (!l.fulamt_ownpay_amt.isZero()) fulamt = fulamt.plus(l.fulamt_ownpay_amt);
    if (!l.overlmt_amt.isZero()) overlmt = overlmt.plus(l.overlmt_amt);
    if (!l.preselfpay_amt.isZero()) preselfpay = preselfpay.plus(l.preselfpay_amt);
    if (!l.inscp_scp_amt.isZero()) inscp = inscp.plus(l.inscp_scp_amt);
  }
  trace.push(traceLineSplit({ medfee, fulamt, overlmt, preselfpay, inscp, lines: lines.length }));

  const eligibility = evaluateEligibility(person, encounter, policy);
  const rule = eligibility.rule;
  const balance = dec(person.acct_balance);

  let actPayDedc = ZERO;
  let poolProp = ZERO;
  const payments: FundPayment[] = [];
  let admissionsAfter = ytd.admissions;

  if (rule) {
    // Deductible, then the basic fund's bands on the cumulative axis (deductible included).
    const { owed, admissionNumber } = deductibleOwed(rule, ytd);
    actPayDedc = min(inscp, owed);
    trace.push(
      traceDeductible({
        basis: rule.deductible?.basis ?? 'none',
        owed,
        paid: actPayDedc,
        admissionNumber,
        yearAmount: rule.deductible?.basis === 'year' ? dec(rule.deductible.amounts[0] ?? '0') : undefined,
        yearPaidBefore: dec(ytd.deductible_paid),
      }),
    );
    const start = rule.accumulate === 'year' ? dec(ytd.inscp_accumulated) : ZERO;
    const bands = payBands(rule.bands, dec(rule.ratio_adjust), start.plus(actPayDedc), start.plus(inscp));
    for (const p of bands.portions) trace.push(traceBand({ fund: 'hifp', ...p }));
    const rounded = roundMoney(bands.exact, 'half-up');
    const capLeft = capLeftOf(rule.cap, paidOf(ytd.fund_paid, 'hifp'));
    const hifp = capLeft === undefined ? rounded : min(rounded, capLeft);
    trace.push(traceCap({ fund: 'hifp', exact: bands.exact, rounded, capLeft, paid: hifp }));
    poolProp = bands.topRatio;
    payments.push({ fund: 'hifp', base: inscp, capLeft, paid: hifp, info: rule.name });
    if (rule.counts_admission) admissionsAfter += 1;

    // Further layers in order, each on what the funds before it left of the in-scope amount.
    for (const layer of policy.layers) {
      if (!matches(layer.match, eligibility.lookup, person.age)) continue;
      payments.push(payLayer(layer, inscp.minus(sum(payments.map((p) => p.paid))), ytd, trace));
    }
  }

  const fundTotal = sum(payments.map((p) => p.paid));
  const psnPart = medfee.minus(fundTotal); // hosp_part_amt is 0: identity 4
  const patientParts: Record<AccountPart, Decimal> = {
    deductible: min(actPayDedc, inscp.minus(fundTotal)),
    coinsurance: ZERO,
    preselfpay,
    overlmt,
    fulamt_ownpay: fulamt,
  };
  patientParts.coinsurance = inscp.minus(fundTotal).minus(patientParts.deductible);
  const covers = policy.account.covers;
  const coverable = sum(covers.map((p) => patientParts[p]));
  const useAccount = eligibility.eligible && encounter.acct_used_flag === '1';
  const acctPay = useAccount ? min(balance, coverable) : ZERO;
  const cash = psnPart.minus(acctPay);
  const balc = balance.minus(acctPay);
  trace.push(traceAccount({ used: useAccount, eligible: eligibility.eligible, balance, coverable, covers, paid: acctPay, balc }));
  trace.push(
    traceCash({
      medfee,
      fund: fundTotal,
      acct: acctPay,
      cash,
      reasonsZh: eligibility.reasons.map((r) => r.zh),
      reasonsEn: eligibility.reasons.map((r) => r.en),
    }),
  );

  const fundPaid = (fund: FundCode): string => yuan(payments.find((p) => p.fund === fund)?.paid ?? ZERO);
  const setlinfo: SetlInfo = {
    psn_no: person.psn_no,
    insutype: person.insutype,
    med_type: encounter.med_type,
    medfee_sumamt: yuan(medfee),
    fulamt_ownpay_amt: yuan(fulamt),
    overlmt_selfpay: yuan(overlmt),
    preselfpay_amt: yuan(preselfpay),
    inscp_scp_amt: yuan(inscp),
    act_pay_dedc: yuan(actPayDedc),
    hifp_pay: fundPaid('hifp'),
    pool_prop_selfpay: ratio4(poolProp),
    cvlserv_pay: fundPaid('cvlserv'),
    hifes_pay: fundPaid('hifes'),
    hifmi_pay: fundPaid('hifmi'),
    hifob_pay: fundPaid('hifob'),
    maf_pay: fundPaid('maf'),
    oth_pay: fundPaid('oth'),
    fund_pay_sumamt: yuan(fundTotal),
    psn_part_amt: yuan(psnPart),
    acct_pay: yuan(acctPay),
    psn_cash_pay: yuan(cash),
    hosp_part_amt: '0.00',
    balc: yuan(balc),
    acct_mulaid_pay: '0.00',
  };

  return {
    eligibility: {
      eligible: eligibility.eligible,
      scope: eligibility.scope,
      filing: eligibility.filing,
      rule: rule?.name ?? null,
      reasons: eligibility.reasons,
      warnings: eligibility.warnings,
    },
    setlinfo,
    setldetail: payments.map((p) => ({
      fund_pay_type: p.fund,
      inscp_scp_amt: yuan(p.base),
      crt_payb_lmt_amt: p.capLeft === undefined ? null : yuan(p.capLeft),
      fund_payamt: yuan(p.paid),
      setl_proc_info: p.info,
    })),
    details: lines.map((l) => ({
      feedetl_sn: l.item.feedetl_sn,
      det_item_fee_sumamt: yuan(l.amount),
      fulamt_ownpay_amt: yuan(l.fulamt_ownpay_amt),
      overlmt_amt: yuan(l.overlmt_amt),
      preselfpay_amt: yuan(l.preselfpay_amt),
      inscp_scp_amt: yuan(l.inscp_scp_amt),
      selfpay_prop: ratioText(l.item.selfpay_prop),
      chrgitm_lv: l.item.chrgitm_lv,
    })),
    trace,
    ytd_after: ytdAfter(ytd, actPayDedc, inscp, admissionsAfter, payments, eligibility.eligible),
  };
}

/** Pays one layer on its own axis: threshold first, then its bands, rounded once, then capped. */
function payLayer(layer: Layer, base: Decimal, ytd: Ytd, trace: TraceEntry[]): FundPayment {
  const start = layer.accumulate === 'year' ? paidOf(ytd.layer_base, layer.fund) : ZERO;
  const threshold = dec(layer.threshold);
  const from = start.plus(min(max(ZERO, threshold.minus(start)), base));
  const bands = payBands(layer.bands, dec(layer.ratio_adjust), from, start.plus(base));
  const rounded = roundMoney(bands.exact, 'half-up');
  const capLeft = capLeftOf(layer.cap, paidOf(ytd.fund_paid, layer.fund));
  const paid = capLeft === undefined ? rounded : min(rounded, capLeft);
  trace.push(
    traceLayer({ fund: layer.fund, base, threshold, start, exact: bands.exact, rounded, capLeft, paid, bands: bands.portions }),
  );
  return { fund: layer.fund, base, capLeft, paid, info: `threshold ${layer.threshold}` };
}

/** This year's accumulators after the settlement; unchanged (defaults filled) when ineligible. */
function ytdAfter(
  ytd: Ytd,
  actPayDedc: Decimal,
  inscp: Decimal,
  admissions: number,
  payments: FundPayment[],
  eligible: boolean,
): YtdOut {
  const fundPaid: Record<string, string> = {};
  const layerBase: Record<string, string> = {};
  for (const [k, v] of Object.entries(ytd.fund_paid)) fundPaid[k] = yuan(dec(v));
  for (const [k, v] of Object.entries(ytd.layer_base)) layerBase[k] = yuan(dec(v));
  if (!eligible) {
    return {
      deductible_paid: yuan(dec(ytd.deductible_paid)),
      inscp_accumulated: yuan(dec(ytd.inscp_accumulated)),
      admissions: ytd.admissions,
      fund_paid: fundPaid,
      layer_base: layerBase,
    };
  }
  for (const p of payments) {
    fundPaid[p.fund] = yuan(paidOf(ytd.fund_paid, p.fund).plus(p.paid));
    if (p.fund !== 'hifp') layerBase[p.fund] = yuan(paidOf(ytd.layer_base, p.fund).plus(p.base));
  }
  return {
    deductible_paid: yuan(dec(ytd.deductible_paid).plus(actPayDedc)),
    inscp_accumulated: yuan(dec(ytd.inscp_accumulated).plus(inscp)),
    admissions,
    fund_paid: fundPaid,
    layer_base: layerBase,
  };
}
