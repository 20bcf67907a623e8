/**
 * What the host offers besides the contract: printing the receipt and saving it as PDF. The
 * Electron preload exposes `window.medsettleHost` (silent printing to the configured printer,
 * printToPDF); under the web host the browser's own print dialog stands in. Types and one pure
 * function only, so the Electron side can check its object against the same type.
 */
import type { ApiResult } from './types.js';

/** Where a saved PDF went (undefined when the operator cancelled the dialog). */
export type SavedPdf = { path: string | undefined };

/** The host's receipt functions; both print what the page's `@media print` shows (the receipt). */
export type MedsettleHost = {
  readonly kind: 'electron' | 'web';
  /** Prints the receipt: silently to the configured printer in Electron, the print dialog on the web. */
  printReceipt(): Promise<ApiResult<{ printer: string | undefined }>>;
  /** Saves the receipt as PDF (Electron asks where; the web host's print dialog offers "Save as PDF"). */
  saveReceiptPdf(): Promise<ApiResult<SavedPdf>>;
};

/** The part of `window` this needs, so the function can be tested without a DOM. */
export type HostWindow = { medsettleHost?: MedsettleHost; print(): void };

/** The host's receipt functions: Electron's when its preload set them, the browser's print dialog otherwise. */
export function receiptHost(win: HostWindow): MedsettleHost {
  if (win.medsettleHost) return win.medsettleHost;
  const viaDialog = (): void => {
    win.print();
  };
  return {
    kind: 'web',
    printReceipt: () => {
      viaDialog();
      return Promise.resolve({ ok: true, value: { printer: undefined } });
    },
    saveReceiptPdf: () => {
      viaDialog();
      return Promise.resolve({ ok: true, value: { path: undefined } });
    },
  };
}
