/**
 * The discharge's settle step. Outpatient visits go through the payments' PayPanel; a discharge
 * does not yet: the checkout collects the whole cash share (psn_cash_pay), while at discharge the
 * deposit is set against it (应交 = psn_cash_pay − 累计预交金, maybe a refund). Until the checkout
 * takes the deposit into account, the desk settles a discharge through its own billing channel
 * (billingSettle → ctx.settleOrder) and shows the amount to collect or refund itself.
 */
import { useState } from 'react';
import type { ApiError, SettlementReceipt, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import type { BillingOrder, DepositView } from './types.js';

/** Settles the order when the clerk confirms (F9). */
export function SettleStep(props: {
  api: TerminalApi;
  order: BillingOrder;
  amountDue: string;
  refund: string | null;
  disabled: boolean;
  onSettled: (receipt: SettlementReceipt, deposit: DepositView | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const settle = (): void => {
    if (busy || props.disabled) return;
    setBusy(true);
    setError(undefined);
    props.api
      .billingSettle({ order: props.order })
      .then((r) => {
        setBusy(false);
        if (r.ok) props.onSettled(r.value.receipt, r.value.deposit);
        else setError(r.error);
      })
      .catch(() => {
        setBusy(false);
      });
  };
  return (
    <section className="panel settle-step" data-testid="settle-step">
      {props.refund !== null && props.refund !== '0.00' ? (
        <p>
          <Bi inline zh="出院应退患者" en="Refund to the patient" /> <Money value={props.refund} strong />
        </p>
      ) : (
        <p>
          <Bi inline zh="应收患者" en="Collect from the patient" /> <Money value={props.amountDue} strong />
        </p>
      )}
      {error && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}
      <button type="button" className="primary settle" disabled={busy || props.disabled} onClick={settle} data-testid="settle" aria-keyshortcuts="F9">
        <Bi inline zh={busy ? '正在结算…' : '确认结算 (F9)'} en={busy ? 'Settling…' : 'Settle'} />
      </button>
    </section>
  );
}
