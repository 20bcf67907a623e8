/**
 * The IPC channel names the preload and main agree on. Contract channels are `medsettle:<name>`;
 * events travel on one channel; the host's receipt functions have their own two. Shared by both
 * sides so a renamed channel cannot leave one side listening to nothing.
 */
import type { ChannelName } from '../service/contract.js';

/** The prefix of every contract channel on IPC. */
export const IPC_PREFIX = 'medsettle:';

/** The IPC channel of a contract channel. */
export function ipcChannelOf(name: ChannelName): string {
  return `${IPC_PREFIX}${name}`;
}

/** Main → renderer: the service's events. */
export const EVENT_CHANNEL = 'medsettle-event';
/** Renderer → main: print the receipt silently. */
export const PRINT_RECEIPT_CHANNEL = 'medsettle-host:print-receipt';
/** Renderer → main: save the receipt as PDF. */
export const SAVE_RECEIPT_PDF_CHANNEL = 'medsettle-host:save-receipt-pdf';
