/**
 * The live pre-settlement: what the funds, the personal account and the patient's cash pay,
 * exactly as the engine computed it, and the engine's own explanation of each step.
 */
import type { PreSettlement } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';

/** The split and its explanation. */
export function SplitPanel({ pre, stale }: { pre: PreSettlement; stale: boolean }) {
  const s = pre.setlinfo;
  return (
    <section className={stale ? 'panel split-panel stale' : 'panel split-panel'} aria-label="预结算 Pre-settlement" data-testid="split-panel" aria-busy={stale}>
      <h2>
        <Bi zh="预结算" en="Pre-settlement" />
      </h2>
      {!pre.eligibility.eligible && (
        <div className="error-box" role="alert">
          {pre.eligibility.reasons.map((r) => (
            <div key={r.code}>
              {r.zh} <span className="en">{r.en}</span>
            </div>
          ))}
        </div>
      )}
      <table className="split">
        <tbody>
          <tr className="total">
            <th><Bi zh="医疗费总额" en="Total" /></th>
            <td className="num" data-testid="medfee_sumamt"><Money value={s.medfee_sumamt} strong /></td>
          </tr>
          <tr>
            <th><Bi zh="符合范围金额" en="Covered amount" /></th>
            <td className="num"><Money value={s.inscp_scp_amt} /></td>
          </tr>
          {pre.funds.map((f) => (
            <tr key={f.fund_pay_type} className="fund">
              <th><Bi zh={f.name.zh} en={f.name.en} /></th>
              <td className="num" data-testid={`fund-${f.fund_pay_type}`}><Money value={f.fund_payamt} /></td>
            </tr>
          ))}
          <tr className="fund">
            <th><Bi zh="基金支付合计" en="Funds pay" /></th>
            <td className="num" data-testid="fund_pay_sumamt"><Money value={s.fund_pay_sumamt} strong /></td>
          </tr>
          <tr className="acct">
            <th><Bi zh="个人账户支付" en="Personal account pays" /></th>
            <td className="num" data-testid="acct_pay"><Money value={s.acct_pay} strong /></td>
          </tr>
          <tr className="cash">
            <th><Bi zh="现金支付" en="Cash to collect" /></th>
            <td className="num" data-testid="psn_cash_pay"><Money value={s.psn_cash_pay} strong /></td>
          </tr>
          <tr>
            <th><Bi zh="账户余额（结算后）" en="Account balance after" /></th>
            <td className="num"><Money value={s.balc} /></td>
          </tr>
        </tbody>
      </table>
      <details className="trace" open>
        <summary>
          <Bi inline zh="计算说明" en="How this was computed" />
        </summary>
        <ol data-testid="trace">
          {pre.trace.map((t, i) => (
            <li key={`${t.step}-${i}`}>
              <div>{t.zh}</div>
              <div className="en">{t.en}</div>
            </li>
          ))}
        </ol>
        <p className="muted">
          <Bi inline zh={`政策：${pre.policyRef}`} en="policy pack" />
        </p>
      </details>
    </section>
  );
}
