import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFileFrom, hostConfig, windowOptions } from '../../../electron/main/host-config.js';
import { createRestartBudget } from '../../../electron/main/recovery.js';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../../electron/service/config.js';
import { receiptHost, type MedsettleHost } from '../../../renderer/src/api/host.js';

describe('the Electron host’s configuration', () => {
  it('takes --config, then MEDSETTLE_CONFIG, and ignores Chromium’s own switches', () => {
    expect(configFileFrom(['dist/electron/main.mjs', '--no-sandbox', '--config', 'a.json'], {})).toBe('a.json');
    expect(configFileFrom(['main.mjs', '--config=b.json'], { MEDSETTLE_CONFIG: 'c.json' })).toBe('b.json');
    expect(configFileFrom(['main.mjs', '--enable-logging'], { MEDSETTLE_CONFIG: 'c.json' })).toBe('c.json');
    expect(configFileFrom(['main.mjs'], {})).toBeUndefined();
  });

  it('validates the window block and names a bad field', () => {
    expect(parseConfig({ window: { kiosk: true, printer: 'EPSON TM-T82' } }).window).toEqual({ kiosk: true, printer: 'EPSON TM-T82' });
    expect(() => parseConfig({ window: { kiosk: 'yes' } })).toThrow(ConfigError);
    expect(() => parseConfig({ window: { kiosk: 'yes' } })).toThrow(/window\.kiosk/);
    expect(() => parseConfig({ window: { zoom: 2 } })).toThrow(ConfigError);
    expect(() => parseConfig({ window: { printer: '' } })).toThrow(/window\.printer/);
    expect(DEFAULT_CONFIG.window).toBeUndefined();
  });

  it('defaults to a normal window; kiosk implies fullscreen unless told otherwise', () => {
    expect(windowOptions(DEFAULT_CONFIG)).toEqual({ kiosk: false, fullscreen: false, printer: undefined, devTools: undefined });
    expect(windowOptions(parseConfig({ window: { kiosk: true } }))).toMatchObject({ kiosk: true, fullscreen: true });
    expect(windowOptions(parseConfig({ window: { kiosk: true, fullscreen: false } }))).toMatchObject({ kiosk: true, fullscreen: false });
  });

  it('keeps data in userData when packaged (the app folder is a read-only archive)', () => {
    const userData = path.resolve('/home/cashier/.config/MedSettle');
    expect(hostConfig(DEFAULT_CONFIG, { packaged: true, userData }).dataDir).toBe(path.join(userData, '.data'));
    expect(hostConfig(DEFAULT_CONFIG, { packaged: false, userData }).dataDir).toBe('.data');
    const absolute = parseConfig({ dataDir: path.resolve('/var/lib/medsettle') });
    expect(hostConfig(absolute, { packaged: true, userData }).dataDir).toBe(path.resolve('/var/lib/medsettle'));
  });
});

describe('the renderer restart budget', () => {
  it('allows three reloads in five minutes, then refuses until the window moves on', () => {
    let now = 0;
    const budget = createRestartBudget({ max: 3, windowMs: 300_000, now: () => now });
    expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, true]);
    expect(budget.take()).toBe(false);
    expect(budget.used).toBe(3);
    now = 300_001;
    expect(budget.take()).toBe(true);
    expect(budget.used).toBe(1);
  });
});

describe('the receipt host the renderer uses', () => {
  it('uses Electron’s when the preload set it', () => {
    const electron: MedsettleHost = {
      kind: 'electron',
      printReceipt: () => Promise.resolve({ ok: true, value: { printer: 'P' } }),
      saveReceiptPdf: () => Promise.resolve({ ok: true, value: { path: '/tmp/r.pdf' } }),
    };
    expect(receiptHost({ medsettleHost: electron, print: () => undefined })).toBe(electron);
  });

  it('falls back to the browser’s print dialog under the web host', async () => {
    let printed = 0;
    const host = receiptHost({
      print: () => {
        printed += 1;
      },
    });
    expect(host.kind).toBe('web');
    await expect(host.printReceipt()).resolves.toEqual({ ok: true, value: { printer: undefined } });
    await expect(host.saveReceiptPdf()).resolves.toEqual({ ok: true, value: { path: undefined } });
    expect(printed).toBe(2);
  });
});
