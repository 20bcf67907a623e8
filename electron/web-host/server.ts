/**
 * The web host: the terminal service over HTTP and server-sent events on 127.0.0.1, serving the
 * renderer build. Every request needs the per-launch token; every input is parsed with the
 * contract's schema and every output checked against it, exactly as the Electron host does.
 *
 *   POST /api/<channel>   JSON input → result envelope
 *   GET  /api/events      server-sent events (TerminalEvent as JSON)
 *   GET  /…               the renderer build (renderer/dist)
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { callChannel, checkedEvent } from '../service/dispatch.js';
import { apiError } from '../service/errors.js';
import type { TerminalService } from '../service/service.js';
import { newToken, sameToken, tokenCookie, tokenOf } from './auth.js';

/** How to start a web host. */
export type WebHostOptions = {
  service: TerminalService;
  /** The renderer build to serve (renderer/dist). */
  staticDir: string;
  /** 0 (default) = a random free port. */
  port?: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
  log?: (line: string) => void;
};

/** A running web host. */
export type WebHost = {
  /** The URL to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
};

const MAX_BODY = 64 * 1024;

/** The renderer build's file types (the Electron host's protocol serves the same). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** The same policy the Electron host sets (it imports this one): only our own origin, no inline scripts. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Starts the web host on 127.0.0.1. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { service } = options;
  const token = options.token ?? newToken();
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const staticRoot = path.resolve(options.staticDir);
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const unsubscribe = service.subscribe((event) => {
    const checked = checkedEvent(event, (line) => {
      log(`web-host: ${line}`);
    });
    if (!checked) return;
    const frame = `data: ${JSON.stringify(checked)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  const serveStatic = async (res: http.ServerResponse, pathname: string, setCookie: boolean): Promise<void> => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) {
      send(res, 404, { ok: false, error: apiError('INVALID_INPUT') });
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (e) {
      if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'EISDIR')) {
        send(res, 404, { ok: false, error: apiError('INVALID_INPUT', { path: pathname }) });
        return;
      }
      throw e;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'cache-control': relative === 'index.html' ? 'no-store' : 'private, max-age=3600',
      ...SECURITY_HEADERS,
      ...(setCookie ? { 'set-cookie': tokenCookie(token) } : {}),
    });
    res.end(body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // Only our own loopback origin: a DNS-rebound name does not get in even with a cookie.
    const host = req.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      send(res, 421, { ok: false, error: apiError('INVALID_INPUT', { reason: 'wrong host' }) });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const carried = tokenOf(req, url);
    if (!carried || !sameToken(carried.token, token)) {
      send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', zh: '访问令牌无效', en: 'Missing or wrong access token', next: { zh: '请使用启动时打印的网址', en: 'Open the URL printed at launch' } } });
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', ...SECURITY_HEADERS });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, { ok: false, error: apiError('INVALID_INPUT', { reason: 'POST only' }) }, { allow: 'POST' });
        return;
      }
      // JSON only: a cross-site form cannot send this content type without a preflight we refuse.
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, { ok: false, error: apiError('INVALID_INPUT', { reason: 'application/json only' }) });
        return;
      }
      const text = await readBody(req);
      if (text === undefined) {
        send(res, 413, { ok: false, error: apiError('INVALID_INPUT', { reason: 'body too large' }) });
        return;
      }
      let raw: unknown;
      try {
        raw = text === '' ? {} : JSON.parse(text);
      } catch {
        send(res, 400, { ok: false, error: apiError('INVALID_INPUT', { reason: 'not JSON' }) });
        return;
      }
      const { status, body } = await callChannel(service, url.pathname.slice('/api/'.length), raw, (line) => {
        log(`web-host: ${line}`);
      });
      send(res, status, body);
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, { ok: false, error: apiError('INVALID_INPUT') }, { allow: 'GET' });
      return;
    }
    await serveStatic(res, url.pathname, carried.from === 'query');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`web-host: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) send(res, 500, { ok: false, error: apiError('INTERNAL') });
      else res.end();
    });
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => {
        resolve();
      }));
    },
  };
}
