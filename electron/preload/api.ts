/**
 * The objects the preload exposes, built over an injected IPC port so they can be tested without
 * Electron: one function per contract channel (from CHANNEL_NAMES, nothing generic) plus
 * subscribe, and the host's two receipt functions. The port is never exposed itself.
 */
import { CHANNEL_NAMES, type ChannelName, type TerminalApi, type TerminalEvent } from '../service/contract.js';
import type { MedsettleHost } from '../../renderer/src/api/host.js';
import { EVENT_CHANNEL, ipcChannelOf, PRINT_RECEIPT_CHANNEL, SAVE_RECEIPT_PDF_CHANNEL } from './ipc-names.js';

/** The slice of ipcRenderer the preload uses. */
export type IpcPort = {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
};

type ChannelFunctions = { [C in ChannelName]: TerminalApi[C] };

/** The TerminalApi over IPC: main parses every input and checks every output against the contract. */
export function createIpcTerminalApi(ipc: IpcPort): TerminalApi {
  // One entry per name in CHANNEL_NAMES: that is every key of ChannelFunctions, so the cast below
  // adds nothing the map does not already guarantee; main checks each answer against the contract.
  const calls = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, (input: unknown) => ipc.invoke(ipcChannelOf(name), input)])) as ChannelFunctions;
  const subscribe = (listener: (event: TerminalEvent) => void): (() => void) => {
    const forward = (_event: unknown, payload: unknown): void => {
      // main forwards only events it checked against the contract's event schema.
      listener(payload as TerminalEvent);
    };
    ipc.on(EVENT_CHANNEL, forward);
    return () => {
      ipc.removeListener(EVENT_CHANNEL, forward);
    };
  };
  return { ...calls, subscribe } satisfies TerminalApi;
}

/** The host's receipt functions over IPC. */
export function createIpcHost(ipc: IpcPort): MedsettleHost {
  return {
    kind: 'electron',
    // main answers with the envelope types MedsettleHost names.
    printReceipt: () => ipc.invoke(PRINT_RECEIPT_CHANNEL) as ReturnType<MedsettleHost['printReceipt']>,
    saveReceiptPdf: () => ipc.invoke(SAVE_RECEIPT_PDF_CHANNEL) as ReturnType<MedsettleHost['saveReceiptPdf']>,
  } satisfies MedsettleHost;
}
