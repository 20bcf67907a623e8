/**
 * The receipt as printed (80 mm roll): facility, patient masked, lines with their self-pay
 * parts, the split by fund, account and cash, the balance after, how the cash part was paid,
 * the msgid as a QR code; 待医保结算 on a provisional one. Built from the service's
 * receiptDocument (the store's figures, not the screen's), hidden on screen and the only thing
 * on paper (styles.css @media print). The Electron host prints this same HTML silently.
 */
import type { ReceiptDocument } from '../api/types.js';
import { QrCode } from './qr-code.js';

const TENDERS: Record<string, string> = { cash: '现金 Cash', scan: '扫码 QR pay', bankcard: '银行卡 Card' };

/** The printable receipt of one settlement. */
export function PrintedReceipt({ doc }: { doc: ReceiptDocument }) {
  const a = doc.amounts;
  return (
    <article className="print-receipt" data-testid="printed-receipt" data-provisional={doc.provisional} aria-hidden="true">
      <h1>{doc.facility.name}</h1>
      <p className="title">{doc.provisional ? '待医保结算 PROVISIONAL' : `${doc.title.zh} ${doc.title.en}`}</p>
      {doc.provisional && <p className="title">Awaiting the center</p>}
      {doc.trainingMode && <p className="title">培训模式 — 非正式结算 TRAINING</p>}
      <p>
        日期 {doc.businessDate} {doc.settledAt.slice(11)}
      </p>
      <p>
        患者 {doc.patient.name ?? '—'} · {doc.patient.certno ?? ''}
      </p>
      <table>
        <tbody>
          {doc.lines.map((l, i) => (
            <tr key={i}>
              <td>
                {l.name} ×{l.cnt} @{l.pric}
                {(l.fulamt_ownpay_amt !== '0.00' || l.overlmt_amt !== '0.00' || l.preselfpay_amt !== '0.00') && (
                  <span className="selfpay">
                    {' '}
                    自付 {l.fulamt_ownpay_amt !== '0.00' && `全${l.fulamt_ownpay_amt} `}
                    {l.overlmt_amt !== '0.00' && `超${l.overlmt_amt} `}
                    {l.preselfpay_amt !== '0.00' && `先${l.preselfpay_amt}`}
                  </span>
                )}
              </td>
              <td className="num">{l.amount}</td>
            </tr>
          ))}
          <tr className="rule">
            <td>医疗费总额 Total</td>
            <td className="num">{a.medfee_sumamt}</td>
          </tr>
          {doc.funds.map((f) => (
            <tr key={f.fund_pay_type} data-testid={`printed-fund-${f.fund_pay_type}`}>
              <td>{f.name}</td>
              <td className="num">{f.amount}</td>
            </tr>
          ))}
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
          {doc.balc !== null && (
            <tr>
              <td>账户余额 Balance</td>
              <td className="num">{doc.balc}</td>
            </tr>
          )}
          {doc.tenders?.map((t, i) => (
            <tr key={`t${String(i)}`}>
              <td>
                {TENDERS[t.tender] ?? t.tender}
                {t.tendered !== null && ` 实收${t.tendered}`}
                {t.change !== null && ` 找零${t.change}`}
              </td>
              <td className="num">{t.amount}</td>
            </tr>
          ))}
          {doc.adjustments.map((adj, i) => (
            <tr key={`a${String(i)}`} data-testid="printed-adjustment">
              <td>{adj.kind === 'refund' ? '应退 Refund due' : '应补 Amount due'}</td>
              <td className="num">{adj.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* The training line is already under the title. */}
      {doc.notes.filter((n) => !(doc.trainingMode && n.zh.startsWith('培训模式'))).map((n, i) => (
        <p className="notice" key={i}>
          {n.zh}
        </p>
      ))}
      {doc.msgid !== null && <QrCode text={doc.msgid} size={110} testId="receipt-qr" />}
      <p className="mono">msgid {doc.msgid ?? '—'}</p>
      {doc.setl_id !== null && <p className="mono">结算号 {doc.setl_id}</p>}
    </article>
  );
}
