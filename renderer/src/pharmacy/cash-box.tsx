/**
 * The cash part on the receipt. Since issue 6 the patient's share is collected BEFORE settling,
 * in the pay step (renderer/src/payments/pay-panel.tsx: tendered, change, scan, bank card), so
 * after the receipt there is nothing left to collect here: this only says so.
 */
import { Bi } from '../common/bilingual.js';

/** The note for one settlement; `due` is the receipt's psn_cash_pay. */
export function CashBox({ due }: { due: string }) {
  return (
    <p className="cash-box ok" data-testid={due === '0.00' ? 'cash-none' : 'cash-collected'}>
      {due === '0.00' ? (
        <Bi inline zh="无需收取现金" en="Nothing to collect in cash" />
      ) : (
        <Bi inline zh="个人自付部分已在结算前收取" en="The patient's share was collected before settling" />
      )}
    </p>
  );
}
