/**
 * The Electron host's entry point (bundled to dist/electron/main.mjs). It takes the
 * single-instance lock first, turns the sandbox on for every renderer, registers the app
 * protocol, boots the terminal service in this process (it is plain Node; a utilityProcess is a
 * later option, see README), and opens one hardened window on `medsettle://app/`.
 *
 *   electron dist/electron/main.mjs [--config terminal.json]     (or MEDSETTLE_CONFIG)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, protocol, session, type BrowserWindow } from 'electron';
import { useSqliteNativeBinding } from '../../db/connection.js';
import { bootTerminal, type BootedTerminal } from '../service/boot.js';
import { ConfigError, loadConfig } from '../service/config.js';
import { APP_ENTRY_URL, APP_SCHEME, appResponseHeaders, resolveAppResource } from './app-protocol.js';
import { createFileLog } from './file-log.js';
import { configFileFrom, hostConfig, windowOptions } from './host-config.js';
import { bindTerminalIpc } from './ipc.js';
import { findSqliteBinding } from './natives.js';
import { printReceipt, saveReceiptPdf } from './print.js';
import { createRestartBudget } from './recovery.js';
import { devToolsAllowed } from './security.js';
import { createTerminalWindow, hardenWebContents, lockDownSession } from './window.js';

// dist/electron/main.mjs → the repository root in development, app.asar when packaged.
const root = path.resolve(import.meta.dirname, '..', '..');
const rendererDir = path.join(root, 'renderer', 'dist');
const preloadFile = path.join(import.meta.dirname, 'preload.cjs');

/** Shows a fatal error to whoever stands at the terminal, logs it, and quits. */
function fatal(log: (line: string) => void, message: string, exitCode: number): void {
  log(`fatal: ${message}`);
  dialog.showErrorBox('MedSettle', message);
  app.exit(exitCode);
}

async function serveApp(request: Request): Promise<Response> {
  const resolved = resolveAppResource(rendererDir, request.url);
  if (!resolved.ok) return new Response(null, { status: resolved.status });
  try {
    return new Response(await readFile(resolved.file), { status: 200, headers: appResponseHeaders(resolved.mimeType) });
  } catch (e) {
    if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'EISDIR')) return new Response(null, { status: 404 });
    throw e;
  }
}

async function start(log: (line: string) => void): Promise<void> {
  let config;
  try {
    config = hostConfig(loadConfig(configFileFrom(process.argv.slice(1), process.env)), { packaged: app.isPackaged, userData: app.getPath('userData') });
  } catch (e) {
    fatal(log, e instanceof ConfigError ? e.message : `configuration: ${String(e)}`, 2);
    return;
  }
  const sqlite = findSqliteBinding({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    root,
    electronVersion: process.versions.electron,
    abi: Number.parseInt(process.versions.modules, 10),
  });
  if (!sqlite.ok) {
    fatal(log, `better-sqlite3 为 Node 编译，Electron 无法加载。\n${sqlite.reason}`, 3);
    return;
  }
  useSqliteNativeBinding(sqlite.file);

  lockDownSession(session.defaultSession, log);
  protocol.handle(APP_SCHEME, serveApp);

  const terminal: BootedTerminal = await bootTerminal(config, { root, log });
  log(`service: booted (${config.training ? 'training mode 培训模式' : config.facility.name})`);
  const w = windowOptions(config);
  const devTools = devToolsAllowed({ packaged: app.isPackaged, configured: w.devTools, nodeEnv: process.env.NODE_ENV });
  const budget = createRestartBudget({ max: 3, windowMs: 5 * 60_000, now: () => Date.now() });
  let win: BrowserWindow | undefined = createTerminalWindow({ preload: preloadFile, devTools, kiosk: w.kiosk, fullscreen: w.fullscreen, budget, log });
  const unbind = bindTerminalIpc({
    service: terminal.service,
    window: () => win,
    printReceipt: () => (win ? printReceipt(win, w.printer) : Promise.resolve({ ok: false, error: { code: 'NO_WINDOW', zh: '没有终端窗口', en: 'No terminal window' } })),
    saveReceiptPdf: () => (win ? saveReceiptPdf(win, dialog, new Date()) : Promise.resolve({ ok: false, error: { code: 'NO_WINDOW', zh: '没有终端窗口', en: 'No terminal window' } })),
    log,
  });
  win.on('closed', () => {
    win = undefined;
  });
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    // Close the store and the uploader first: a settlement in flight commits or rolls back whole.
    event.preventDefault();
    closing = true;
    unbind();
    terminal
      .close()
      .catch((e: unknown) => {
        log(`shutdown: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      })
      .finally(() => {
        app.quit();
      });
  });
  await win.loadURL(APP_ENTRY_URL);
}

// The lock comes first: a second terminal on the same store and reader would fight the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  // userData is known before ready: log from the first event on.
  const log = createFileLog(path.join(app.getPath('userData'), 'logs', 'main.log'));
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, log);
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  app
    .whenReady()
    .then(() => {
      log(`MedSettle ${app.getVersion()} on Electron ${process.versions.electron}${app.isPackaged ? '' : ' (development)'}`);
      return start(log).catch((e: unknown) => {
        fatal(log, e instanceof Error ? (e.stack ?? e.message) : String(e), 1);
      });
    })
    .catch((e: unknown) => {
      log(`MedSettle could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      app.exit(1);
    });
}
