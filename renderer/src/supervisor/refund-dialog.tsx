/**
 * Cancel/refund a settlement (2208) with a supervisor's approval: the reason, then the supervisor
 * types their own id and PIN on this screen (checked by the service on its own, whoever is logged
 * in). Success shows the refund receipt with negative amounts: what goes back where.
 */
import { useState, type SyntheticEvent } from 'react';
import type { ApiError, OutputOf, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { SplitTable } from '../receipt/receipt-amounts.js';

const TENDER_BACK = {
  cash: { zh: '从钱箱退还现金', en: 'Cash from the drawer' },
  scan: { zh: '原路退回扫码支付账户', en: 'Back to the scan-to-pay account' },
  bankcard: { zh: '原路退回银行卡', en: 'Back to the bank card' },
} as const;

/** The refund's receipt as the service answers it. */
export type RefundReceipt = OutputOf<'refundSettlement'>;

/** The 撤销/退费 button of a result panel, with its dialog; gone once the refund is done. */
export function RefundAction({ api, settlementId, label }: { api: TerminalApi; settlementId: number; label?: { zh: string; en: string } }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  if (done && !open) return null;
  return (
    <>
      {!done && (
        <button type="button" className="secondary" data-testid="receipt-refund" onClick={() => { setOpen(true); }}>
          <Bi inline zh={label?.zh ?? '撤销/退费'} en={label?.en ?? 'Cancel/refund'} />
        </button>
      )}
      {open && (
        <RefundDialog
          api={api}
          settlementId={settlementId}
          onClose={(receipt) => {
            setOpen(false);
            if (receipt) setDone(true);
          }}
        />
      )}
    </>
  );
}

/** The refund dialog for one settlement; onClose gets the receipt when the refund was done. */
export function RefundDialog({ api, settlementId, onClose }: { api: TerminalApi; settlementId: number; onClose: (receipt: RefundReceipt | undefined) => void }) {
  const [reason, setReason] = useState('');
  const [supervisorId, setSupervisorId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<RefundReceipt | undefined>();

  const submit = (e: SyntheticEvent): void => {
    e.preventDefault();
    setBusy(true);
    api
      .refundSettlement({ settlementId, reason: reason.trim(), approval: { supervisorId: supervisorId.trim(), pin } })
      .then((r) => {
        setPin('');
        if (r.ok) {
          setError(undefined);
          setReceipt(r.value);
        } else setError(r.error);
      })
      .catch(() => undefined)
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <div className="modal-backdrop">
      <div className="panel modal refund-dialog" role="dialog" aria-modal="true" aria-labelledby="refund-title" data-testid="refund-dialog">
        <h2 id="refund-title">
          <Bi zh={`撤销/退费 · 结算 #${String(settlementId)}`} en={`Cancel/refund settlement #${String(settlementId)}`} />
        </h2>
        {receipt ? (
          <section className="refund-receipt" data-testid="refund-receipt" role="status">
            <h3 className="ok">
              <Bi zh={receipt.title.zh} en={receipt.title.en} />
            </h3>
            <p className="notice">
              {receipt.notice.zh} <span className="en">{receipt.notice.en}</span>
            </p>
            <SplitTable
              amounts={receipt.amounts}
              labels={{
                fund: { zh: '退回基金', en: 'Back to the funds' },
                acct: { zh: '退回个人账户', en: 'Back to the personal account' },
                cash: { zh: '撤销个人自付', en: 'Patient’s share cancelled' },
              }}
              testIds="refund"
            />
            {receipt.tenders.length > 0 && (
              <table className="split refund-tenders" data-testid="refund-tenders">
                <tbody>
                  {receipt.tenders.map((t, i) => (
                    <tr key={i} data-testid={`refund-tender-${t.tender}`} data-state={t.state}>
                      <th>
                        <Bi zh={TENDER_BACK[t.tender].zh} en={TENDER_BACK[t.tender].en} />
                      </th>
                      <td className="num"><Money value={t.amount} /></td>
                      <td>
                        <Bi inline zh={t.state === 'refunded' ? (t.tender === 'cash' ? '请退还' : '已退回') : '处理中，自动重试'} en={t.state === 'refunded' ? (t.tender === 'cash' ? 'hand it over' : 'done') : 'in progress; retried'} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <dl className="facts small">
              <dt><Bi zh="授权主管" en="Approved by" /></dt>
              <dd>{receipt.approvedBy.name} ({receipt.approvedBy.id})</dd>
              <dt><Bi zh="撤销报文号" en="Cancellation msgid" /></dt>
              <dd className="mono">{receipt.msgid ?? <Bi inline zh="未上传，本地作废" en="never sent: voided here" />}</dd>
              <dt><Bi zh="原因" en="Reason" /></dt>
              <dd>{receipt.reason}</dd>
            </dl>
            <button type="button" className="primary" data-testid="refund-close" onClick={() => { onClose(receipt); }}>
              <Bi inline zh="完成" en="Done" />
            </button>
          </section>
        ) : (
          <form onSubmit={submit}>
            <label>
              <Bi zh="退费原因" en="Reason" />
              <input autoFocus value={reason} onChange={(e) => { setReason(e.target.value); }} data-testid="refund-reason" required maxLength={200} />
            </label>
            <fieldset className="approval">
              <legend>
                <Bi zh="主管授权（请主管本人输入）" en="Supervisor approval (the supervisor types it)" />
              </legend>
              <label>
                <Bi zh="主管工号" en="Supervisor id" />
                <input value={supervisorId} autoComplete="off" onChange={(e) => { setSupervisorId(e.target.value); }} data-testid="refund-supervisor" required maxLength={30} />
              </label>
              <label>
                <Bi zh="主管密码" en="Supervisor PIN" />
                <input type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => { setPin(e.target.value.replace(/[^0-9]/g, '')); }} data-testid="refund-pin" required maxLength={12} />
              </label>
            </fieldset>
            {error && <ErrorBox error={error} />}
            <div className="actions">
              <button type="button" className="secondary" onClick={() => { onClose(undefined); }} data-testid="refund-cancel">
                <Bi inline zh="取消" en="Cancel" />
              </button>
              <button type="submit" className="danger" disabled={busy || reason.trim() === '' || supervisorId === '' || pin === ''} data-testid="refund-submit">
                <Bi inline zh={busy ? '正在撤销…' : '确认撤销并退费'} en={busy ? 'Cancelling…' : 'Cancel and refund'} />
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
