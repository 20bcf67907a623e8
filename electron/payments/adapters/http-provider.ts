/**
 * The adapter for an HTTP payment provider speaking the simulators' JSON API (sim/server.ts):
 * the scan-to-pay gateway and the PIN-pad terminal. A real provider with another API is another
 * adapter behind the same port. Any transport failure on a request that may have changed state
 * (pay, close, refund) is `unknown`: the orchestrator queries before doing anything else.
 */
import { z } from 'zod';
import type { PaymentAdapter, PaymentNotification, PayOutcome, QueryOutcome, RefundOutcome, Tender } from '../port.js';

/** How to reach the provider. */
export type HttpProviderOptions = { tender: Exclude<Tender, 'cash'>; url: string; timeoutMs?: number };

const stateSchema = z.object({
  status: z.enum(['pending', 'paid', 'declined', 'closed', 'not_found']),
  ref: z.string().optional(),
  qr: z.string().optional(),
});
const refundSchema = z.object({ status: z.enum(['refunded', 'failed']), reason: z.string().optional() });
const notesSchema = z.object({ items: z.array(z.object({ seq: z.number().int(), id: z.string(), key: z.string(), status: z.enum(['paid', 'declined']) })), next: z.number().int() });

type Call = { ok: true; body: unknown } | { ok: false; reason: string };

/** An adapter over the provider's HTTP JSON API. */
export function httpProviderAdapter(options: HttpProviderOptions): PaymentAdapter {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let after = 0;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Call> => {
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
  const toOutcome = (body: unknown): QueryOutcome => {
    const s = stateSchema.safeParse(body);
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
  };
  return {
    tender: options.tender,
    async pay(intent): Promise<PayOutcome> {
      const r = await call('POST', '/pay', { key: intent.key, amount_fen: intent.amountFen, ...(intent.code === undefined ? {} : { code: intent.code }) });
      if (!r.ok) return { status: 'unknown', reason: r.reason };
      const o = toOutcome(r.body);
      return o.status === 'not_found' || o.status === 'closed' ? { status: 'unknown', reason: `unexpected ${o.status}` } : o;
    },
    async query(key) {
      const r = await call('GET', `/query?key=${encodeURIComponent(key)}`);
      return r.ok ? toOutcome(r.body) : { status: 'unknown', reason: r.reason };
    },
    async close(key) {
      const r = await call('POST', '/close', { key });
      return r.ok ? toOutcome(r.body) : { status: 'unknown', reason: r.reason };
    },
    async refund(payment, amountFen, refundKey): Promise<RefundOutcome> {
      const r = await call('POST', '/refund', { rkey: refundKey, pay_key: payment.key, amount_fen: amountFen });
      if (!r.ok) return { status: 'unknown', reason: r.reason };
      const v = refundSchema.safeParse(r.body);
      if (!v.success) return { status: 'unknown', reason: 'unreadable answer' };
      return v.data.status === 'refunded' ? { status: 'refunded' } : { status: 'failed', reason: v.data.reason ?? 'refused' };
    },
    async notifications(): Promise<PaymentNotification[]> {
      const r = await call('GET', `/notifications?after=${String(after)}`);
      if (!r.ok) return [];
      const v = notesSchema.safeParse(r.body);
      if (!v.success) return [];
      after = v.data.next;
      return v.data.items.map((n) => ({ id: `${options.tender}:${n.id}`, key: n.key, status: n.status }));
    },
  };
}
