/** The billing desk's contract types (types only, from the API contract). */
import type { InputOf, OutputOf } from '../../../electron/service/contract.js';

/** An outpatient visit waiting to be settled. */
export type OutpatientVisit = OutputOf<'billingVisit'>;
/** An inpatient stay waiting for discharge settlement. */
export type InpatientStay = OutputOf<'billingPendingStays'>[number];
/** One fee line as the desk shows it. */
export type BillingLine = OutpatientVisit['lines'][number];
/** The live split of a billing order with admission and deposit. */
export type BillingQuote = OutputOf<'billingQuote'>;
/** The deposit against the cash share. */
export type DepositView = NonNullable<BillingQuote['deposit']>;
/** A billing order (outpatient visit or discharge). */
export type BillingOrder = InputOf<'billingQuote'>['order'];
