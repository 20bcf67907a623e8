/**
 * The receipt on paper and as PDF. Both print the terminal window itself: its `@media print`
 * style shows only the receipt (renderer/src/styles.css), so what is printed is what the
 * cashier saw. Silent printing goes to the configured printer, or the system default.
 */
import { writeFile } from 'node:fs/promises';
import type { BrowserWindow, Dialog } from 'electron';
import type { ApiError, ApiResult } from '../service/contract.js';
import type { SavedPdf } from '../../renderer/src/api/host.js';

function printFailed(reason: string): ApiError {
  return {
    code: 'PRINT_FAILED',
    zh: '收据打印失败',
    en: 'The receipt could not be printed',
    next: { zh: '请检查打印机是否连接、有纸，然后重新打印', en: 'Check that the printer is connected and has paper, then print again' },
    details: { reason },
  };
}

/** Prints the window's receipt silently to `printer` (the system default when undefined). */
export function printReceipt(win: BrowserWindow, printer: string | undefined): Promise<ApiResult<{ printer: string | undefined }>> {
  return new Promise((resolve) => {
    win.webContents.print({ silent: true, printBackground: false, ...(printer !== undefined ? { deviceName: printer } : {}) }, (success, failureReason) => {
      resolve(success ? { ok: true, value: { printer } } : { ok: false, error: printFailed(failureReason) });
    });
  });
}

/** Asks where to save, then writes the window's receipt there as PDF; cancelling saves nothing. */
export async function saveReceiptPdf(win: BrowserWindow, dialog: Dialog, now: Date): Promise<ApiResult<SavedPdf>> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const choice = await dialog.showSaveDialog(win, {
    title: '保存收据 PDF / Save receipt as PDF',
    defaultPath: `receipt-${stamp}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || choice.filePath === '') return { ok: true, value: { path: undefined } };
  try {
    const pdf = await win.webContents.printToPDF({ printBackground: false, preferCSSPageSize: true });
    await writeFile(choice.filePath, pdf);
    return { ok: true, value: { path: choice.filePath } };
  } catch (e) {
    return { ok: false, error: { ...printFailed(e instanceof Error ? e.message : String(e)), code: 'PDF_FAILED', zh: '收据PDF保存失败', en: 'The receipt PDF could not be saved', next: { zh: '请换一个位置保存', en: 'Choose another place to save it' } } };
  }
}
