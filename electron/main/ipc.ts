/**
 * The one file in main that touches ipcMain (a lint rule): binds every contract channel and the
 * two receipt functions with a sender check, parses each input and checks each output with the
 * contract through the dispatch the web host uses, and forwards the service's events.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, type ApiResult } from '../service/contract.js';
import { callChannel, checkedEvent } from '../service/dispatch.js';
import type { TerminalService } from '../service/service.js';
import type { SavedPdf } from '../../renderer/src/api/host.js';
import { EVENT_CHANNEL, ipcChannelOf, PRINT_RECEIPT_CHANNEL, SAVE_RECEIPT_PDF_CHANNEL } from '../preload/ipc-names.js';
import { isAppUrl } from './app-protocol.js';
import { isTrustedSender, UNTRUSTED_SENDER } from './security.js';

/** What the bindings need. */
export type IpcBindings = {
  service: TerminalService;
  /** The terminal window (the only trusted sender); undefined while there is none. */
  window: () => BrowserWindow | undefined;
  printReceipt: () => Promise<ApiResult<{ printer: string | undefined }>>;
  saveReceiptPdf: () => Promise<ApiResult<SavedPdf>>;
  log: (line: string) => void;
};

/** Binds the terminal to IPC; returns the function that unbinds it. */
export function bindTerminalIpc(b: IpcBindings): () => void {
  const trusted = (event: IpcMainInvokeEvent, what: string): boolean => {
    const win = b.window();
    const ok = isTrustedSender(
      { frameUrl: event.senderFrame?.url, webContentsId: event.sender.id },
      win && !win.isDestroyed() ? win.webContents.id : undefined,
    );
    if (!ok) b.log(`ipc: refused ${what} from webContents ${event.sender.id} at ${event.senderFrame?.url ?? '(no frame)'}`);
    return ok;
  };
  const bound: string[] = [];
  for (const name of CHANNEL_NAMES) {
    const channel = ipcChannelOf(name);
    ipcMain.handle(channel, async (event, raw: unknown): Promise<ApiResult<unknown>> => {
      if (!trusted(event, name)) return { ok: false, error: UNTRUSTED_SENDER };
      const { body } = await callChannel(b.service, name, raw, (line) => {
        b.log(`ipc: ${line}`);
      });
      return body;
    });
    bound.push(channel);
  }
  ipcMain.handle(PRINT_RECEIPT_CHANNEL, (event) => (trusted(event, 'printReceipt') ? b.printReceipt() : { ok: false, error: UNTRUSTED_SENDER }));
  ipcMain.handle(SAVE_RECEIPT_PDF_CHANNEL, (event) => (trusted(event, 'saveReceiptPdf') ? b.saveReceiptPdf() : { ok: false, error: UNTRUSTED_SENDER }));
  bound.push(PRINT_RECEIPT_CHANNEL, SAVE_RECEIPT_PDF_CHANNEL);

  const unsubscribe = b.service.subscribe((event) => {
    const win = b.window();
    // Events go only to our window while it shows our own page.
    if (!win || win.isDestroyed() || !isAppUrl(win.webContents.getURL())) return;
    const checked = checkedEvent(event, (line) => {
      b.log(`ipc: ${line}`);
    });
    if (checked) win.webContents.send(EVENT_CHANNEL, checked);
  });
  return () => {
    unsubscribe();
    for (const channel of bound) ipcMain.removeHandler(channel);
  };
}
