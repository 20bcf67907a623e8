/**
 * The settlement's figures as every workplace's receipt panel shows them: the notice (待医保结算
 * and why, when provisional), then total, funds, personal account and the patient's cash share.
 */
import type { SettlementReceipt } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';

/** The notice and the split of a settlement; `cashLabel` names the cash line for this workplace. */
export function ReceiptAmounts({ receipt, cashLabel }: { receipt: SettlementReceipt; cashLabel: { zh: string; en: string } }) {
  const a = receipt.amounts;
  return (
    <>
      {receipt.notice && (
        <p className="notice">
          {receipt.notice.zh} <span className="en">{receipt.notice.en}</span>
        </p>
      )}
      <table className="split">
        <tbody>
          <tr className="total">
            <th><Bi zh="医疗费总额" en="Total" /></th>
            <td className="num"><Money value={a.medfee_sumamt} strong /></td>
          </tr>
          <tr className="fund">
            <th><Bi zh="基金支付" en="Funds pay" /></th>
            <td className="num" data-testid="receipt-fund"><Money value={a.fund_pay_sumamt} /></td>
          </tr>
          <tr className="acct">
            <th><Bi zh="个人账户支付" en="Personal account pays" /></th>
            <td className="num" data-testid="receipt-acct"><Money value={a.acct_pay} /></td>
          </tr>
          <tr className="cash">
            <th><Bi zh={cashLabel.zh} en={cashLabel.en} /></th>
            <td className="num" data-testid="receipt-cash"><Money value={a.psn_cash_pay} strong /></td>
          </tr>
        </tbody>
      </table>
    </>
  );
}
