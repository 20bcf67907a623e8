/**
 * The custom protocol the renderer is served from (`medsettle://app/`): a privileged, standard,
 * secure scheme registered before ready, so the page has a real origin of its own (not file://,
 * whose origin is shared by every file on disk). This file resolves a request to a file of the
 * renderer build, refusing anything outside it, and names the headers every answer carries.
 * No Electron import: it is tested under Node.
 */
import path from 'node:path';
import { CONTENT_TYPES, CSP } from '../web-host/server.js';

/** The scheme, registered privileged before app ready. */
export const APP_SCHEME = 'medsettle';
/** The only host the scheme serves. */
export const APP_HOST = 'app';
/** The renderer's origin: IPC senders and navigations are checked against it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Where the window starts. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** A request resolved to a file of the build, or refused with a status. */
export type AppResource = { ok: true; file: string; mimeType: string } | { ok: false; status: 400 | 404; reason: string };

/** Resolves a protocol request to a file under `root` (renderer/dist); anything else is refused. */
export function resolveAppResource(root: string, requestUrl: string): AppResource {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404, reason: 'not our origin' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  // A backslash is a separator on Windows and a NUL ends a path in C: neither belongs in a URL path here.
  if (decoded.includes('\\') || decoded.includes('\0')) return { ok: false, status: 400, reason: 'bad character in path' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (!file.startsWith(base + path.sep)) return { ok: false, status: 404, reason: 'outside the renderer build' };
  return { ok: true, file, mimeType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}

/** The headers on every protocol answer: the web host's CSP, no sniffing, no referrer. */
export function appResponseHeaders(mimeType: string): Record<string, string> {
  return {
    'content-type': mimeType,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

/** Whether a URL is on the renderer's own origin (navigation and IPC sender checks). */
export function isAppUrl(url: string | undefined): boolean {
  if (url === undefined || url === '') return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
