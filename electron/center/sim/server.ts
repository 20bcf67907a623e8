/**
 * The center simulator as a real HTTP server on 127.0.0.1: POST an envelope to `/<infno>`
 * (the simulator gateway's `base + infno`), get the response envelope. Faults (faults.ts) are
 * applied per request; `offline` closes the listener so connections are refused.
 *
 * A second listener, the control endpoint (loopback only), lets a test change faults, take the
 * center down and up, and read the ledger while the center runs:
 *   GET /health · GET /faults · PUT|POST /faults (spec string or JSON) · POST /offline ·
 *   POST /online · GET /ledger[?fixmedins_code=&insutype=&clr_type=&state=&from=&to=] · GET /stats
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { centerError, type CenterResult } from '../errors.js';
import { MSGID_ECHO_HEADER } from '../http-gateway.js';
import { createSimCenter, type CenterReply } from './center.js';
import { DEFAULT_SIM_CONFIG, type SimConfig } from './config.js';
import {
  createFaultPlan,
  describeFaults,
  NO_FAULTS,
  parseFaults,
  type FaultAction,
  type FaultConfig,
  type FaultPlan,
} from './faults.js';
import { openSimStore, type LedgerFilter, type LedgerRow, type SimStore } from './store.js';

/** How to start a simulator. */
export type CenterSimulatorOptions = {
  /** Its SQLite file (created if absent; survives restarts). */
  dbPath: string;
  /** 0 (default) = a random free port. */
  port?: number;
  controlPort?: number;
  faults?: FaultConfig;
  config?: SimConfig;
  clock?: () => Date;
  /** The random source for faults, given the seed (default: the seeded mulberry32 of faults.ts). */
  random?: (seed: number) => () => number;
  /** Where unexpected errors are reported (default: stderr). */
  log?: (line: string) => void;
};

/** What a running simulator offers a test. */
export type CenterSimulator = {
  /** The gateway base URL, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly controlUrl: string;
  readonly port: number;
  readonly controlPort: number;
  readonly dbPath: string;
  faults(): FaultConfig;
  /** Replaces the fault configuration (and applies its `offline`). */
  setFaults(config: FaultConfig): Promise<void>;
  /** Takes the center down (connections refused) or brings it back on the same port. */
  setOnline(online: boolean): Promise<void>;
  isOnline(): boolean;
  /** The center's ledger, oldest first. */
  ledger(filter?: LedgerFilter): LedgerRow[];
  stats(): SimStats;
  close(): Promise<void>;
};

/** Counters since start. */
export type SimStats = {
  requests: number;
  committed: number;
  replayed: number;
  actions: Record<FaultAction, number>;
};

const MAX_BODY = 4 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => {
      resolve(undefined);
    });
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      reject(err);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts the simulator; fails with SIM_START_FAILED when the database or a port cannot be opened. */
export async function startCenterSimulator(
  options: CenterSimulatorOptions,
): Promise<CenterResult<CenterSimulator>> {
  const config = options.config ?? DEFAULT_SIM_CONFIG;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const randomFor = options.random;
  let store: SimStore;
  try {
    store = openSimStore(options.dbPath, config.persons);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: centerError('SIM_START_FAILED', { en: detail, zh: detail }) };
  }
  const center = createSimCenter(store, config, clock);
  let plan: FaultPlan = planFor(options.faults ?? NO_FAULTS);
  let online = true;
  let closed = false;
  const stats: SimStats = {
    requests: 0,
    committed: 0,
    replayed: 0,
    actions: { none: 0, '5xx': 0, drop: 0, timeout: 0, 'commit-lose': 0, dup: 0 },
  };
  const sockets = new Set<Socket>();

  function planFor(config: FaultConfig): FaultPlan {
    return createFaultPlan(config, randomFor ? randomFor(config.seed) : undefined);
  }

  function reply(req: http.IncomingMessage, res: http.ServerResponse, r: CenterReply, dup: boolean): void {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(r.body)),
    };
    if (r.msgid !== undefined) headers[MSGID_ECHO_HEADER] = r.msgid;
    res.writeHead(200, headers);
    res.end(r.body);
    if (dup) {
      // The same answer again on the same connection: a re-delivery the client must not take
      // for the answer to its next request.
      const head = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      const copy = `HTTP/1.1 200 OK\r\n${head}\r\n${r.body}`;
      const socket = req.socket;
      res.once('finish', () => {
        if (!socket.destroyed) socket.write(copy);
      });
    }
  }

  async function onCenterRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY);
    if (req.method !== 'POST') {
      sendJson(res, 405, { infcode: -1, err_msg: '只接受 POST (POST only)' });
      return;
    }
    if (body === undefined) {
      sendJson(res, 413, { infcode: -1, err_msg: '报文过大 (message too large)' });
      return;
    }
    const segment = new URL(req.url ?? '/', 'http://localhost').pathname
      .split('/')
      .filter((s) => s !== '')
      .pop();
    const urlInfno = segment !== undefined && /^\d{4}$/.test(segment) ? segment : undefined;
    // Decide before waiting, so the seeded sequence follows the order requests arrive in.
    const decision = plan.decide(urlInfno ?? '');
    const drift = plan.config.drift;
    stats.requests += 1;
    stats.actions[decision.action] += 1;
    if (decision.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    }
    // A client that gave up meanwhile does not stop the center: like a real one it still handles the
    // message (that is how "it may have been committed" happens). Only a closed simulator stops.
    if (closed) return;
    switch (decision.action) {
      case '5xx':
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><body><h1>503 Service Unavailable</h1></body></html>');
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'timeout':
        // Never answered; the socket is destroyed when the center goes offline or closes.
        return;
      default:
        break;
    }
    const r = center.handle(body, urlInfno, drift);
    if (r.committed) stats.committed += 1;
    if (r.replayed) stats.replayed += 1;
    if (decision.action === 'commit-lose') {
      req.socket.destroy();
      return;
    }
    reply(req, res, r, decision.action === 'dup');
  }

  const server = http.createServer({ keepAliveTimeout: 10_000, requestTimeout: 0 }, (req, res) => {
    onCenterRequest(req, res).catch((err: unknown) => {
      // A bug or a database failure: the transaction rolled back; answer 500 like a real gateway.
      log(`center-sim: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent && !res.destroyed)
        sendJson(res, 500, { infcode: -1, err_msg: '中心内部错误 (internal error)' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let port: number;
  try {
    port = await listen(server, options.port ?? 0);
  } catch (err) {
    store.close();
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: centerError('SIM_START_FAILED', { en: detail, zh: detail }) };
  }

  async function setOnline(next: boolean): Promise<void> {
    if (closed || next === online) return;
    if (!next) {
      online = false;
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        // Open and hung connections go too: a down center answers nothing.
        for (const s of sockets) s.destroy();
      });
      return;
    }
    // Re-listen on the same port; it was ours a moment ago, but give a bounded retry.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await listen(server, port);
        online = true;
        return;
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async function setFaults(next: FaultConfig): Promise<void> {
    plan = planFor(next);
    await setOnline(!next.offline);
  }

  const control = http.createServer((req, res) => {
    onControl(req, res).catch((err: unknown) => {
      log(`center-sim control: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
    });
  });

  async function onControl(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      sendJson(res, 403, { error: 'loopback only' });
      return;
    }
    const body = (await readBody(req, 64 * 1024)) ?? '';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /health':
        sendJson(res, 200, { ok: true, online, url: sim.url, faults: describeFaults(plan.config) });
        return;
      case 'GET /faults':
        sendJson(res, 200, { spec: describeFaults(plan.config), config: plan.config });
        return;
      case 'PUT /faults':
      case 'POST /faults': {
        const parsed = parseFaults(body);
        if (!parsed.ok) {
          sendJson(res, 400, { error: parsed.error });
          return;
        }
        await setFaults(parsed.value);
        sendJson(res, 200, { spec: describeFaults(plan.config), online });
        return;
      }
      case 'POST /offline':
        await setOnline(false);
        sendJson(res, 200, { online });
        return;
      case 'POST /online':
        await setOnline(true);
        sendJson(res, 200, { online });
        return;
      case 'GET /ledger': {
        const filter: LedgerFilter = {};
        for (const key of ['fixmedins_code', 'insutype', 'clr_type', 'clr_optins', 'from', 'to'] as const) {
          const v = url.searchParams.get(key);
          if (v !== null) filter[key] = v;
        }
        const state = url.searchParams.get('state');
        if (state === 'settled' || state === 'cancelled' || state === 'reversed') filter.state = state;
        sendJson(res, 200, store.ledger(filter));
        return;
      }
      case 'GET /stats':
        sendJson(res, 200, stats);
        return;
      default:
        sendJson(res, 404, { error: `no route ${route}` });
    }
  }

  let controlPort: number;
  try {
    controlPort = await listen(control, options.controlPort ?? 0);
  } catch (err) {
    server.close();
    store.close();
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: centerError('SIM_START_FAILED', { en: detail, zh: detail }) };
  }

  const sim: CenterSimulator = {
    url: `http://127.0.0.1:${port}/`,
    controlUrl: `http://127.0.0.1:${controlPort}/`,
    port,
    controlPort,
    dbPath: options.dbPath,
    faults: () => plan.config,
    setFaults,
    setOnline,
    isOnline: () => online,
    ledger: (filter) => store.ledger(filter),
    stats: () => structuredClone(stats),
    async close() {
      if (closed) return;
      closed = true;
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => {
          if (!server.listening) {
            resolve();
            return;
          }
          server.close(() => {
            resolve();
          });
        }),
        new Promise<void>((resolve) => {
          control.closeAllConnections();
          control.close(() => {
            resolve();
          });
        }),
      ]);
      store.close();
    },
  };
  if (plan.config.offline) {
    online = true;
    await setOnline(false);
  }
  return { ok: true, value: sim };
}
