/** The deposit against the patient's cash share: 应交 = 个人现金支付 − 累计预交金. */
import type { DepositView } from './types.js';
import { Bi, Money } from '../common/bilingual.js';

/** Shows the deposit, the cash share and what is collected or refunded. */
export function DepositPanel({ deposit, settled }: { deposit: DepositView; settled: boolean }) {
  const refund = deposit.refund !== '0.00';
  return (
    <section className="panel deposit-panel" aria-label="预交金 Deposit" data-testid="deposit-panel">
      <h2>
        <Bi zh="预交金结算" en="Deposit" />
      </h2>
      <table className="split">
        <tbody>
          <tr>
            <th><Bi zh="个人现金支付" en="Patient’s cash share" /></th>
            <td className="num"><Money value={deposit.psn_cash_pay} /></td>
          </tr>
          <tr>
            <th><Bi zh="累计预交金" en="Deposit paid in" /></th>
            <td className="num" data-testid="deposit-paid"><Money value={deposit.deposit} /></td>
          </tr>
          {refund ? (
            <tr className="cash">
              <th><Bi zh={settled ? '应退患者' : '出院应退'} en="Refund to the patient" /></th>
              <td className="num" data-testid="deposit-refund"><Money value={deposit.refund} strong /></td>
            </tr>
          ) : (
            <tr className="cash">
              <th><Bi zh={settled ? '应补交' : '出院应补交'} en="Still to pay" /></th>
              <td className="num" data-testid="deposit-due"><Money value={deposit.due} strong /></td>
            </tr>
          )}
        </tbody>
      </table>
      <p className="muted small">
        <Bi zh="应交金额 = 个人现金支付 − 累计预交金；为负数时退还患者" en="Due = cash share − deposit; a negative amount is refunded" />
      </p>
    </section>
  );
}
