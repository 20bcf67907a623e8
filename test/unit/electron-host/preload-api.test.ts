import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type TerminalEvent } from '../../../electron/service/contract.js';
import { createIpcHost, createIpcTerminalApi, type IpcPort } from '../../../electron/preload/api.js';
import { EVENT_CHANNEL, ipcChannelOf, PRINT_RECEIPT_CHANNEL, SAVE_RECEIPT_PDF_CHANNEL } from '../../../electron/preload/ipc-names.js';

type Listener = (event: unknown, payload: unknown) => void;

/** An ipcRenderer stand-in that records invocations and lets the test emit events. */
function fakeIpc() {
  const invoked: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const port: IpcPort = {
    invoke(channel, input) {
      invoked.push({ channel, input });
      return Promise.resolve({ ok: true, value: { channel } });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l({}, payload);
  };
  return { port, invoked, listeners, emit };
}

describe('the preload’s window.medsettle', () => {
  it('has exactly one function per contract channel plus subscribe, and nothing else', () => {
    const api = createIpcTerminalApi(fakeIpc().port);
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'subscribe'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('send');
  });

  it('invokes each channel on its own IPC name with the input as given', async () => {
    const { port, invoked } = fakeIpc();
    const api = createIpcTerminalApi(port) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    for (const name of CHANNEL_NAMES) {
      const fn = api[name];
      if (!fn) throw new Error(`no function for ${name}`);
      await expect(fn({ probe: name })).resolves.toEqual({ ok: true, value: { channel: ipcChannelOf(name) } });
    }
    expect(invoked).toEqual(CHANNEL_NAMES.map((name) => ({ channel: ipcChannelOf(name), input: { probe: name } })));
    expect(new Set(invoked.map((i) => i.channel)).size).toBe(CHANNEL_NAMES.length);
  });

  it('delivers events to a subscriber until it unsubscribes', () => {
    const { port, emit, listeners } = fakeIpc();
    const api = createIpcTerminalApi(port);
    const seen: TerminalEvent[] = [];
    const unsubscribe = api.subscribe((e) => seen.push(e));
    emit(EVENT_CHANNEL, { type: 'card-removed', reader: 'R0' });
    unsubscribe();
    emit(EVENT_CHANNEL, { type: 'card-removed', reader: 'R1' });
    expect(seen).toEqual([{ type: 'card-removed', reader: 'R0' }]);
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});

describe('the preload’s window.medsettleHost', () => {
  it('offers the two receipt functions over their own channels', async () => {
    const { port, invoked } = fakeIpc();
    const host = createIpcHost(port);
    expect(Object.keys(host).sort()).toEqual(['kind', 'printReceipt', 'saveReceiptPdf']);
    expect(host.kind).toBe('electron');
    await host.printReceipt();
    await host.saveReceiptPdf();
    expect(invoked.map((i) => i.channel)).toEqual([PRINT_RECEIPT_CHANNEL, SAVE_RECEIPT_PDF_CHANNEL]);
  });
});
