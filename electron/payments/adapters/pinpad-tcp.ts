/**
 * The adapter for a bank-card PIN pad reached over TCP (`tcp://host:port`), speaking the line
 * protocol of sim/pinpad-tcp.ts: one JSON object per line, each request with a request id (`rid`)
 * its answer echoes, notifications pushed unsolicited.
 *
 * One persistent connection, opened on first use and reopened after a drop with backoff (at once
 * while a subscriber listens, else on the next request). Each request has its own deadline. Any
 * transport failure on pay, close or refund — no answer in time, the link closed before the answer,
 * an answer that cannot be read or a refusal line — is `unknown`, never `declined`: the
 * orchestrator queries before anything else. `notifications()` pages through the pad's log (NOTES
 * after its cursor); `subscribe()` hands on the pushed lines and, after every reconnect, fetches
 * what was pushed while the link was down, so a drop loses nothing.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';
import { backoffDelayMs } from '../../queue/backoff.js';
import type { PaymentAdapter, PaymentNotification, PayIntent } from '../port.js';
import { lineReader, PINPAD_MAX_LINE, toLine } from './pinpad-line.js';
import {
  deliver,
  pause,
  payOutcomeOf,
  payRequest,
  portNotification,
  queryOutcomeOf,
  RECONNECT_BACKOFF,
  refundOutcomeOf,
  refundRequest,
  warn,
  wireNotification,
  wireNotificationsOf,
  type WireCall,
  type WireNotification,
} from './provider-wire.js';

/** How to reach the PIN pad. */
export type PinPadTcpOptions = { url: string; timeoutMs?: number; log?: (line: string) => void };

/** The adapter, which also owns a connection: `disconnect()` when the terminal stops (`close(key)` is the port's, an order's). */
export type PinPadTcpAdapter = PaymentAdapter & { disconnect(): void };

/** The longest answer line accepted (a NOTES page is the longest answer there is). */
const MAX_ANSWER_LINE = 64 * 1024;
/** Pages read per notifications() call or catch-up at most (a page is PINPAD_NOTES_PAGE items). */
const MAX_PAGES = 50;

/** host and port of a `tcp://host:port` address; throws on anything else. */
export function tcpAddress(url: string): { host: string; port: number } {
  const u = URL.canParse(url) ? new URL(url) : null;
  const port = Number(u?.port);
  if (u?.protocol !== 'tcp:' || u.hostname === '' || !Number.isInteger(port) || port < 1 || port > 65_535 || (u.pathname !== '' && u.pathname !== '/')) {
    throw new Error(`not a tcp://host:port address: ${url}`);
  }
  return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/** Any line from the pad: an answer (`rid`, maybe `error`) or a push (`push`). */
const envelope = z.looseObject({ push: z.enum(['notification', 'hello']).optional(), rid: z.string().optional(), error: z.string().optional(), seq: z.number().int().nonnegative().optional(), log: z.string().optional() });

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** An adapter over the PIN pad's TCP line protocol. */
export function pinPadTcpAdapter(options: PinPadTcpOptions): PinPadTcpAdapter {
  const { host, port } = tcpAddress(options.url);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const log = options.log ?? warn;
  /** Lines that report no problem (the link opened) go to the caller's log only. */
  const info = options.log ?? ((): void => undefined);
  const stop = new AbortController();
  const stopped = (): boolean => stop.signal.aborted;
  const ridPrefix = randomUUID().slice(0, 8);
  let ridSeq = 0;
  let socket: net.Socket | null = null;
  let connecting: Promise<net.Socket | null> | null = null;
  let failures = 0;
  /** Answers awaited on the open connection, by request id. */
  const pending = new Map<string, (call: WireCall) => void>();
  const listeners = new Set<(n: PaymentNotification) => void>();
  /** The poll's cursor (notifications()). */
  let pollAfter = 0;
  /** Every notification up to `pushCursor` is handled (delivered, or older than the subscribers); `seen` holds those delivered above it. */
  let pushCursor: number | null = null;
  const seen = new Set<number>();
  /** The id of the pad's notification log the cursors count in (a restarted pad has another). */
  let padLog: string | undefined;

  const pushed = (n: WireNotification): void => {
    if (listeners.size === 0) {
      // Nobody listens: it predates any later subscriber.
      if (pushCursor === null || n.seq > pushCursor) pushCursor = n.seq;
      return;
    }
    if ((pushCursor !== null && n.seq <= pushCursor) || seen.has(n.seq)) return;
    seen.add(n.seq);
    // Pushes come in log order, so the cursor follows them and `seen` only holds what is past a gap.
    if (pushCursor !== null) {
      while (seen.delete(pushCursor + 1)) pushCursor += 1;
    }
    const note = portNotification('bankcard', n);
    for (const l of [...listeners]) deliver(l, note, log);
  };

  const onLine = (line: string): void => {
    let raw: unknown;
    try {
      raw = JSON.parse(line) as unknown;
    } catch {
      raw = undefined;
    }
    const message = envelope.safeParse(raw);
    if (!message.success) {
      log('payments: the PIN pad sent an unreadable line');
      return;
    }
    const { push, rid, error, seq, log: logId } = message.data;
    if (push === 'notification') {
      const n = wireNotification.safeParse(raw);
      if (n.success) pushed(n.data);
      else log('payments: the PIN pad pushed an unreadable notification');
      return;
    }
    if (push === 'hello') {
      if (pushCursor === null) pushCursor = seq ?? 0;
      else if (logId !== padLog) {
        // A restarted pad keeps a new log: everything in it is new to us (the poll's too).
        pushCursor = 0;
        seen.clear();
        pollAfter = 0;
      }
      padLog = logId;
      if (listeners.size > 0) {
        catchUp().catch((err: unknown) => {
          log(`payments: PIN pad catch-up failed: ${reasonOf(err)}`);
        });
      }
      return;
    }
    const answer = rid === undefined ? undefined : pending.get(rid);
    if (answer === undefined) {
      // A refusal of a line we could not frame, or an answer after its deadline: that request is unknown already.
      log(`payments: the PIN pad sent a line for no waiting request: ${line.slice(0, 200)}`);
      return;
    }
    answer(error === undefined ? { ok: true, body: raw } : { ok: false, reason: `refused: ${error}` });
  };

  const attach = (s: net.Socket): void => {
    s.setNoDelay(true);
    s.setKeepAlive(true, 10_000);
    // The connection alone keeps no process alive: a waiting request's deadline timer does.
    s.unref();
    s.on(
      'data',
      lineReader(MAX_ANSWER_LINE, onLine, () => {
        log('payments: the PIN pad sent an over-long line');
      }),
    );
    s.on('error', (err) => {
      log(`payments: PIN pad link: ${err.message}`);
    });
    s.on('close', () => {
      if (socket === s) socket = null;
      // Whatever was in flight on this link is unknown now; the orchestrator queries.
      for (const answer of [...pending.values()]) answer({ ok: false, reason: 'connection closed before the answer' });
      keepUp();
    });
  };

  /** The open connection, opening it (after the backoff of earlier failures) if need be; null when that failed. */
  const connect = (): Promise<net.Socket | null> => {
    if (socket !== null) return Promise.resolve(socket);
    connecting ??= (async () => {
      if (failures > 0) await pause(backoffDelayMs(failures, Math.random, RECONNECT_BACKOFF), stop.signal);
      if (stop.signal.aborted) return null;
      const s = await new Promise<net.Socket | null>((resolve) => {
        const attempt = net.connect({ host, port });
        attempt.setTimeout(timeoutMs, () => attempt.destroy(new Error('connect timed out')));
        attempt.once('connect', () => {
          attempt.setTimeout(0);
          attempt.removeAllListeners('error');
          resolve(attempt);
        });
        attempt.once('error', (err) => {
          log(`payments: cannot reach the PIN pad at ${options.url}: ${err.message}`);
          attempt.destroy();
          resolve(null);
        });
      });
      if (s === null) {
        failures += 1;
        return null;
      }
      if (stopped()) {
        s.destroy();
        return null;
      }
      failures = 0;
      attach(s);
      socket = s;
      info(`payments: PIN pad link open at ${options.url}`);
      return s;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  /** While someone listens, the link is reopened as soon as it drops (with the backoff). */
  function keepUp(): void {
    if (stop.signal.aborted || listeners.size === 0 || socket !== null) return;
    connect()
      .then((s) => {
        if (s === null) keepUp();
      })
      .catch((err: unknown) => {
        log(`payments: PIN pad reconnect failed: ${reasonOf(err)}`);
      });
  }

  /** Sends one request and waits for its answer until the deadline. */
  const request = (op: 'PAY' | 'QUERY' | 'CLOSE' | 'REFUND' | 'NOTES', fields: Record<string, unknown>): Promise<WireCall> => {
    if (stop.signal.aborted) return Promise.resolve({ ok: false, reason: 'adapter closed' });
    ridSeq += 1;
    const rid = `${ridPrefix}-${String(ridSeq)}`;
    const line = toLine({ rid, op, ...fields });
    if (Buffer.byteLength(line) - 1 > PINPAD_MAX_LINE) return Promise.resolve({ ok: false, reason: 'request longer than a line may be' });
    return new Promise((resolve) => {
      let done = false;
      const finish = (call: WireCall): void => {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        pending.delete(rid);
        resolve(call);
      };
      const deadline = setTimeout(() => {
        finish({ ok: false, reason: `no answer within ${String(timeoutMs)} ms` });
      }, timeoutMs);
      const send = async (): Promise<void> => {
        let s = await connect();
        while (s === null && !done && !stop.signal.aborted) s = await connect();
        if (done) return;
        if (s === null) {
          finish({ ok: false, reason: 'adapter closed' });
          return;
        }
        pending.set(rid, finish);
        s.write(line);
      };
      send().catch((err: unknown) => {
        finish({ ok: false, reason: reasonOf(err) });
      });
    });
  };

  /** Reads the log after the push cursor and hands on what the subscribers have not had. */
  async function catchUp(): Promise<void> {
    for (let page = 0; page < MAX_PAGES && listeners.size > 0; page += 1) {
      const after = pushCursor ?? 0;
      const r = await request('NOTES', { after });
      const got = r.ok ? wireNotificationsOf(r.body) : null;
      if (got === null) {
        log(`payments: PIN pad catch-up: ${r.ok ? 'unreadable answer' : r.reason}`);
        return;
      }
      for (const n of got.items) pushed(n);
      // Everything up to `next` is in this page or was pushed before it: the cursor may move.
      if (pushCursor === after) {
        pushCursor = got.next;
        for (const seq of seen) if (seq <= got.next) seen.delete(seq);
      }
      if (got.items.length === 0) return;
    }
  }

  const adapter: PinPadTcpAdapter = {
    tender: 'bankcard',
    async pay(intent: PayIntent) {
      return payOutcomeOf(await request('PAY', payRequest(intent)));
    },
    async query(key: string) {
      return queryOutcomeOf(await request('QUERY', { key }));
    },
    async close(key: string) {
      return queryOutcomeOf(await request('CLOSE', { key }));
    },
    async refund(payment: { key: string; amountFen: number }, amountFen: number, refundKey: string) {
      return refundOutcomeOf(await request('REFUND', refundRequest(payment.key, amountFen, refundKey)));
    },
    async notifications(): Promise<PaymentNotification[]> {
      const out: PaymentNotification[] = [];
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const r = await request('NOTES', { after: pollAfter });
        const got = r.ok ? wireNotificationsOf(r.body) : null;
        if (got === null) break;
        pollAfter = got.next;
        out.push(...got.items.map((n) => portNotification('bankcard', n)));
        if (got.items.length === 0) break;
      }
      return out;
    },
    subscribe(listener: (n: PaymentNotification) => void) {
      listeners.add(listener);
      keepUp();
      return () => {
        listeners.delete(listener);
      };
    },
    disconnect() {
      stop.abort();
      socket?.destroy();
    },
  };
  return adapter;
}
