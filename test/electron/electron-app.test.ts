/**
 * The Electron host for real, with playwright-core's `_electron`: runs where an Electron binary
 * exists (and better-sqlite3 was built for it by `npm run rebuild:electron-natives`), and is
 * skipped with a printed reason everywhere else (this machine: npm cannot download Electron's
 * binary, which comes from outside the npm registry).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../build/electron/build.js';
import { findElectronBinary } from '../../build/electron/electron-binary.js';
import { findSqliteBinding } from '../../electron/main/natives.js';
import { CHANNEL_NAMES } from '../../electron/service/contract.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const electron = findElectronBinary();
const abi = Number.parseInt(readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim(), 10);
const natives = electron.ok ? findSqliteBinding({ packaged: false, resourcesPath: '', root, electronVersion: electron.version, abi }) : undefined;
const skipReason = !electron.ok ? `no Electron binary: ${electron.reason}` : natives && !natives.ok ? `Electron ${electron.version} found, but ${natives.reason}` : undefined;
/** What the page's global object has, as the tests see it (the test build has no DOM types). */
type PageGlobals = {
  medsettle: Record<string, (input: unknown) => Promise<{ ok: boolean; value?: { trainingMode?: boolean }; error?: { code: string } }>>;
  medsettleHost: object;
  location: { href: string };
  open(url: string): unknown;
  require?: unknown;
  process?: unknown;
};

if (skipReason !== undefined) console.log(`SKIPPED test/electron/electron-app.test.ts — ${skipReason}`);

describe.skipIf(skipReason !== undefined)('the Electron host (playwright _electron, training mode)', () => {
  let app: ElectronApplication;
  let page: Page;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'medsettle-electron-'));

  beforeAll(async () => {
    const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'build/vite-renderer.config.ts'], { cwd: root, stdio: 'inherit' });
    expect(vite.status).toBe(0);
    const { main } = await buildElectron();
    const config = path.join(tmp, 'terminal.json');
    writeFileSync(config, JSON.stringify({ training: true, dataDir: path.join(tmp, 'data') }));
    if (!electron.ok) throw new Error('unreachable: skipped without a binary');
    app = await _electron.launch({
      executablePath: electron.path,
      // Chromium's own sandbox cannot start as root (CI): the renderer sandbox flags stay on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), `--user-data-dir=${path.join(tmp, 'user-data')}`, main, '--config', config],
      cwd: root,
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('opens one window on medsettle://app/ with the training banner', async () => {
    expect(page.url()).toMatch(/^medsettle:\/\/app\//);
    await page.getByTestId('training-banner').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('training-banner').innerText()).toContain('培训模式');
  });

  it('exposes exactly the contract’s functions as window.medsettle, and no Node', async () => {
    const keys = await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).medsettle).sort());
    expect(keys).toEqual([...CHANNEL_NAMES, 'subscribe'].sort());
    const hostKeys = await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).medsettleHost).sort());
    expect(hostKeys).toEqual(['kind', 'printReceipt', 'saveReceiptPdf']);
    expect(await page.evaluate(() => [typeof (globalThis as unknown as PageGlobals).require, typeof (globalThis as unknown as PageGlobals).process])).toEqual(['undefined', 'undefined']);
  });

  it('refuses navigation to an external URL and new windows', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1000);
    expect(page.url()).toMatch(/^medsettle:\/\/app\//);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('answers a call through the preload with the contract’s envelope', async () => {
    const status = await page.evaluate(() => (globalThis as unknown as PageGlobals).medsettle.status?.({}));
    expect(status).toMatchObject({ ok: true, value: { trainingMode: true } });
    const refused = await page.evaluate(() => (globalThis as unknown as PageGlobals).medsettle.insertVirtualCard?.({ profileId: 42 }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
