/**
 * What the counter hands back to print: a settled receipt with the center's figures, or a
 * provisional one (待医保结算) with the local estimate, saying plainly that it is not confirmed.
 */
import type { SettlementResult } from '../../settlement/index.js';
import type { SettlementCheck } from '../center/identities.js';
import type { Setlinfo } from '../center/tx-settle.js';
import type { SettleInfno } from './settle-input.js';

/** The four amounts a receipt shows, yuan strings; the patient pays `psn_cash_pay` now. */
export type ReceiptAmounts = { medfee_sumamt: string; fund_pay_sumamt: string; acct_pay: string; psn_cash_pay: string };

/** A receipt to print. */
export type Receipt = {
  settlementId: number;
  /** The msgid of the settlement message (the key for 5203, 2601 and reconciliation). */
  msgid: string;
  infno: SettleInfno;
  status: 'settled' | 'provisional';
  title: { zh: string; en: string };
  amounts: ReceiptAmounts;
  /** Whose figures: the center's final ones, or the terminal's estimate awaiting confirmation. */
  source: 'center' | 'local_estimate';
  setl_id: string | null;
  notice: { zh: string; en: string } | null;
  /** The center's answer against the identities and the local estimate (settled only). */
  check: SettlementCheck | null;
  /** The online pre-settlement (2206/2101) against the local estimate, when one was made. */
  preSettleCheck: SettlementCheck | null;
};

const SETTLED_TITLE = { zh: '医保结算', en: 'Insurance settlement' };
const PROVISIONAL_TITLE = { zh: '待医保结算', en: 'Provisional — awaiting insurance confirmation' };

/** Why a receipt is provisional. */
export type ProvisionalReason = 'center_unreachable' | 'outcome_unknown';

const PROVISIONAL_NOTICE: Record<ProvisionalReason, { zh: string; en: string }> = {
  center_unreachable: {
    zh: '待医保结算：医保中心暂时无法连接，本收据按本机估算收费；医保中心确认后如有差额，将退还或补收。',
    en: 'Provisional: the insurance center cannot be reached; this receipt charges the terminal’s estimate. Once the center confirms, any difference is refunded or collected.',
  },
  outcome_unknown: {
    zh: '待医保结算：医保中心未及时应答，结算结果待确认；本收据按本机估算收费，确认后如有差额，将退还或补收。',
    en: 'Provisional: the insurance center did not answer in time and the outcome awaits confirmation; this receipt charges the terminal’s estimate. Any difference is refunded or collected after confirmation.',
  },
};

/** A receipt with the center's final figures (a blank center amount shows the estimate's). */
export function settledReceipt(base: { settlementId: number; msgid: string; infno: SettleInfno }, center: Setlinfo, local: SettlementResult, check: SettlementCheck, preSettleCheck: SettlementCheck | null): Receipt {
  const l = local.setlinfo;
  return {
    ...base,
    status: 'settled',
    title: SETTLED_TITLE,
    amounts: {
      medfee_sumamt: center.medfee_sumamt ?? l.medfee_sumamt,
      fund_pay_sumamt: center.fund_pay_sumamt ?? l.fund_pay_sumamt,
      acct_pay: center.acct_pay ?? l.acct_pay,
      psn_cash_pay: center.psn_cash_pay ?? l.psn_cash_pay,
    },
    source: 'center',
    setl_id: center.setl_id ?? null,
    notice: null,
    check,
    preSettleCheck,
  };
}

/** A provisional receipt with the local estimate. */
export function provisionalReceipt(
  base: { settlementId: number; msgid: string; infno: SettleInfno },
  local: SettlementResult,
  reason: ProvisionalReason,
  preSettleCheck: SettlementCheck | null,
): Receipt {
  const l = local.setlinfo;
  return {
    ...base,
    status: 'provisional',
    title: PROVISIONAL_TITLE,
    amounts: { medfee_sumamt: l.medfee_sumamt, fund_pay_sumamt: l.fund_pay_sumamt, acct_pay: l.acct_pay, psn_cash_pay: l.psn_cash_pay },
    source: 'local_estimate',
    setl_id: null,
    notice: PROVISIONAL_NOTICE[reason],
    check: null,
    preSettleCheck,
  };
}
