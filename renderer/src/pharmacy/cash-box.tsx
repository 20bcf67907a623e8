/**
 * The cash part on the receipt. Since issue 6 the patient's share is collected BEFORE settling,
 * in the pay step (renderer/src/payments/pay-panel.tsx: tendered, change, scan, bank card), so
 * after the receipt there is nothing left to collect here: this only says so, unless the center's
 * final share was higher and the cashier left the rest (尚需补收) for later: then it says how much
 * is still owed (the shift report lists it, and it is collected on the checkout).
 */
import { Bi } from '../common/bilingual.js';

/** The note for one settlement; `due` is the receipt's psn_cash_pay, `stillDue` what is still owed. */
export function CashBox({ due, stillDue }: { due: string; stillDue?: string | undefined }) {
  if (stillDue !== undefined)
    return (
      <p className="cash-box bad" data-testid="cash-still-due" role="alert">
        <Bi inline zh={`已收取部分现金；尚需补收 ¥${stillDue}（计入交班报表，患者返回时收取）`} en={`Part of the share was collected; ¥${stillDue} is still owed (listed at end of shift; collect it when the patient is back)`} />
      </p>
    );
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
