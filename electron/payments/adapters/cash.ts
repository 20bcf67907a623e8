/**
 * Cash at the counter: the drawer is the provider. A payment is the amount due taken from what
 * the patient handed over (change computed in fen); a refund is paid out of the drawer. Nothing
 * leaves the terminal, so there is no unknown outcome; the shift close counts the drawer.
 */
import type { PaymentAdapter } from '../port.js';

/** The cash adapter. */
export function cashAdapter(): PaymentAdapter {
  return {
    tender: 'cash',
    pay: (intent) => {
      const tendered = intent.tenderedFen ?? intent.amountFen;
      if (tendered < intent.amountFen) return Promise.resolve({ status: 'declined', reason: 'tendered less than due' });
      return Promise.resolve({ status: 'paid', ref: `CASH-${intent.key}`, changeFen: tendered - intent.amountFen });
    },
    // The ledger row is the truth for cash: a cash payment is recorded 'paid' before the drawer opens.
    query: () => Promise.resolve({ status: 'not_found' }),
    close: () => Promise.resolve({ status: 'closed' }),
    refund: () => Promise.resolve({ status: 'refunded' }),
    notifications: () => Promise.resolve([]),
  };
}
