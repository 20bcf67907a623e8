/**
 * The terminal window and the rules every webContents follows: no navigation away from our
 * origin, no new windows, no webviews, no permissions, reload and DevTools keys off in
 * production, and a crashed or hung renderer reloaded within a budget.
 */
import { BrowserWindow, dialog, type Session, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-protocol.js';
import type { RestartBudget } from './recovery.js';
import { isBlockedShortcut, secureWebPreferences } from './security.js';

/** Applied to every webContents the app creates (app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents, log: (line: string) => void): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log(`window: navigation to ${url} refused`);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-frame-navigate', (event) => {
    refuseNavigation(event, event.url);
  });
  contents.on('will-redirect', refuseNavigation);
  contents.setWindowOpenHandler(({ url }) => {
    log(`window: new window for ${url} refused`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('window: webview refused');
  });
}

/** Refuses every permission (camera, notifications, HID, serial…) and every request off our origin. */
export function lockDownSession(session: Session, log: (line: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`window: permission ${permission} refused`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The renderer talks to nothing on the network: the service is reached over IPC only.
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    log(`window: request to ${details.url} refused`);
    callback({ cancel: true });
  });
}

/** How the terminal window opens. */
export type TerminalWindowOptions = {
  preload: string;
  devTools: boolean;
  kiosk: boolean;
  fullscreen: boolean;
  budget: RestartBudget;
  log: (line: string) => void;
};

/** Opens the terminal window on our origin. */
export function createTerminalWindow(o: TerminalWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    kiosk: o.kiosk,
    fullscreen: o.fullscreen,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'MedSettle',
    webPreferences: secureWebPreferences(o.preload, o.devTools),
  });
  if (!o.devTools) win.removeMenu();
  win.once('ready-to-show', () => {
    win.show();
  });
  const contents = win.webContents;
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, o.devTools)) event.preventDefault();
  });
  const restart = (why: string): void => {
    if (win.isDestroyed()) return;
    if (o.budget.take()) {
      o.log(`window: ${why}; reloading (${o.budget.used} restart(s) in the window)`);
      void win.loadURL(APP_ENTRY_URL).catch((e: unknown) => {
        o.log(`window: reload failed: ${e instanceof Error ? e.message : String(e)}`);
      });
      return;
    }
    o.log(`window: ${why}; restart budget spent, not reloading`);
    dialog.showErrorBox('MedSettle', `终端界面多次异常退出，请联系技术支持。\nThe terminal screen stopped repeatedly; call support.\n(${why})`);
  };
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    restart(`renderer gone (${details.reason}, exit code ${details.exitCode})`);
  });
  win.on('unresponsive', () => {
    o.log('window: renderer unresponsive; ending it');
    // The crash comes back as render-process-gone, which reloads within the budget.
    contents.forcefullyCrashRenderer();
  });
  return win;
}
