/**
 * The bundled Electron main process (dist bundle, as `npm run build:electron` makes it) driven
 * under plain Node against a fake `electron` module: no Electron binary is needed, so this runs
 * here and in CI. It checks the wiring the pure-function tests cannot: the lock comes first, the
 * sandbox and the scheme are set before ready, the window gets the secure preferences, every IPC
 * handler checks its sender and the contract, navigation/permissions/webviews are refused, the
 * protocol serves with the CSP, a crashing renderer is reloaded within its budget, and a missing
 * Electron build of better-sqlite3 stops the start with a clear message.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../build/electron/build.js';
import { CHANNEL_NAMES } from '../../electron/service/contract.js';
import { CSP } from '../../electron/web-host/server.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'medsettle-main-bundle-'));
let mainBundle: string;
let config: string;

/** Runs the driver over the bundle; returns its JSON line. */
function drive(env: Record<string, string> = {}): Record<string, unknown> {
  const fake = pathToFileURL(path.join(root, 'test/electron/fake/electron.ts')).href;
  const hook = `export async function resolve(s, c, n) { if (s === 'electron') return { url: ${JSON.stringify(fake)}, shortCircuit: true }; return n(s, c); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(register)}`, path.join(root, 'test/electron/fake/drive-main.ts'), mainBundle, config],
    { cwd: tmp, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production', FAKE_ELECTRON_USER_DATA: path.join(tmp, 'user-data'), ...env } },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`driver failed (${r.status ?? r.signal ?? '?'}):\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(line) as Record<string, unknown>;
}

beforeAll(async () => {
  // A root shaped like the repository (and like app.asar): bundles, renderer build, natives, demo data.
  ({ main: mainBundle } = await buildElectron(path.join(tmp, 'dist', 'electron')));
  symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  symlinkSync(path.join(root, 'build'), path.join(tmp, 'build'), 'dir');
  mkdirSync(path.join(tmp, 'renderer', 'dist'), { recursive: true });
  writeFileSync(path.join(tmp, 'renderer', 'dist', 'index.html'), '<!doctype html><title>MedSettle</title>');
  // Under this fake, "Electron" is Node itself: its build of better-sqlite3 is the right one.
  const natives = path.join(tmp, 'dist', 'natives', 'electron');
  mkdirSync(natives, { recursive: true });
  copyFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(natives, 'better_sqlite3.node'));
  const sqliteVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(path.join(natives, 'manifest.json'), JSON.stringify({ electron: '45.5.0', abi: Number.parseInt(process.versions.modules, 10), betterSqlite3: sqliteVersion }));
  config = path.join(tmp, 'terminal.json');
  writeFileSync(config, JSON.stringify({ training: true, dataDir: path.join(tmp, 'data') }));
}, 120_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('the bundled Electron main process (fake electron module, training mode)', () => {
  let seen: Record<string, unknown>;
  beforeAll(() => {
    seen = drive();
  }, 150_000);

  it('takes the single-instance lock first, then enables the sandbox and registers the scheme before ready', () => {
    expect(seen.beforeReady).toEqual(['requestSingleInstanceLock', 'enableSandbox', 'registerSchemesAsPrivileged', 'whenReady']);
    expect(seen.privileged).toEqual([{ scheme: 'medsettle', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(seen.fatal).toBeUndefined();
  });

  it('opens one window with the secure preferences on medsettle://app/, menu removed in production', () => {
    expect(seen.firstUrl).toBe('medsettle://app/index.html');
    expect(seen.windowOptions).toMatchObject({
      kiosk: false,
      webPreferences: { contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, webviewTag: false, devTools: false },
    });
    expect((seen.windowOptions as { webPreferences: { preload: string } }).webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(seen.calls).toContain('removeMenu');
  });

  it('binds every contract channel and the two receipt functions, and unbinds them at quit', () => {
    expect(seen.channels).toEqual(expect.arrayContaining([...CHANNEL_NAMES.map((n) => `medsettle:${n}`), 'medsettle-host:print-receipt', 'medsettle-host:save-receipt-pdf']));
    expect((seen.channels as string[]).length).toBe(CHANNEL_NAMES.length + 2);
    expect(seen.unboundAtQuit).toBe(true);
  });

  it('answers our window through the contract, and refuses other senders and bad input', () => {
    expect(seen.status).toMatchObject({ ok: true, value: { trainingMode: true } });
    for (const refused of ['otherContents', 'foreignFrame', 'noFrame', 'printUntrusted']) expect(seen[refused], refused).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(seen.badInput).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(seen.print).toEqual({ ok: true, value: {} });
    expect((seen.calls as string[]).some((c) => c.startsWith('print {"silent":true'))).toBe(true);
  });

  it('forwards the service’s events to the window', () => {
    expect(seen.events).toContain('medsettle-event');
  });

  it('serves the renderer build with the CSP and refuses traversal', () => {
    expect(seen.served).toEqual({
      index: { status: 200, csp: CSP, type: 'text/html; charset=utf-8' },
      traversal: { status: 404, csp: null, type: null },
      missing: { status: 404, csp: null, type: null },
    });
  });

  it('refuses navigation away, new windows, webviews, permissions and network requests; swallows F5', () => {
    expect(seen.navigationRefused).toBe(true);
    expect(seen.navigationInsideAllowed).toBe(true);
    expect(seen.windowOpen).toEqual({ action: 'deny' });
    expect(seen.webviewRefused).toBe(true);
    expect(seen.permission).toBe(false);
    expect(seen.permissionCheck).toBe(false);
    expect(seen.cancelled).toBe(true);
    expect(seen.f5Blocked).toBe(true);
    expect(seen.typingAllowed).toBe(true);
  });

  it('reloads a crashed renderer three times, then stops and says so', () => {
    expect(seen.reloads).toBe(3);
    expect(seen.errors).toHaveLength(1);
    expect((seen.errors as string[])[0]).toContain('The terminal screen stopped repeatedly');
  });
});

describe('the bundled main process without an Electron build of better-sqlite3', () => {
  it('stops before opening anything, naming the rebuild step', () => {
    const seen = drive({ FAKE_ELECTRON_VERSION: '44.0.0' });
    expect(seen.calls).toContain('exit 3');
    expect(String((seen.fatal as string[])[0])).toContain('npm run rebuild:electron-natives');
    expect(seen.calls).not.toContain('new BrowserWindow');
  }, 150_000);
});
