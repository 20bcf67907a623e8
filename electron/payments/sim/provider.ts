/**
 * The simulated payment provider's state machine, with no transport: orders, refunds, the
 * notification log, the fault plan, the patient's actions and the auto-approval. The HTTP server
 * (server.ts: the scan gateway, or the PIN pad behind an HTTP bridge) and the PIN pad's TCP line
 * server (pinpad-tcp.ts) both drive ONE of these, so a payment means the same over either wire.
 *
 * Requests and answers are the wire's JSON objects (snake_case: `amount_fen`, `pay_key`), so the
 * two transports only frame them. Every notification is logged with a sequence number (`seq`) and
 * pushed to the listeners; the `dup` fault logs and pushes it twice under one notification id.
 * Training and tests only: a terminal never ships it as a provider.
 */
import { z } from 'zod';
import { NO_PAY_FAULTS, parsePayFaults, payFaultPlan, type PayFaultAction, type PayFaults } from './faults.js';

/** Which provider the simulator plays. */
export type PaySimKind = 'scan' | 'bankcard';

/** One order at the simulated provider. */
export type SimPayment = { key: string; amountFen: number; status: 'pending' | 'paid' | 'declined' | 'closed'; ref: string; refundedFen: number; code: string | null };
/** One refund at the simulated provider. */
export type SimRefund = { rkey: string; payKey: string; amountFen: number };
/** One logged notification (the wire's shape). */
export type SimNotification = { seq: number; id: string; key: string; status: 'paid' | 'declined' };

/** The requests a provider handles (faults apply to all but `notifications`). */
export type ProviderOp = 'pay' | 'query' | 'close' | 'refund' | 'notifications';
/** An answer: `code` 200 with the body, or 400/404/409 with `{error}`. */
export type ProviderAnswer = { code: 200 | 400 | 404 | 409; body: Record<string, unknown> };
/** Automatic patient behaviour: orders still pending go through (approve) or fail after `delayMs`. */
export type SimAuto = { approve: boolean; delayMs: number } | null;

/** A running simulator, whatever its transport. */
export type PaymentSimulator = {
  kind: PaySimKind;
  /** `http://127.0.0.1:<port>` or `tcp://127.0.0.1:<port>`. */
  url: string;
  /** The patient acts: scans the QR / presents the card and PIN (approve) or gives up (decline). */
  act(key: string, action: 'approve' | 'decline'): { ok: boolean; status: string };
  setFaults(spec: string | PayFaults): void;
  /** Orders still pending go through by themselves after `delayMs` (approve) or wait (null). */
  setAuto(auto: SimAuto): void;
  ledger(): { payments: SimPayment[]; refunds: SimRefund[] };
  close(): Promise<void>;
};

/** How to start one. */
export type PaymentSimulatorOptions = { kind: PaySimKind; faults?: string; auto?: SimAuto; port?: number };

/** The state machine both transports share. */
export type PaymentProvider = Omit<PaymentSimulator, 'url' | 'close'> & {
  /** Draws the faults for one request (latency, then at most one of decline/timeout/unknown). */
  decide(): { action: PayFaultAction; latencyMs: number };
  /** Handles one request; `declined` is the fault's verdict (refuse the payment / the refund). */
  handle(op: ProviderOp, input: unknown, declined: boolean): ProviderAnswer;
  /** Notifications with `seq` above `after`, at most `limit` of them; `next` is the cursor to ask after. */
  notificationsAfter(after: number, limit?: number): { items: SimNotification[]; next: number };
  /** The last sequence number given out (0: none yet). */
  lastSeq(): number;
  /** Every notification as it is logged (twice under the dup fault); returns the unsubscribe. */
  onNotification(listener: (n: SimNotification) => void): () => void;
  /** Stops the auto-approval timers. */
  stop(): void;
};

const payBody = z.object({ key: z.string().min(1).max(80), amount_fen: z.number().int().positive().max(1e11), code: z.string().min(1).max(64).optional() });
const keyBody = z.object({ key: z.string().min(1).max(80) });
const refundBody = z.object({ rkey: z.string().min(1).max(100), pay_key: z.string().min(1).max(80), amount_fen: z.number().int().positive().max(1e11) });
const notesBody = z.object({ after: z.number().int().nonnegative().default(0) });

/** A fault spec or a validated configuration as a plan; throws on a bad spec. */
function planOf(spec: string | PayFaults): ReturnType<typeof payFaultPlan> {
  if (typeof spec !== 'string') return payFaultPlan(spec);
  const parsed = parsePayFaults(spec);
  if (!parsed.ok) throw new Error(parsed.error);
  return payFaultPlan(parsed.value);
}

/** Creates a provider's state; throws on a bad fault spec. */
export function createPaymentProvider(options: Omit<PaymentSimulatorOptions, 'port'>): PaymentProvider {
  const kind = options.kind;
  let plan = planOf(options.faults ?? NO_PAY_FAULTS);
  let auto = options.auto ?? null;
  const payments = new Map<string, SimPayment>();
  const refunds = new Map<string, SimRefund>();
  const notes: SimNotification[] = [];
  const listeners = new Set<(n: SimNotification) => void>();
  let seq = 0;
  let refSeq = 0;
  const timers = new Set<NodeJS.Timeout>();

  const log = (id: string, key: string, status: 'paid' | 'declined'): void => {
    seq += 1;
    const n: SimNotification = { seq, id, key, status };
    notes.push(n);
    for (const l of listeners) l(n);
  };
  const notify = (p: SimPayment): void => {
    if (p.status !== 'paid' && p.status !== 'declined') return;
    const id = `${kind}-${String(seq + 1)}`;
    log(id, p.key, p.status);
    if (plan.dup()) log(id, p.key, p.status);
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
  const notificationsAfter = (after: number, limit?: number): { items: SimNotification[]; next: number } => {
    const all = notes.filter((n) => n.seq > after);
    const items = limit === undefined ? all : all.slice(0, limit);
    const last = items[items.length - 1];
    // All returned: the cursor is the log's end, even below `after` (a restarted provider's new log).
    return { items: items.map((n) => ({ ...n })), next: items.length === all.length ? seq : (last?.seq ?? after) };
  };

  const handle = (op: ProviderOp, input: unknown, declined: boolean): ProviderAnswer => {
    switch (op) {
      case 'pay': {
        const b = payBody.safeParse(input);
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
      case 'query': {
        const b = keyBody.safeParse(input);
        if (!b.success) return { code: 400, body: { error: 'bad query request' } };
        const p = payments.get(b.data.key);
        return { code: 200, body: p ? view(p) : { status: 'not_found' } };
      }
      case 'close': {
        const b = keyBody.safeParse(input);
        if (!b.success) return { code: 400, body: { error: 'bad close request' } };
        const p = payments.get(b.data.key);
        if (!p) return { code: 200, body: { status: 'not_found' } };
        if (p.status === 'pending') p.status = 'closed';
        return { code: 200, body: view(p) };
      }
      case 'refund': {
        const b = refundBody.safeParse(input);
        if (!b.success) return { code: 400, body: { error: 'bad refund request' } };
        if (refunds.has(b.data.rkey)) return { code: 200, body: { status: 'refunded' } };
        if (declined) return { code: 200, body: { status: 'failed', reason: 'provider refused the refund (simulated)' } };
        const p = payments.get(b.data.pay_key);
        if (p?.status !== 'paid') return { code: 200, body: { status: 'failed', reason: 'no such paid payment' } };
        // Invariant: the refunds of a payment never add up to more than it charged.
        if (p.refundedFen + b.data.amount_fen > p.amountFen) return { code: 200, body: { status: 'failed', reason: 'refund exceeds what was paid' } };
        p.refundedFen += b.data.amount_fen;
        refunds.set(b.data.rkey, { rkey: b.data.rkey, payKey: p.key, amountFen: b.data.amount_fen });
        return { code: 200, body: { status: 'refunded' } };
      }
      case 'notifications': {
        const b = notesBody.safeParse(input);
        if (!b.success) return { code: 400, body: { error: 'bad notifications request' } };
        return { code: 200, body: notificationsAfter(b.data.after) };
      }
    }
  };

  return {
    kind,
    decide: () => plan.decide(),
    handle,
    notificationsAfter,
    lastSeq: () => seq,
    onNotification(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    act(key, action) {
      const p = payments.get(key);
      if (p === undefined) return { ok: false, status: 'not_found' };
      settle(p, action === 'approve');
      return { ok: true, status: p.status };
    },
    setFaults(spec) {
      plan = planOf(spec);
    },
    setAuto(next) {
      auto = next;
    },
    ledger: () => ({ payments: [...payments.values()].map((p) => ({ ...p })), refunds: [...refunds.values()].map((r) => ({ ...r })) }),
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      listeners.clear();
    },
  };
}

/** The simulator handle a transport gives its callers: the provider's control plus its address. */
export function simulatorHandle(provider: PaymentProvider, url: string, closeTransport: () => Promise<void>): PaymentSimulator {
  return {
    kind: provider.kind,
    url,
    act: (key, action) => provider.act(key, action),
    setFaults: (spec) => {
      provider.setFaults(spec);
    },
    setAuto: (auto) => {
      provider.setAuto(auto);
    },
    ledger: () => provider.ledger(),
    close: async () => {
      provider.stop();
      await closeTransport();
    },
  };
}
