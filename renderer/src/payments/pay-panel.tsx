/**
 * The pay step every workplace renders where it used to call api.settle: it collects the
 * patient's share of an order and settles it, then reports the receipt (issue 6).
 * First version: a cart order settles directly (no tender yet); the tender choice follows.
 */
import { useState } from 'react';
import type { ApiError, Order, SettlementReceipt, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';

/** What a workplace passes to the pay step. Stable: only optional props may be added. */
export type PayPanelProps = {
  api: TerminalApi;
  order: Order;
  amountDue: string;
  mode: 'counter' | 'kiosk';
  onSettled: (receipt: SettlementReceipt) => void;
  onCancel: () => void;
};

/** Collects the patient's share and settles the order; reports the receipt once settled. */
export function PayPanel({ api, order, amountDue, mode, onSettled, onCancel }: PayPanelProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const confirm = (): void => {
    setBusy(true);
    setError(undefined);
    void api
      .settle({ lines: order.lines })
      .then((result) => {
        setBusy(false);
        if (result.ok) onSettled(result.value);
        else setError(result.error);
      });
  };

  return (
    <section className={`pay-panel pay-${mode}`} data-testid="pay-panel">
      <p>
        <Bi zh="应付现金" en="Amount due" /> <Money value={amountDue} strong />
      </p>
      {error !== undefined && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}
      <button type="button" className="primary" disabled={busy} onClick={confirm} data-testid="pay-confirm">
        <Bi zh="确认收款并结算" en="Collect and settle" />
      </button>
      <button type="button" disabled={busy} onClick={onCancel} data-testid="pay-cancel">
        <Bi zh="取消" en="Cancel" />
      </button>
    </section>
  );
}
