/**
 * Checks a center's settlement answer against the contract's identities 2–5
 * (settlement-contract.md "Identities") and compares it with the terminal's local estimate.
 *
 * The center's amounts are final (domain.md §6.6): these checks raise alerts as data and never
 * change an amount. Stub and sample answers leave fields blank (§2.7), so a blank or missing main
 * amount makes its identity `unchecked`; the sub-funds and `hosp_part_amt`, which centers often
 * omit when zero, are read as zero and listed in `assumedZero`.
 */
import { dec, Decimal, sum, yuan } from '../../settlement/money.js';

/** Which identity: 2 the split, 3 funds (by field / by setldetail), 4 the payers, 5 the patient's part. */
export type IdentityId = '2' | '3-funds' | '3-setldetail' | '4' | '5-split' | '5-account';

/** The outcome of one identity on one answer. */
export type IdentityFinding = {
  identity: IdentityId;
  status: 'holds' | 'violated' | 'unchecked';
  /** The identity as a formula over national field names. */
  formula: string;
  /** Left and right side, when both could be computed. */
  lhs?: string;
  rhs?: string;
  /** Fields that were blank, missing or not a decimal string. */
  missing: string[];
  /** Fields read as zero because centers omit them when zero. */
  assumedZero: string[];
  zh: string;
  en: string;
};

/** One amount where the center and the local estimate differ. */
export type AmountDisagreement = { field: string; center: string; local: string; diff: string };

/** The whole check of one answer. */
export type SettlementCheck = {
  findings: IdentityFinding[];
  violations: IdentityFinding[];
  disagreements: AmountDisagreement[];
  /** No identity violated and no disagreement with the local estimate. */
  consistent: boolean;
};

/** A loosely typed answer: whatever the center sent, read field by field. */
export type CenterAnswer = {
  setlinfo: Record<string, unknown>;
  setldetail?: readonly Record<string, unknown>[] | undefined;
};

/** Options: the local estimate's setlinfo, and the account balance before (from 1101). */
export type CheckOptions = { local?: Record<string, unknown>; acctBalanceBefore?: string };

const DECIMAL = /^-?\d+(\.\d+)?$/;
const OPTIONAL_ZERO = new Set([
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
  'hosp_part_amt',
]);
const FUNDS = [
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
] as const;
/** The fields compared with the local estimate. */
export const COMPARED_FIELDS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'pool_prop_selfpay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'hosp_part_amt',
  'balc',
] as const;

/** A decimal read from an answer: undefined when blank, missing or not a decimal string. */
function readDecimal(record: Record<string, unknown>, field: string): Decimal | undefined {
  const value = record[field];
  return typeof value === 'string' && DECIMAL.test(value) ? dec(value) : undefined;
}

/** Reads the terms of an identity; missing main fields make it uncheckable. */
class Terms {
  readonly missing: string[] = [];
  readonly assumedZero: string[] = [];
  constructor(private readonly record: Record<string, unknown>) {}
  get(field: string): Decimal {
    const value = readDecimal(this.record, field);
    if (value !== undefined) return value;
    if (OPTIONAL_ZERO.has(field)) {
      this.assumedZero.push(field);
    } else {
      this.missing.push(field);
    }
    return new Decimal(0);
  }
}

function finding(
  identity: IdentityId,
  formula: string,
  terms: Terms,
  lhs: Decimal,
  rhs: Decimal,
): IdentityFinding {
  const base = { identity, formula, missing: terms.missing, assumedZero: terms.assumedZero };
  if (terms.missing.length > 0) {
    return {
      ...base,
      status: 'unchecked',
      zh: `无法核对 ${formula}：缺少 ${terms.missing.join('、')}`,
      en: `cannot check ${formula}: ${terms.missing.join(', ')} missing`,
    };
  }
  const holds = lhs.eq(rhs);
  return {
    ...base,
    status: holds ? 'holds' : 'violated',
    lhs: yuan(lhs),
    rhs: yuan(rhs),
    zh: holds ? `${formula} 成立` : `${formula} 不成立：${yuan(lhs)} ≠ ${yuan(rhs)}`,
    en: holds ? `${formula} holds` : `${formula} fails: ${yuan(lhs)} ≠ ${yuan(rhs)}`,
  };
}

/** Checks identities 2–5 on a center's answer; with `local`, lists where it differs from the estimate. */
export function checkCenterSettlement(answer: CenterAnswer, options: CheckOptions = {}): SettlementCheck {
  const s = answer.setlinfo;
  const findings: IdentityFinding[] = [];

  {
    const t = new Terms(s);
    const lhs = t.get('medfee_sumamt');
    const rhs = sum(
      ['fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt'].map((f) => t.get(f)),
    );
    findings.push(
      finding(
        '2',
        'medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt',
        t,
        lhs,
        rhs,
      ),
    );
  }
  {
    const t = new Terms(s);
    const lhs = t.get('fund_pay_sumamt');
    const rhs = sum(FUNDS.map((f) => t.get(f)));
    findings.push(
      finding(
        '3-funds',
        'fund_pay_sumamt = hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay',
        t,
        lhs,
        rhs,
      ),
    );
  }
  if (answer.setldetail && answer.setldetail.length > 0) {
    const t = new Terms(s);
    const lhs = t.get('fund_pay_sumamt');
    const parts = answer.setldetail.map((row, i) => {
      const v = readDecimal(row, 'fund_payamt');
      if (v === undefined) t.missing.push(`setldetail[${i}].fund_payamt`);
      return v ?? new Decimal(0);
    });
    findings.push(finding('3-setldetail', 'fund_pay_sumamt = Σ setldetail.fund_payamt', t, lhs, sum(parts)));
  }
  {
    const t = new Terms(s);
    const lhs = t.get('medfee_sumamt');
    const rhs = sum(['fund_pay_sumamt', 'psn_part_amt', 'hosp_part_amt'].map((f) => t.get(f)));
    findings.push(
      finding('4', 'medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt', t, lhs, rhs),
    );
  }
  {
    const t = new Terms(s);
    const lhs = t.get('psn_part_amt');
    const rhs = t.get('acct_pay').plus(t.get('psn_cash_pay'));
    findings.push(finding('5-split', 'psn_part_amt = acct_pay + psn_cash_pay', t, lhs, rhs));
  }
  if (options.acctBalanceBefore !== undefined && DECIMAL.test(options.acctBalanceBefore)) {
    const before = dec(options.acctBalanceBefore);
    const t = new Terms(s);
    const acct = t.get('acct_pay');
    const balc = t.get('balc');
    const f = finding('5-account', 'balc = acct_balance − acct_pay', t, balc, before.minus(acct));
    // The account never pays more than it holds, nor less than nothing.
    if (f.status === 'holds' && (acct.lt(0) || acct.gt(before))) {
      f.status = 'violated';
      f.zh = `个人账户支付 ${yuan(acct)} 不在 0 与余额 ${yuan(before)} 之间`;
      f.en = `acct_pay ${yuan(acct)} is not within 0 and the balance ${yuan(before)}`;
    }
    findings.push(f);
  }

  const disagreements = options.local ? compareWithLocal(s, options.local) : [];
  const violations = findings.filter((f) => f.status === 'violated');
  return {
    findings,
    violations,
    disagreements,
    consistent: violations.length === 0 && disagreements.length === 0,
  };
}

/** The amounts where the center's answer and the local estimate differ (both present). */
export function compareWithLocal(
  center: Record<string, unknown>,
  local: Record<string, unknown>,
): AmountDisagreement[] {
  const out: AmountDisagreement[] = [];
  for (const field of COMPARED_FIELDS) {
    const c = readDecimal(center, field);
    const l = readDecimal(local, field);
    if (c === undefined || l === undefined || c.eq(l)) continue;
    const places = field === 'pool_prop_selfpay' ? 4 : 2;
    out.push({
      field,
      center: c.toFixed(places),
      local: l.toFixed(places),
      diff: c.minus(l).toFixed(places),
    });
  }
  return out;
}
