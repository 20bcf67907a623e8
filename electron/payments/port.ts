/**
 * The payment port: one adapter per tender (cash, scan-to-pay, bank card). The checkout
 * orchestrator (checkout.ts) talks only to this interface, so a real provider is one more
 * adapter configured per facility. Amounts are integer fen; every call carries an idempotency
 * key the terminal recorded BEFORE calling, so asking twice never charges twice.
 */
import type { Tender } from '../../db/payments.js';

export type { Tender } from '../../db/payments.js';

/** What to charge. */
export type PayIntent = {
  /** The payment's idempotency key (recorded first). */
  key: string;
  amountFen: number;
  /** The patient's payment code when the kiosk scanned it (scan only); absent: show a merchant QR. */
  code?: string;
  /** Cash only: what the patient handed over. */
  tenderedFen?: number;
  description: string;
};

/** What a provider answered (or could not answer). */
export type PayOutcome =
  | { status: 'paid'; ref: string; changeFen?: number }
  | { status: 'declined'; reason: string }
  /** Waiting for the patient (QR not scanned yet, PIN pad waiting for the card). */
  | { status: 'pending'; qr?: string }
  /** The request may or may not have charged: query before anything else. */
  | { status: 'unknown'; reason: string };

/** The truth about a payment, by its key. */
export type QueryOutcome = PayOutcome | { status: 'not_found' } | { status: 'closed' };

/** What a refund came to. */
export type RefundOutcome = { status: 'refunded' } | { status: 'failed'; reason: string } | { status: 'unknown'; reason: string };

/** One notification from a provider (possibly a duplicate: applied once by `id`). */
export type PaymentNotification = { id: string; key: string; status: 'paid' | 'declined' };

/** One tender's adapter. */
export type PaymentAdapter = {
  tender: Tender;
  pay(intent: PayIntent): Promise<PayOutcome>;
  query(key: string): Promise<QueryOutcome>;
  /** Closes an unpaid order so it can no longer be paid (the answer says if it was paid meanwhile). */
  close(key: string): Promise<QueryOutcome>;
  refund(payment: { key: string; amountFen: number }, amountFen: number, refundKey: string): Promise<RefundOutcome>;
  /** New notifications since the last call (async notify; duplicates possible). The fallback poll. */
  notifications(): Promise<PaymentNotification[]>;
  /**
   * Notifications pushed by the provider as they happen (the scan gateway's event stream, the PIN
   * pad's unsolicited lines); duplicates possible, and a dropped link loses none of them for good:
   * `notifications()` still returns them. Returns the function that stops listening.
   */
  subscribe?(listener: (n: PaymentNotification) => void): () => void;
};

/** The adapters this terminal has, by tender. */
export type PaymentAdapters = Partial<Record<Tender, PaymentAdapter>>;
