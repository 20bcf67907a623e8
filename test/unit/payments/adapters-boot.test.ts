/**
 * Which adapter a configured address gets, the configuration's checks on those addresses, and
 * boot in training: the PIN pad's simulator is the TCP one and a real checkout-sized payment goes
 * through it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStore, fileKeyProvider, openStore } from '../../../db/index.js';
import { adapterForAddress } from '../../../electron/payments/adapters/by-address.js';
import { bootPayments } from '../../../electron/service/boot/payments.js';
import { parseConfig } from '../../../electron/service/config.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('payment addresses in the configuration', () => {
  it('takes tcp://host:port or http(s):// for the PIN pad and only http(s):// for the scan gateway', () => {
    for (const pinPadUrl of ['tcp://10.0.0.8:4100', 'tcp://pinpad.local:4100/', 'http://127.0.0.1:8080', 'https://bridge.example/pinpad']) {
      expect(parseConfig({ payments: { pinPadUrl } }).payments?.pinPadUrl).toBe(pinPadUrl);
    }
    expect(() => parseConfig({ payments: { pinPadUrl: 'serial:///dev/ttyS0' } })).toThrow(/payments\.pinPadUrl: the PIN pad is tcp:\/\/host:port or http\(s\):\/\//);
    expect(() => parseConfig({ payments: { pinPadUrl: 'tcp://pinpad.local' } })).toThrow(/needs host and port/);
    expect(() => parseConfig({ payments: { pinPadUrl: 'tcp://pinpad.local:4100/x' } })).toThrow(/needs host and port/);
    expect(() => parseConfig({ payments: { scanGatewayUrl: 'tcp://10.0.0.8:4100' } })).toThrow(/payments\.scanGatewayUrl: the scan gateway is an http\(s\):\/\//);
  });

  it('tcp:// is the PIN pad’s line protocol, http(s):// the JSON API; the scan gateway has no TCP adapter', () => {
    const tcp = adapterForAddress('bankcard', 'tcp://127.0.0.1:1', 100);
    tcp.disconnect();
    expect(tcp.adapter.tender).toBe('bankcard');
    expect('subscribe' in adapterForAddress('bankcard', 'http://127.0.0.1:1', 100).adapter).toBe(true);
    expect(() => adapterForAddress('scan', 'tcp://127.0.0.1:1', 100)).toThrow(/tcp:\/\/ is the PIN pad/);
    expect(() => adapterForAddress('bankcard', 'ftp://x', 100)).toThrow(/unsupported address/);
  });
});

describe('boot in training', () => {
  it('starts the scan gateway over HTTP and the PIN pad over TCP, and pays through both', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'medsettle-pay-boot-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const store = openStore(path.join(dir, 't.sqlite'), fileKeyProvider(path.join(dir, 'keys', 'data.key')));
    cleanups.push(() => {
      closeStore(store);
    });
    const logs: string[] = [];
    const booted = await bootPayments({
      config: parseConfig({ payments: { timeoutMs: 2_000 } }),
      root: dir,
      dataDir: dir,
      store,
      clock: () => new Date('2026-11-28T10:00:00+08:00'),
      log: (line) => logs.push(line),
      simulator: undefined,
      queue: undefined,
    });
    cleanups.push(async () => {
      await booted.close?.();
    });
    if (booted.deps === undefined) throw new Error('payments did not boot');
    const { adapters, simulators } = booted.deps;
    expect(simulators.scan?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulators.bankcard?.url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const card = adapters.bankcard;
    if (card === undefined || simulators.bankcard === undefined) throw new Error('no bank card');
    expect((await card.pay({ key: 'boot-1', amountFen: 2_345, description: 't' })).status).toBe('pending');
    simulators.bankcard.act('boot-1', 'approve');
    expect(await card.query('boot-1')).toEqual({ status: 'paid', ref: 'BANKCARD00000001' });
    expect(simulators.bankcard.ledger().payments).toMatchObject([{ key: 'boot-1', amountFen: 2_345, status: 'paid' }]);
    expect((await adapters.scan?.pay({ key: 'boot-2', amountFen: 100, code: '280000000001', description: 't' }))?.status).toBe('paid');
  });
});
