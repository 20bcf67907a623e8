/**
 * After settling: what was settled and what the patient pays now. A provisional settlement says
 * 待医保结算 plainly: the amounts are the terminal's estimate until the center confirms.
 */
import type { SettlementReceipt, TerminalApi } from '../api/types.js';
import { Bi } from '../common/bilingual.js';
import { ReceiptAmounts } from '../receipt/receipt-amounts.js';
import { RefundAction } from '../supervisor/refund-dialog.js';
import { CashBox } from './cash-box.js';
import { printPage } from '../common/print.js';

/** The settlement's outcome, with the button to serve the next patient. */
export function ReceiptPanel({ receipt, onNext, api, stillDue }: { receipt: SettlementReceipt; onNext: () => void; api?: TerminalApi; stillDue?: string | undefined }) {
  const a = receipt.amounts;
  // Cancel/refund (2208) with a supervisor's approval: the dialog is the supervisor workplace's.
  return (
    <section className={`panel receipt-panel ${receipt.status}`} aria-label="结算结果 Settlement" data-testid="receipt-panel" role="status">
      <h2 data-testid="receipt-title">
        <Bi zh={receipt.status === 'settled' ? '结算成功' : receipt.title.zh} en={receipt.status === 'settled' ? 'Settled' : receipt.title.en} />
      </h2>
      <ReceiptAmounts receipt={receipt} cashLabel={{ zh: '请收取现金', en: 'Collect in cash' }} />
      <CashBox due={a.psn_cash_pay} stillDue={stillDue} />
      <dl className="facts small">
        <dt><Bi zh="报文号" en="msgid" /></dt>
        <dd className="mono" data-testid="receipt-msgid">{receipt.msgid}</dd>
        <dt><Bi zh="结算号" en="Settlement id" /></dt>
        <dd className="mono">{receipt.setl_id ?? '—'}</dd>
        <dt><Bi zh="金额来源" en="Figures from" /></dt>
        <dd>{receipt.source === 'center' ? <Bi inline zh="医保中心" en="the center" /> : <Bi inline zh="本机估算" en="local estimate" />}</dd>
      </dl>
      {receipt.disagreed && (
        <p className="bad">
          <Bi zh="医保中心金额与本机预结算不一致，以医保中心为准" en="The center's figures differ from the estimate; the center's apply" />
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          data-testid="print"
          aria-keyshortcuts="F8"
          onClick={() => {
            printPage();
          }}
        >
          <Bi inline zh="打印收据 (F8)" en="Print receipt" />
        </button>
        {api && <RefundAction api={api} settlementId={receipt.settlementId} />}
        <button type="button" className="primary" onClick={onNext} data-testid="next-patient" aria-keyshortcuts="Escape">
          <Bi inline zh="下一位 (Esc)" en="Next patient" />
        </button>
      </div>
    </section>
  );
}
