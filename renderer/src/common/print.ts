/**
 * Prints what the page's `@media print` shows (the receipt, the statement) through the host:
 * silently to the configured printer under Electron, the browser's print dialog under the web host.
 */
import { receiptHost } from '../api/host.js';

/** Prints the page's printable part; a failure is reported to the caller's onError, if any. */
export function printPage(onError?: (message: string) => void): void {
  receiptHost(window)
    .printReceipt()
    .then((r) => {
      if (!r.ok) onError?.(`${r.error.zh} ${r.error.en}`);
    })
    .catch((e: unknown) => {
      onError?.(e instanceof Error ? e.message : String(e));
    });
}
