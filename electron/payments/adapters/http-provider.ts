/**
 * The adapter for an HTTP payment provider speaking the simulators' JSON API (sim/server.ts):
 * the scan-to-pay gateway, or a PIN pad behind an HTTP bridge. A real provider with another API is
 * another adapter behind the same port. Any transport failure on a request that may have changed
 * state (pay, close, refund) is `unknown`: the orchestrator queries before doing anything else.
 *
 * `subscribe()` reads the provider's notification stream (GET /notifications/stream, server-sent
 * events) and reconnects with backoff, resuming after the last sequence number it saw
 * (`Last-Event-ID`), so a dropped link loses nothing; `notifications()` is the poll beside it.
 */
import type { PaymentAdapter, PaymentNotification, Tender } from '../port.js';
import { backoffDelayMs } from '../../queue/backoff.js';
import {
  deliver,
  notificationsOf,
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
  type WireCall,
} from './provider-wire.js';

/** How to reach the provider. */
export type HttpProviderOptions = { tender: Exclude<Tender, 'cash'>; url: string; timeoutMs?: number; log?: (line: string) => void };

/** The longest event the stream reader buffers before it drops the link as broken. */
const MAX_EVENT_CHARS = 64 * 1024;

/**
 * Reads server-sent events from a response body until it ends: `onId` gets every `id:` field (the
 * resume cursor), `onData` every event's data. Throws when an event grows past MAX_EVENT_CHARS.
 */
async function readEvents(body: ReadableStream<Uint8Array>, onId: (id: string) => void, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data: string[] = [];
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) continue; // a comment
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') onId(value);
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) onData(data.join('\n'));
    }
    if (buffer.length > MAX_EVENT_CHARS) throw new Error('notification stream: event too long');
  }
}

/** An adapter over the provider's HTTP JSON API. */
export function httpProviderAdapter(options: HttpProviderOptions): PaymentAdapter {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const log = options.log ?? warn;
  /** Lines that report no problem (the stream opened) go to the caller's log only. */
  const info = options.log ?? ((): void => undefined);
  let after = 0;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<WireCall> => {
    try {
      const res = await fetch(`${options.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) return { ok: false, reason: `HTTP ${String(res.status)}` };
      return { ok: true, body: await res.json() };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  };

  /** Follows the stream until `signal` aborts, reconnecting with backoff after every drop. */
  const follow = async (listener: (n: PaymentNotification) => void, signal: AbortSignal): Promise<void> => {
    // null: from now; the server's first block names "now" (`id:`), so a drop before any event loses none.
    const resume: { seq: number | null } = { seq: null };
    const stopped = (): boolean => signal.aborted;
    let failures = 0;
    while (!stopped()) {
      try {
        const res = await fetch(`${options.url}/notifications/stream`, {
          headers: { accept: 'text/event-stream', ...(resume.seq === null ? {} : { 'last-event-id': String(resume.seq) }) },
          signal,
        });
        if (!res.ok || res.body === null) throw new Error(`HTTP ${String(res.status)}`);
        failures = 0;
        info(`payments: ${options.tender} notification stream open`);
        await readEvents(
          res.body,
          (id) => {
            if (/^\d{1,15}$/.test(id)) resume.seq = Number(id);
          },
          (data) => {
            let raw: unknown;
            try {
              raw = JSON.parse(data) as unknown;
            } catch {
              log(`payments: ${options.tender} stream sent an unreadable event`);
              return;
            }
            const n = wireNotification.safeParse(raw);
            if (n.success) deliver(listener, portNotification(options.tender, n.data), log);
            else log(`payments: ${options.tender} stream sent an unreadable event`);
          },
        );
      } catch (err) {
        if (stopped()) return;
        log(`payments: ${options.tender} notification stream dropped: ${err instanceof Error ? err.message : String(err)}`);
      }
      failures += 1;
      await pause(backoffDelayMs(failures, Math.random, RECONNECT_BACKOFF), signal);
    }
  };

  return {
    tender: options.tender,
    async pay(intent) {
      return payOutcomeOf(await call('POST', '/pay', payRequest(intent)));
    },
    async query(key) {
      return queryOutcomeOf(await call('GET', `/query?key=${encodeURIComponent(key)}`));
    },
    async close(key) {
      return queryOutcomeOf(await call('POST', '/close', { key }));
    },
    async refund(payment, amountFen, refundKey) {
      return refundOutcomeOf(await call('POST', '/refund', refundRequest(payment.key, amountFen, refundKey)));
    },
    async notifications(): Promise<PaymentNotification[]> {
      const r = await call('GET', `/notifications?after=${String(after)}`);
      const page = r.ok ? notificationsOf(options.tender, r.body) : null;
      if (page === null) return [];
      after = page.next;
      return page.items;
    },
    subscribe(listener) {
      const stop = new AbortController();
      follow(listener, stop.signal).catch((err: unknown) => {
        log(`payments: ${options.tender} notification stream stopped: ${err instanceof Error ? err.message : String(err)}`);
      });
      return () => {
        stop.abort();
      };
    },
  };
}
