/**
 * The receipt as printed (80 mm roll): facility, patient masked, lines, the split by fund,
 * account and cash, msgid; 待医保结算 on a provisional one. Hidden on screen, the only thing
 * on paper (see styles.css @media print). The msgid QR code arrives with the Electron host.
 */
import type { Patient, PreSettlement, SettlementReceipt, TerminalStatus } from '../api/types.js';

/** The printable receipt of one settlement. */
export function PrintedReceipt(props: { receipt: SettlementReceipt; pre: PreSettlement; patient: Patient | undefined; status: TerminalStatus | undefined }) {
  const { receipt, pre, patient, status } = props;
  const a = receipt.amounts;
  const provisional = receipt.status === 'provisional';
  return (
    <article className="print-receipt" data-testid="printed-receipt" aria-hidden="true">
      <h1>{status?.facility.name ?? ''}</h1>
      <p className="title">{provisional ? '待医保结算 PROVISIONAL' : '医保结算单 Insurance receipt'}</p>
      {status?.trainingMode && <p className="title">培训模式 — 非正式结算 TRAINING</p>}
      <p>
        日期 {status?.businessDate ?? ''} · 患者 {patient?.card.name ?? '—'} · {patient?.card.ssn ?? ''}
      </p>
      <table>
        <tbody>
          {pre.lines.map((l) => (
            <tr key={l.feedetl_sn}>
              <td>
                {l.name} ×{l.cnt}
              </td>
              <td className="num">{l.det_item_fee_sumamt}</td>
            </tr>
          ))}
          <tr className="rule">
            <td>医疗费总额 Total</td>
            <td className="num">{a.medfee_sumamt}</td>
          </tr>
          <tr>
            <td>基金支付 Funds</td>
            <td className="num">{a.fund_pay_sumamt}</td>
          </tr>
          <tr>
            <td>个人账户 Account</td>
            <td className="num">{a.acct_pay}</td>
          </tr>
          <tr className="rule">
            <td>现金支付 Cash</td>
            <td className="num">{a.psn_cash_pay}</td>
          </tr>
        </tbody>
      </table>
      {receipt.notice && <p className="notice">{receipt.notice.zh}</p>}
      <p className="mono">msgid {receipt.msgid}</p>
      {receipt.setl_id !== null && <p className="mono">结算号 {receipt.setl_id}</p>}
    </article>
  );
}
