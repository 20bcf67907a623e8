/**
 * The shared rig of the end-to-end tests: the renderer built once per process (vite, into a temp
 * dir), a terminal booted in training mode on its own data dir, the web host, and Debian chromium
 * driven by playwright-core. Every e2e file starts one with startE2e() and closes it in afterAll.
 *
 * Run a file under the machine-wide lock: `flock /tmp/e2e.lock npx vitest run test/e2e/<file>`
 * (and `flock /tmp/pcsc.lock` around that when it uses pcscd).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../electron/service/index.js';
import { startWebHost, type WebHost } from '../../electron/web-host/server.js';

/** Debian's chromium; the e2e suites skip (saying so) when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
/** Whether chromium is installed here. */
export const hasChromium = existsSync(CHROMIUM);
/** The repository root. */
export const root = path.resolve(import.meta.dirname, '../..');
/** Where every screenshot goes (git-ignored). */
export const SHOTS = path.join(root, 'test/e2e/screenshots');

/** Prints why a suite is skipped (a skipped test always says why). */
export function skipNotice(suite: string, reason: string): void {
  console.warn(`[skip] ${suite}: ${reason}`);
}

let built: Promise<string> | undefined;

/** Builds the renderer once per test process into a temp dir and returns that dir. */
export function buildRenderer(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'medsettle-renderer-'));
    await build({ configFile: path.join(root, 'build/vite-renderer.config.ts'), build: { outDir, sourcemap: false }, logLevel: 'error' });
    process.once('exit', () => {
      rmSync(outDir, { recursive: true, force: true });
    });
    return outDir;
  })();
  return built;
}

/** What a started e2e rig holds. */
export type E2e = {
  terminal: BootedTerminal;
  host: WebHost;
  context: BrowserContext;
  page: Page;
  /** The temp dir of this rig (data dir, browser profile). */
  tmp: string;
  /** The screenshot path for a name (`pharmacy-1-start` → test/e2e/screenshots/pharmacy-1-start.png). */
  shots(name: string): string;
  /** Closes the browser, the host and the terminal and removes the temp dir. */
  close(): Promise<void>;
};

/** How to start the rig; config is merged over the training defaults (dataDir is the rig's own). */
export type E2eOptions = {
  config?: Record<string, unknown>;
  /** Training mode's card binding: the in-process reader (default) or pcscd with vpcd. */
  cardBinding?: 'in-process' | 'pcscd';
  /** Delay of each APDU of the in-process training card (default 40 ms: 请勿拔卡 is visible). */
  trainingCardLatencyMs?: number;
  centerPollMs?: number;
  uploadIntervalMs?: number;
  viewport?: { width: number; height: number };
  log?: (line: string) => void;
};

/** Boots a training terminal, its web host and chromium; the page is blank until goto(host.url). */
export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  const outDir = await buildRenderer();
  const tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-e2e-'));
  mkdirSync(SHOTS, { recursive: true });
  const raw: Record<string, unknown> = { ...options.config, dataDir: path.join(tmp, 'data') };
  if (options.cardBinding !== undefined) raw.cardBinding = options.cardBinding;
  const terminal = await bootTerminal(parseConfig(raw), {
    root,
    log: options.log ?? (() => undefined),
    trainingCardLatencyMs: options.trainingCardLatencyMs ?? 40,
    centerPollMs: options.centerPollMs ?? 300,
    uploadIntervalMs: options.uploadIntervalMs ?? 300,
  });
  let host: WebHost | undefined;
  try {
    host = await startWebHost({ service: terminal.service, staticDir: outDir, log: () => undefined });
    const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: options.viewport ?? { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const started = host;
    return {
      terminal,
      host,
      context,
      page,
      tmp,
      shots: (name) => path.join(SHOTS, `${name}.png`),
      async close() {
        await context.close();
        await started.close();
        await terminal.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await host?.close();
    await terminal.close();
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Saves a screenshot of the page as test/e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** The role a test logs in as. */
export type E2eRole = 'cashier' | 'billing' | 'supervisor';

/**
 * Logs in through the login screen if one is shown (training mode lists its demo operators and
 * their PINs); returns as soon as the terminal's shell shows without one. The page must already
 * be at host.url.
 */
export async function login(page: Page, role: E2eRole = 'cashier', timeoutMs = 10_000): Promise<void> {
  const loginScreen = page.getByTestId('login-screen');
  const shell = page.getByTestId('status-reader');
  await Promise.race([loginScreen.waitFor({ timeout: timeoutMs }), shell.waitFor({ timeout: timeoutMs })]);
  // The demo operators come from the service: the one with the role, and its PIN.
  const session = await page.evaluate(async () => {
    const r = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return (await r.json()) as { ok: boolean; value?: { operator: { role: string } | null; demoOperators: { id: string; role: string; pin: string }[] | null } };
  });
  const onScreen = await loginScreen.isVisible();
  // No session channel (or already logged in with that role) and no login screen: nothing to do.
  if (!onScreen && (!session.ok || session.value?.operator?.role === role)) return;
  const operator = session.value?.demoOperators?.find((o) => o.role === role);
  if (!operator) {
    if (!onScreen) return;
    throw new Error(`login: no demo operator with role ${role} on the login screen`);
  }
  const id = page.getByTestId('login-operator');
  const pin = page.getByTestId('login-pin');
  if (onScreen && (await id.count()) > 0 && (await pin.count()) > 0) {
    // A <select> or a text field, whichever the screen has.
    if ((await id.evaluate((el: { tagName: string }) => el.tagName)) === 'SELECT') await id.selectOption(operator.id);
    else await id.fill(operator.id);
    await pin.fill(operator.pin);
    await pin.press('Enter');
  } else {
    // A screen without those test ids, or a service that wants a session before the screen
    // exists: log in over the same API the screen uses, then reload.
    await page.evaluate(async (o) => {
      await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operatorId: o.id, pin: o.pin }) });
    }, operator);
    await page.reload();
  }
  await loginScreen.waitFor({ state: 'detached', timeout: timeoutMs });
}
