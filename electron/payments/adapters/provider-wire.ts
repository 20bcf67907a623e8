/**
 * What the provider adapters share, one way for every wire that carries the simulators' JSON
 * bodies (HTTP, the PIN pad's TCP lines): reading answers into the port's outcomes, the request
 * bodies, the reconnect backoff, handing notifications to a subscriber. An answer that cannot be
 * read is `unknown`, never `declined`: the orchestrator queries before doing anything else.
 */
import { z } from 'zod';
import type { BackoffConfig } from '../../queue/config.js';
import type { PaymentNotification, PayOutcome, QueryOutcome, RefundOutcome, Tender } from '../port.js';

const stateSchema = z.object({
  status: z.enum(['pending', 'paid', 'declined', 'closed', 'not_found']),
  ref: z.string().optional(),
  qr: z.string().optional(),
});
const refundSchema = z.object({ status: z.enum(['refunded', 'failed']), reason: z.string().optional() });
/** One notification on the wire (the poll's items, the stream's events, the PIN pad's pushes). */
export const wireNotification = z.object({ seq: z.number().int().nonnegative(), id: z.string().min(1), key: z.string().min(1), status: z.enum(['paid', 'declined']) });
const notesSchema = z.object({ items: z.array(wireNotification), next: z.number().int().nonnegative() });

/** A request's fate on the wire: the answer's body, or why there is none. */
export type WireCall = { ok: true; body: unknown } | { ok: false; reason: string };

/** A query / close answer as the port's outcome. */
export function queryOutcomeOf(call: WireCall): QueryOutcome {
  if (!call.ok) return { status: 'unknown', reason: call.reason };
  const s = stateSchema.safeParse(call.body);
  if (!s.success) return { status: 'unknown', reason: 'unreadable answer' };
  const v = s.data;
  switch (v.status) {
    case 'paid':
      return { status: 'paid', ref: v.ref ?? '' };
    case 'declined':
      return { status: 'declined', reason: 'declined by the provider' };
    case 'pending':
      return v.qr === undefined ? { status: 'pending' } : { status: 'pending', qr: v.qr };
    case 'closed':
      return { status: 'closed' };
    case 'not_found':
      return { status: 'not_found' };
  }
}

/** A pay answer as the port's outcome (an order that is not there or closed is not an answer to a pay). */
export function payOutcomeOf(call: WireCall): PayOutcome {
  const o = queryOutcomeOf(call);
  return o.status === 'not_found' || o.status === 'closed' ? { status: 'unknown', reason: `unexpected ${o.status}` } : o;
}

/** A refund answer as the port's outcome. */
export function refundOutcomeOf(call: WireCall): RefundOutcome {
  if (!call.ok) return { status: 'unknown', reason: call.reason };
  const v = refundSchema.safeParse(call.body);
  if (!v.success) return { status: 'unknown', reason: 'unreadable answer' };
  return v.data.status === 'refunded' ? { status: 'refunded' } : { status: 'failed', reason: v.data.reason ?? 'refused' };
}

/** One notification as the provider sent it. */
export type WireNotification = z.infer<typeof wireNotification>;

/** A notifications page as sent (items with their `seq`, the cursor to ask after); null when unreadable. */
export function wireNotificationsOf(body: unknown): { items: WireNotification[]; next: number } | null {
  const v = notesSchema.safeParse(body);
  return v.success ? v.data : null;
}

/** A notifications page: the port's notifications and the cursor to ask after; null when unreadable. */
export function notificationsOf(tender: Tender, body: unknown): { items: PaymentNotification[]; next: number } | null {
  const page = wireNotificationsOf(body);
  return page === null ? null : { items: page.items.map((n) => portNotification(tender, n)), next: page.next };
}

/** One wire notification as the port's (ids are namespaced by tender: two providers never collide). */
export function portNotification(tender: Tender, n: WireNotification): PaymentNotification {
  return { id: `${tender}:${n.id}`, key: n.key, status: n.status };
}

/** The wire's request body of a pay. */
export function payRequest(intent: { key: string; amountFen: number; code?: string }): Record<string, unknown> {
  return { key: intent.key, amount_fen: intent.amountFen, ...(intent.code === undefined ? {} : { code: intent.code }) };
}

/** The wire's request body of a refund. */
export function refundRequest(payKey: string, amountFen: number, refundKey: string): Record<string, unknown> {
  return { rkey: refundKey, pay_key: payKey, amount_fen: amountFen };
}

/** How a dropped link to a provider is retried: from 50 ms doubling to 2 s, half of it random (the queue's backoff). */
export const RECONNECT_BACKOFF: BackoffConfig = { baseMs: 50, maxMs: 2_000, factor: 2, jitter: 0.5 };

/** Waits `ms`, or less when `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Calls a subscriber, keeping its failure out of the transport: a throwing listener is reported
 * and the stream goes on (the poll still applies what it missed).
 */
export function deliver(listener: (n: PaymentNotification) => void, n: PaymentNotification, report: (line: string) => void): void {
  try {
    listener(n);
  } catch (err) {
    report(`payments: a notification listener failed on ${n.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Where an adapter reports what it cannot return (a listener's failure, a dropped link). */
export const warn = (line: string): void => {
  process.emitWarning(line);
};
