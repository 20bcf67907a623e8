/**
 * The contract's types as the renderer uses them (types only: the renderer imports no value
 * from the Node side).
 */
export type {
  ApiError,
  ApiResult,
  CatalogEntry,
  CardProfileView,
  InputOf,
  OutputOf,
  Order,
  Patient,
  PreSettlement,
  SettlementReceipt,
  TerminalApi,
  TerminalEvent,
  TerminalStatus,
} from '../../../electron/service/contract.js';

import type { OutputOf as Out } from '../../../electron/service/contract.js';
/** A checkout as the pay step shows it (issue 6). */
export type CheckoutView = Out<'checkoutStatus'>;
/** The cashier's end-of-shift figures (issue 6). */
export type ShiftReport = Out<'shiftReport'>;

/** A receipt as printed or saved as PDF (the receiptDocument channel). */
export type ReceiptDocument = Out<'receiptDocument'>;

/** The bill waiting at the kiosk, pre-settled with its split in plain words (issue 5). */
export type KioskBill = Out<'kioskBill'>;
/** The patient inquiry: balance, this year's accumulators, last settlements (issue 6). */
export type Inquiry = Out<'inquiry'>;
/** The kiosk's idle and elder-mode settings. */
export type KioskSettings = Out<'kioskSettings'>;
