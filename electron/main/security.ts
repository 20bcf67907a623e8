/**
 * The Electron host's security decisions as plain functions (tested under Node): who may call
 * over IPC, which keys are swallowed, which web preferences every window gets.
 */
import type { WebPreferences } from 'electron';
import type { ApiError } from '../service/contract.js';
import { isAppUrl } from './app-protocol.js';

/** What main knows about an IPC call's sender. */
export type SenderFacts = {
  /** The URL of the frame that sent it (undefined when the frame is gone). */
  frameUrl: string | undefined;
  /** The id of the webContents that sent it. */
  webContentsId: number;
};

/**
 * A call is ours only if it comes from our window's webContents and from a frame on our own
 * origin: a page that somehow navigated elsewhere, or another window, gets nothing.
 */
export function isTrustedSender(sender: SenderFacts, windowContentsId: number | undefined): boolean {
  return windowContentsId !== undefined && sender.webContentsId === windowContentsId && isAppUrl(sender.frameUrl);
}

/** The envelope an untrusted sender gets. */
export const UNTRUSTED_SENDER: ApiError = {
  code: 'UNTRUSTED_SENDER',
  zh: '请求不是来自终端窗口，已拒绝',
  en: 'The request did not come from the terminal window and was refused',
};

/** The parts of a key event the shortcut filter looks at (Electron's Input has more). */
export type KeyInput = { type: string; key: string; control: boolean; meta: boolean; shift: boolean; alt: boolean };

/**
 * Whether a key must be swallowed: reload (Ctrl/Cmd+R, Ctrl+Shift+R, F5) and DevTools
 * (Ctrl+Shift+I, Cmd+Alt+I, F12) when DevTools are not allowed. A reload at the counter would lose
 * the cart; DevTools would let anyone at the counter script the terminal.
 */
export function isBlockedShortcut(input: KeyInput, devToolsAllowed: boolean): boolean {
  if (devToolsAllowed || input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f5' || key === 'f12') return true;
  if (mod && key === 'r') return true;
  if (mod && (input.shift || input.alt) && (key === 'i' || key === 'j' || key === 'c')) return true;
  return false;
}

/** Whether DevTools and reload are allowed: the configuration decides, else only in development. */
export function devToolsAllowed(options: { packaged: boolean; configured: boolean | undefined; nodeEnv: string | undefined }): boolean {
  if (options.configured !== undefined) return options.configured;
  return !options.packaged && options.nodeEnv !== 'production';
}

/** The web preferences of every window: isolated, sandboxed, no Node, web security on. */
export function secureWebPreferences(preload: string, allowDevTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: allowDevTools,
  };
}
