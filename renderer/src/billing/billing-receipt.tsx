/**
 * After a billing settlement: the center's figures (or the estimate marked 待医保结算), for a
 * discharge the deposit against the final cash share, the printed receipt and PDF (the service's
 * receipt document, renderer/src/receipt), cancel/refund with a supervisor's approval (2208 for a
 * visit, 2305 for a discharge; what the patient paid goes back through its tender), and the next
 * patient.
 */
import type { SettlementReceipt, TerminalApi } from '../api/types.js';
import { RefundAction } from '../supervisor/refund-dialog.js';
import { ReceiptAmounts } from '../receipt/receipt-amounts.js';
import { ReceiptView } from '../receipt/receipt-view.js';
import { Bi } from '../common/bilingual.js';
import { DepositPanel } from './deposit-panel.js';
import type { DepositView } from './types.js';
import { printPage } from '../common/print.js';

/** The receipt of a visit or a discharge. */
export function BillingReceipt({ api, receipt, deposit, onNext }: { api: TerminalApi; receipt: SettlementReceipt; deposit: DepositView | null; onNext: () => void }) {
  return (
    <>
      <section className={`panel receipt-panel ${receipt.status}`} aria-label="结算结果 Settlement" data-testid="billing-receipt" role="status">
        <h2 data-testid="receipt-title">
          <Bi
            zh={receipt.status === 'settled' ? (receipt.infno === '2304' ? '出院结算成功' : '门诊结算成功') : receipt.title.zh}
            en={receipt.status === 'settled' ? (receipt.infno === '2304' ? 'Discharge settled' : 'Visit settled') : receipt.title.en}
          />
        </h2>
        <ReceiptAmounts receipt={receipt} cashLabel={{ zh: '个人现金支付', en: 'Patient’s cash share' }} />
        {deposit && <DepositPanel deposit={deposit} settled />}
        <dl className="facts small">
          <dt><Bi zh="交易" en="Transaction" /></dt>
          <dd className="mono">{receipt.infno}</dd>
          <dt><Bi zh="报文号" en="msgid" /></dt>
          <dd className="mono" data-testid="receipt-msgid">{receipt.msgid}</dd>
          <dt><Bi zh="结算号" en="Settlement id" /></dt>
          <dd className="mono">{receipt.setl_id ?? '—'}</dd>
        </dl>
        {receipt.disagreed && (
          <p className="bad">
            <Bi zh="医保中心金额与本机预结算不一致，以医保中心为准" en="The center's figures differ from the estimate; the center's apply" />
          </p>
        )}
        <div className="actions">
          <button type="button" className="secondary" data-testid="print" aria-keyshortcuts="F8" onClick={() => { printPage(); }}>
            <Bi inline zh="打印收据 (F8)" en="Print receipt" />
          </button>
          <RefundAction api={api} settlementId={receipt.settlementId} {...(receipt.infno === '2304' ? { label: { zh: '撤销出院结算', en: 'Cancel the discharge' } } : {})} />
          <button type="button" className="primary" onClick={onNext} data-testid="next-patient" aria-keyshortcuts="Escape">
            <Bi inline zh="下一位 (Esc)" en="Next patient" />
          </button>
        </div>
      </section>
      {/* The service's receipt document: QR of the msgid, 保存PDF, and what is printed. */}
      <ReceiptView api={api} settlementId={receipt.settlementId} />
    </>
  );
}
