/**
 * A payment provider simulator: a separate HTTP server on 127.0.0.1 (random port) with its own
 * state and a JSON API, in one of two roles:
 *
 * - `scan`: a scan-to-pay gateway. POST /pay without a code opens an order and answers `pending`
 *   with the merchant QR payload the patient scans; with a code (the kiosk scanned the patient's
 *   payment code) it charges at once.
 * - `bankcard`: an external PIN-pad terminal. POST /pay puts the amount on the pad and answers
 *   `pending` until the card is presented and the PIN entered (POST /sim/act, or auto-approve).
 *
 * Both: GET /query?key= (the truth by idempotency key), POST /close, POST /refund (idempotent by
 * refund key, never more than was paid), GET /notifications?after=N (async notify by poll;
 * duplicates with the dup fault). Faults (faults.ts) apply to /pay, /query, /close and /refund;
 * the control endpoints under /sim/ (act, faults, auto, ledger) never fail. Training and tests
 * only: a terminal never ships it as a provider.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { NO_PAY_FAULTS, parsePayFaults, payFaultPlan, type PayFaults } from './faults.js';

/** Which provider the simulator plays. */
export type PaySimKind = 'scan' | 'bankcard';

/** One order at the simulated provider. */
export type SimPayment = { key: string; amountFen: number; status: 'pending' | 'paid' | 'declined' | 'closed'; ref: string; refundedFen: number; code: string | null };
/** One refund at the simulated provider. */
export type SimRefund = { rkey: string; payKey: string; amountFen: number };

/** A running simulator. */
export type PaymentSimulator = {
  kind: PaySimKind;
  url: string;
  /** The patient acts: scans the QR / presents the card and PIN (approve) or gives up (decline). */
  act(key: string, action: 'approve' | 'decline'): { ok: boolean; status: string };
  setFaults(spec: string | PayFaults): void;
  /** Orders still pending go through by themselves after `delayMs` (approve) or wait (null). */
  setAuto(auto: { approve: boolean; delayMs: number } | null): void;
  ledger(): { payments: SimPayment[]; refunds: SimRefund[] };
  close(): Promise<void>;
};

/** How to start one. */
export type PaymentSimulatorOptions = { kind: PaySimKind; faults?: string; auto?: { approve: boolean; delayMs: number } | null; port?: number };

const payBody = z.object({ key: z.string().min(1).max(80), amount_fen: z.number().int().positive(), code: z.string().min(1).max(64).optional() });
const keyBody = z.object({ key: z.string().min(1).max(80) });
const refundBody = z.object({ rkey: z.string().min(1).max(100), pay_key: z.string().min(1).max(80), amount_fen: z.number().int().positive() });
const actBody = z.object({ key: z.string(), action: z.enum(['approve', 'decline']) });
const faultsBody = z.object({ spec: z.string().max(200) });
const autoBody = z.object({ approve: z.boolean().nullable(), delayMs: z.number().int().nonnegative().max(60_000).default(0) });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a simulator; throws on a bad fault spec. */
export async function startPaymentSimulator(options: PaymentSimulatorOptions): Promise<PaymentSimulator> {
  const kind = options.kind;
  const parsed = options.faults === undefined ? { ok: true as const, value: NO_PAY_FAULTS } : parsePayFaults(options.faults);
  if (!parsed.ok) throw new Error(parsed.error);
  let plan = payFaultPlan(parsed.value);
  let auto = options.auto ?? null;
  const payments = new Map<string, SimPayment>();
  const refunds = new Map<string, SimRefund>();
  const notes: { seq: number; id: string; key: string; status: 'paid' | 'declined' }[] = [];
  let seq = 0;
  let refSeq = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const notify = (p: SimPayment): void => {
    if (p.status !== 'paid' && p.status !== 'declined') return;
    seq += 1;
    const id = `${kind}-${String(seq)}`;
    notes.push({ seq, id, key: p.key, status: p.status });
    if (plan.dup()) {
      seq += 1;
      notes.push({ seq, id, key: p.key, status: p.status });
    }
  };
  const settle = (p: SimPayment, approve: boolean): void => {
    if (p.status !== 'pending') return;
    p.status = approve ? 'paid' : 'declined';
    notify(p);
  };
  const scheduleAuto = (p: SimPayment): void => {
    if (auto === null) return;
    const { approve, delayMs } = auto;
    const t = setTimeout(() => {
      timers.delete(t);
      settle(p, approve);
    }, delayMs);
    timers.add(t);
  };
  const view = (p: SimPayment): Record<string, unknown> => ({
    status: p.status,
    ref: p.ref,
    amount_fen: p.amountFen,
    refunded_fen: p.refundedFen,
    ...(p.status === 'pending' && kind === 'scan' && p.code === null ? { qr: `medsettle-pay://${kind}/${p.key}?amount_fen=${String(p.amountFen)}` } : {}),
  });

  /** Handles one faultable request; returns the answer (the fault decides whether it is sent). */
  const handle = (method: string, pathname: string, query: URLSearchParams, body: unknown, declined: boolean): { code: number; body: unknown } => {
    if (method === 'POST' && pathname === '/pay') {
      const b = payBody.safeParse(body);
      if (!b.success) return { code: 400, body: { error: 'bad pay request' } };
      const existing = payments.get(b.data.key);
      if (existing) {
        if (existing.amountFen !== b.data.amount_fen) return { code: 409, body: { error: 'key reused with another amount' } };
        return { code: 200, body: view(existing) };
      }
      refSeq += 1;
      const p: SimPayment = { key: b.data.key, amountFen: b.data.amount_fen, status: 'pending', ref: `${kind.toUpperCase()}${String(refSeq).padStart(8, '0')}`, refundedFen: 0, code: b.data.code ?? null };
      payments.set(p.key, p);
      if (declined || (p.code !== null && p.code.startsWith('DECLINE'))) settle(p, false);
      else if (p.code !== null) settle(p, true);
      else scheduleAuto(p);
      return { code: 200, body: view(p) };
    }
    if (method === 'GET' && pathname === '/query') {
      const p = payments.get(query.get('key') ?? '');
      return { code: 200, body: p ? view(p) : { status: 'not_found' } };
    }
    if (method === 'POST' && pathname === '/close') {
      const b = keyBody.safeParse(body);
      if (!b.success) return { code: 400, body: { error: 'bad close request' } };
      const p = payments.get(b.data.key);
      if (!p) return { code: 200, body: { status: 'not_found' } };
      if (p.status === 'pending') p.status = 'closed';
      return { code: 200, body: view(p) };
    }
    if (method === 'POST' && pathname === '/refund') {
      const b = refundBody.safeParse(body);
      if (!b.success) return { code: 400, body: { error: 'bad refund request' } };
      const done = refunds.get(b.data.rkey);
      if (done) return { code: 200, body: { status: 'refunded' } };
      if (declined) return { code: 200, body: { status: 'failed', reason: 'provider refused the refund (simulated)' } };
      const p = payments.get(b.data.pay_key);
      if (p?.status !== 'paid') return { code: 200, body: { status: 'failed', reason: 'no such paid payment' } };
      if (p.refundedFen + b.data.amount_fen > p.amountFen) return { code: 200, body: { status: 'failed', reason: 'refund exceeds what was paid' } };
      p.refundedFen += b.data.amount_fen;
      refunds.set(b.data.rkey, { rkey: b.data.rkey, payKey: p.key, amountFen: b.data.amount_fen });
      return { code: 200, body: { status: 'refunded' } };
    }
    if (method === 'GET' && pathname === '/notifications') {
      const after = Number(query.get('after') ?? '0');
      return { code: 200, body: { items: notes.filter((n) => n.seq > after), next: seq } };
    }
    return { code: 404, body: { error: 'not found' } };
  };

  const control = (method: string, pathname: string, body: unknown): { code: number; body: unknown } => {
    if (method === 'POST' && pathname === '/sim/act') {
      const b = actBody.safeParse(body);
      if (!b.success) return { code: 400, body: { error: 'bad act' } };
      return { code: 200, body: sim.act(b.data.key, b.data.action) };
    }
    if (method === 'POST' && pathname === '/sim/faults') {
      const b = faultsBody.safeParse(body);
      const f = b.success ? parsePayFaults(b.data.spec) : { ok: false as const, error: 'bad faults' };
      if (!f.ok) return { code: 400, body: { error: f.error } };
      plan = payFaultPlan(f.value);
      return { code: 200, body: { ok: true } };
    }
    if (method === 'POST' && pathname === '/sim/auto') {
      const b = autoBody.safeParse(body);
      if (!b.success) return { code: 400, body: { error: 'bad auto' } };
      auto = b.data.approve === null ? null : { approve: b.data.approve, delayMs: b.data.delayMs };
      return { code: 200, body: { ok: true } };
    }
    if (method === 'GET' && pathname === '/sim/ledger') return { code: 200, body: sim.ledger() };
    return { code: 404, body: { error: 'not found' } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://sim');
        let body: unknown = undefined;
        try {
          body = chunks.length === 0 ? undefined : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad json' }));
          return;
        }
        const method = req.method ?? 'GET';
        if (url.pathname.startsWith('/sim/')) {
          const r = control(method, url.pathname, body);
          res.writeHead(r.code, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
          return;
        }
        const decision = url.pathname === '/notifications' ? { action: 'none' as const, latencyMs: 0 } : plan.decide();
        if (decision.latencyMs > 0) await sleep(decision.latencyMs);
        if (decision.action === 'timeout') return; // never answered, never handled
        const r = handle(method, url.pathname, url.searchParams, body, decision.action === 'decline');
        if (decision.action === 'unknown') {
          req.socket.destroy(); // handled and committed, the answer lost
          return;
        }
        res.writeHead(r.code, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const sim: PaymentSimulator = {
    kind,
    url: `http://127.0.0.1:${String(port)}`,
    act(key, action) {
      const p = payments.get(key);
      if (p === undefined) return { ok: false, status: 'not_found' };
      settle(p, action === 'approve');
      return { ok: true, status: p.status };
    },
    setFaults(spec) {
      if (typeof spec !== 'string') {
        plan = payFaultPlan(spec);
        return;
      }
      const f = parsePayFaults(spec);
      if (!f.ok) throw new Error(f.error);
      plan = payFaultPlan(f.value);
    },
    setAuto(next) {
      auto = next;
    },
    ledger: () => ({ payments: [...payments.values()].map((p) => ({ ...p })), refunds: [...refunds.values()].map((r) => ({ ...r })) }),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
  return sim;
}
