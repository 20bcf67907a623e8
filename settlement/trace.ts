/**
 * The trace: each step of a settlement in words a cashier can read aloud to a patient, in
 * Chinese and English, with the step's numbers alongside.
 */
import { yuan, type Decimal } from './money.js';
import type { AccountPart, LayerFund } from './schema.js';

export type TraceStep = 'line_split' | 'deductible' | 'band' | 'cap' | 'layer' | 'account' | 'cash';

/** One explained step; `amounts` holds its numbers as decimal strings. */
export type TraceEntry = { step: TraceStep; zh: string; en: string; amounts: Record<string, string> };

export type FundCode = 'hifp' | LayerFund;

export const fundNames: Record<FundCode, { zh: string; en: string }> = {
  hifp: { zh: '基本医疗保险统筹基金', en: 'the basic medical insurance fund' },
  hifmi: { zh: '居民大病保险', en: 'critical illness insurance' },
  hifob: { zh: '职工大额医疗费用补助', en: 'the large medical expense subsidy' },
  cvlserv: { zh: '公务员医疗补助', en: 'the civil servant medical subsidy' },
  hifes: { zh: '企业补充医疗保险', en: 'supplementary enterprise insurance' },
  maf: { zh: '医疗救助', en: 'medical assistance' },
  oth: { zh: '其他基金', en: 'other funds' },
};

const partNames: Record<AccountPart, { zh: string; en: string }> = {
  deductible: { zh: '起付线', en: 'deductible' },
  coinsurance: { zh: '共付段个人负担', en: 'co-payment' },
  preselfpay: { zh: '先行自付', en: 'self-pay first' },
  overlmt: { zh: '超限价', en: 'over the price ceiling' },
  fulamt_ownpay: { zh: '全自费', en: 'fully self-paid items' },
};

/** A ratio as a percentage without floats: 0.6800 → "68", 0.725 → "72.5". */
export function percent(ratio: Decimal): string {
  return ratio.times(100).toDecimalPlaces(2).toString();
}

const y = yuan;

/** Explains the line split totals. */
export function traceLineSplit(t: {
  medfee: Decimal;
  fulamt: Decimal;
  overlmt: Decimal;
  preselfpay: Decimal;
  inscp: Decimal;
  lines: number;
}): TraceEntry {
  return {
    step: 'line_split',
    zh: `${t.lines} 项费用共 ${y(t.medfee)} 元：全自费 ${y(t.fulamt)} 元，超限价自费 ${y(t.overlmt)} 元，乙类先行自付 ${y(t.preselfpay)} 元，符合医保政策范围 ${y(t.inscp)} 元`,
    en: `${t.lines} fee line(s) total ${y(t.medfee)} yuan: ${y(t.fulamt)} fully self-paid, ${y(t.overlmt)} over the price ceiling, ${y(t.preselfpay)} self-pay first (class B), ${y(t.inscp)} within the policy scope`,
    amounts: {
      medfee_sumamt: y(t.medfee),
      fulamt_ownpay_amt: y(t.fulamt),
      overlmt_selfpay: y(t.overlmt),
      preselfpay_amt: y(t.preselfpay),
      inscp_scp_amt: y(t.inscp),
    },
  };
}

/** Explains the deductible owed and what this settlement pays of it. */
export function traceDeductible(t: {
  basis: 'year' | 'admission' | 'none';
  owed: Decimal;
  paid: Decimal;
  admissionNumber: number;
  yearAmount: Decimal | undefined;
  yearPaidBefore: Decimal;
}): TraceEntry {
  const amounts = { deductible_owed: y(t.owed), act_pay_dedc: y(t.paid) };
  if (t.basis === 'none') {
    return { step: 'deductible', zh: '本次就诊无起付线', en: 'this visit has no deductible', amounts };
  }
  if (t.basis === 'admission') {
    return {
      step: 'deductible',
      zh: `本年第 ${t.admissionNumber} 次住院，起付线 ${y(t.owed)} 元，本次由个人支付起付线 ${y(t.paid)} 元`,
      en: `admission no. ${t.admissionNumber} this year: the deductible is ${y(t.owed)} yuan, of which the patient pays ${y(t.paid)} now`,
      amounts,
    };
  }
  const year = t.yearAmount ?? t.owed;
  return {
    step: 'deductible',
    zh: `本年起付线 ${y(year)} 元，此前已付 ${y(t.yearPaidBefore)} 元，尚余 ${y(t.owed)} 元，本次由个人支付 ${y(t.paid)} 元`,
    en: `the yearly deductible is ${y(year)} yuan, ${y(t.yearPaidBefore)} already paid, ${y(t.owed)} left; the patient pays ${y(t.paid)} of it now`,
    amounts: { ...amounts, deductible_year: y(year), deductible_paid_before: y(t.yearPaidBefore) },
  };
}

/** Explains one band's share of the basic fund's payment. */
export function traceBand(t: { fund: FundCode; from: Decimal; to: Decimal; ratio: Decimal; exact: Decimal }): TraceEntry {
  const part = t.to.minus(t.from);
  const name = fundNames[t.fund];
  return {
    step: 'band',
    zh: `累计 ${y(t.from)} 至 ${y(t.to)} 元段的 ${y(part)} 元，由${name.zh}按 ${percent(t.ratio)}% 支付 ${t.exact.toString()} 元`,
    en: `of the span from ${y(t.from)} to ${y(t.to)} yuan (${y(part)} yuan), ${name.en} pays ${percent(t.ratio)}%: ${t.exact.toString()} yuan`,
    amounts: { fund: t.fund, from: y(t.from), to: y(t.to), base: y(part), ratio: t.ratio.toFixed(4), exact: t.exact.toString() },
  };
}

/** Explains rounding the fund's exact sum and any cap on it. */
export function traceCap(t: { fund: FundCode; exact: Decimal; rounded: Decimal; capLeft: Decimal | undefined; paid: Decimal }): TraceEntry {
  const name = fundNames[t.fund];
  const capped = t.capLeft !== undefined && t.rounded.gt(t.capLeft);
  const capZh =
    t.capLeft === undefined
      ? '无最高支付限额'
      : capped
        ? `本年最高支付限额剩余 ${y(t.capLeft)} 元，超出部分由个人负担`
        : `本年最高支付限额剩余 ${y(t.capLeft)} 元，未超出`;
  const capEn =
    t.capLeft === undefined
      ? 'there is no cap'
      : capped
        ? `the cap has ${y(t.capLeft)} yuan left this year; the rest falls to the patient`
        : `the cap has ${y(t.capLeft)} yuan left this year, not reached`;
  return {
    step: 'cap',
    zh: `${name.zh}合计 ${t.exact.toString()} 元，四舍五入为 ${y(t.rounded)} 元；${capZh}；实际支付 ${y(t.paid)} 元`,
    en: `${name.en} comes to ${t.exact.toString()} yuan, rounded to ${y(t.rounded)}; ${capEn}; it pays ${y(t.paid)} yuan`,
    amounts: {
      fund: t.fund,
      exact: t.exact.toString(),
      rounded: y(t.rounded),
      ...(t.capLeft === undefined ? {} : { cap_left: y(t.capLeft) }),
      paid: y(t.paid),
    },
  };
}

/** Explains a further layer (大病, 大额, 公务员, 救助 …). */
export function traceLayer(t: {
  fund: FundCode;
  base: Decimal;
  threshold: Decimal;
  start: Decimal;
  exact: Decimal;
  rounded: Decimal;
  capLeft: Decimal | undefined;
  paid: Decimal;
  bands: { from: Decimal; to: Decimal; ratio: Decimal }[];
}): TraceEntry {
  const name = fundNames[t.fund];
  const bandsZh = t.bands.map((b) => `${y(b.from)}–${y(b.to)} 元按 ${percent(b.ratio)}%`).join('，') || '未达到起付标准，不支付';
  const bandsEn =
    t.bands.map((b) => `${percent(b.ratio)}% from ${y(b.from)} to ${y(b.to)}`).join(', ') || 'below its threshold, nothing';
  const capZh = t.capLeft === undefined ? '' : `（限额剩余 ${y(t.capLeft)} 元）`;
  const capEn = t.capLeft === undefined ? '' : ` (cap left ${y(t.capLeft)} yuan)`;
  return {
    step: 'layer',
    zh: `${name.zh}：起付标准 ${y(t.threshold)} 元，本年此前已累计 ${y(t.start)} 元，本次计入 ${y(t.base)} 元；${bandsZh}；合计 ${t.exact.toString()} 元，支付 ${y(t.paid)} 元${capZh}`,
    en: `${name.en}: threshold ${y(t.threshold)} yuan, ${y(t.start)} accumulated before, ${y(t.base)} added now; ${bandsEn}; ${t.exact.toString()} yuan in all, pays ${y(t.paid)}${capEn}`,
    amounts: {
      fund: t.fund,
      base: y(t.base),
      threshold: y(t.threshold),
      start: y(t.start),
      exact: t.exact.toString(),
      rounded: y(t.rounded),
      ...(t.capLeft === undefined ? {} : { cap_left: y(t.capLeft) }),
      paid: y(t.paid),
    },
  };
}

/** Explains the personal account's share. */
export function traceAccount(t: {
  used: boolean;
  eligible: boolean;
  balance: Decimal;
  coverable: Decimal;
  covers: readonly AccountPart[];
  paid: Decimal;
  balc: Decimal;
}): TraceEntry {
  const amounts = { acct_balance: y(t.balance), coverable: y(t.coverable), acct_pay: y(t.paid), balc: y(t.balc) };
  if (!t.eligible) {
    return { step: 'account', zh: '不符合医保支付条件，个人账户不支付', en: 'insurance cannot pay, so the personal account pays nothing', amounts };
  }
  if (!t.used) {
    return { step: 'account', zh: '本次不使用个人账户', en: 'the personal account is not used this time', amounts };
  }
  const parts = t.covers.map((p) => partNames[p]);
  return {
    step: 'account',
    zh: `个人账户可支付${parts.map((p) => p.zh).join('、')}共 ${y(t.coverable)} 元，账户余额 ${y(t.balance)} 元，支付 ${y(t.paid)} 元，余额 ${y(t.balc)} 元`,
    en: `the personal account may pay the ${parts.map((p) => p.en).join(', ')}: ${y(t.coverable)} yuan; balance ${y(t.balance)}, pays ${y(t.paid)}, leaving ${y(t.balc)}`,
    amounts,
  };
}

/** Explains what the patient pays in cash. */
export function traceCash(t: { medfee: Decimal; fund: Decimal; acct: Decimal; cash: Decimal; reasonsZh: string[]; reasonsEn: string[] }): TraceEntry {
  const amounts = { medfee_sumamt: y(t.medfee), fund_pay_sumamt: y(t.fund), acct_pay: y(t.acct), psn_cash_pay: y(t.cash) };
  if (t.reasonsZh.length > 0) {
    return {
      step: 'cash',
      zh: `医保不予支付（${t.reasonsZh.join('；')}），费用 ${y(t.medfee)} 元全部由个人现金支付`,
      en: `insurance cannot pay (${t.reasonsEn.join('; ')}); the patient pays all ${y(t.medfee)} yuan in cash`,
      amounts,
    };
  }
  return {
    step: 'cash',
    zh: `费用 ${y(t.medfee)} 元，医保基金支付 ${y(t.fund)} 元，个人账户支付 ${y(t.acct)} 元，个人现金支付 ${y(t.cash)} 元`,
    en: `of ${y(t.medfee)} yuan, the funds pay ${y(t.fund)}, the personal account ${y(t.acct)}, and the patient ${y(t.cash)} in cash`,
    amounts,
  };
}
