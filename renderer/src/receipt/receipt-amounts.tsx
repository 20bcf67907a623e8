/**
 * The settlement's figures as every workplace's receipt panel shows them: the notice (待医保结算
 * and why, when provisional), then total, funds, personal account and the patient's cash share.
 */
import type { SettlementReceipt } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';

type ZhEn = { zh: string; en: string };

/**
 * The split as a table: total, funds, personal account, the patient's part. A settlement's receipt
 * and a refund's (negative amounts, "back to …" labels) share it; `testIds` prefix the cells.
 */
export function SplitTable({ amounts, labels, testIds }: { amounts: SettlementReceipt['amounts']; labels: { fund: ZhEn; acct: ZhEn; cash: ZhEn }; testIds: 'receipt' | 'refund' }) {
  return (
    <table className="split">
      <tbody>
        <tr className="total">
          <th><Bi zh="医疗费总额" en="Total" /></th>
          <td className="num"><Money value={amounts.medfee_sumamt} strong /></td>
        </tr>
        <tr className="fund">
          <th><Bi zh={labels.fund.zh} en={labels.fund.en} /></th>
          <td className="num" data-testid={`${testIds}-fund`}><Money value={amounts.fund_pay_sumamt} /></td>
        </tr>
        <tr className="acct">
          <th><Bi zh={labels.acct.zh} en={labels.acct.en} /></th>
          <td className="num" data-testid={`${testIds}-acct`}><Money value={amounts.acct_pay} /></td>
        </tr>
        <tr className="cash">
          <th><Bi zh={labels.cash.zh} en={labels.cash.en} /></th>
          <td className="num" data-testid={`${testIds}-cash`}><Money value={amounts.psn_cash_pay} strong /></td>
        </tr>
      </tbody>
    </table>
  );
}

/** The notice and the split of a settlement; `cashLabel` names the cash line for this workplace. */
export function ReceiptAmounts({ receipt, cashLabel }: { receipt: SettlementReceipt; cashLabel: ZhEn }) {
  return (
    <>
      {receipt.notice && (
        <p className="notice">
          {receipt.notice.zh} <span className="en">{receipt.notice.en}</span>
        </p>
      )}
      <SplitTable
        amounts={receipt.amounts}
        labels={{ fund: { zh: '基金支付', en: 'Funds pay' }, acct: { zh: '个人账户支付', en: 'Personal account pays' }, cash: cashLabel }}
        testIds="receipt"
      />
    </>
  );
}
