/**
 * A payment provider simulator over HTTP: a separate server on 127.0.0.1 (random port) with a
 * JSON API over the shared state machine (provider.ts), in one of two roles:
 *
 * - `scan`: a scan-to-pay gateway. POST /pay without a code opens an order and answers `pending`
 *   with the merchant QR payload the patient scans; with a code (the kiosk scanned the patient's
 *   payment code) it charges at once.
 * - `bankcard`: a PIN-pad terminal behind an HTTP bridge. POST /pay puts the amount on the pad and
 *   answers `pending` until the card is presented and the PIN entered (POST /sim/act, or
 *   auto-approve). A real PIN pad speaks TCP: pinpad-tcp.ts serves the same state machine over
 *   its line protocol.
 *
 * Both: GET /query?key= (the truth by idempotency key), POST /close, POST /refund (idempotent by
 * refund key, never more than was paid), GET /notifications?after=N (async notify by poll;
 * duplicates with the dup fault), GET /notifications/stream (the same notifications pushed as
 * server-sent events: `id:` is the sequence number, `data:` the notification object; resume with
 * `Last-Event-ID` or `?after=N`, else from now; the opening block carries only `id:`, the start).
 * Faults (faults.ts) apply to /pay, /query, /close and /refund; the notification endpoints and the
 * control endpoints under /sim/ (act, faults, auto, ledger) never fail. Training and tests only: a
 * terminal never ships it as a provider.
 */
import http from 'node:http';
import { z } from 'zod';
import { parsePayFaults } from './faults.js';
import { listenLocal } from './listen.js';
import { createPaymentProvider, simulatorHandle, type PaymentProvider, type PaymentSimulator, type PaymentSimulatorOptions, type ProviderAnswer, type ProviderOp } from './provider.js';

export type { PaySimKind, PaymentSimulator, PaymentSimulatorOptions, SimPayment, SimRefund } from './provider.js';

const actBody = z.object({ key: z.string(), action: z.enum(['approve', 'decline']) });
const faultsBody = z.object({ spec: z.string().max(200) });
const autoBody = z.object({ approve: z.boolean().nullable(), delayMs: z.number().int().nonnegative().max(60_000).default(0) });
const cursor = z.coerce.number().int().nonnegative();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The provider request an HTTP method and path stand for, with its input. */
function routeOf(method: string, url: URL, body: unknown): { op: ProviderOp; input: unknown } | null {
  if (method === 'POST' && url.pathname === '/pay') return { op: 'pay', input: body };
  if (method === 'GET' && url.pathname === '/query') return { op: 'query', input: { key: url.searchParams.get('key') ?? '' } };
  if (method === 'POST' && url.pathname === '/close') return { op: 'close', input: body };
  if (method === 'POST' && url.pathname === '/refund') return { op: 'refund', input: body };
  if (method === 'GET' && url.pathname === '/notifications') {
    const after = cursor.safeParse(url.searchParams.get('after') ?? '0');
    return { op: 'notifications', input: { after: after.success ? after.data : -1 } };
  }
  return null;
}

/** The control endpoints under /sim/: the patient's actions, faults, auto-approval, the ledger. */
function control(provider: PaymentProvider, method: string, pathname: string, body: unknown): ProviderAnswer {
  if (method === 'POST' && pathname === '/sim/act') {
    const b = actBody.safeParse(body);
    if (!b.success) return { code: 400, body: { error: 'bad act' } };
    return { code: 200, body: provider.act(b.data.key, b.data.action) };
  }
  if (method === 'POST' && pathname === '/sim/faults') {
    const b = faultsBody.safeParse(body);
    const f = b.success ? parsePayFaults(b.data.spec) : { ok: false as const, error: 'bad faults' };
    if (!f.ok) return { code: 400, body: { error: f.error } };
    provider.setFaults(f.value);
    return { code: 200, body: { ok: true } };
  }
  if (method === 'POST' && pathname === '/sim/auto') {
    const b = autoBody.safeParse(body);
    if (!b.success) return { code: 400, body: { error: 'bad auto' } };
    provider.setAuto(b.data.approve === null ? null : { approve: b.data.approve, delayMs: b.data.delayMs });
    return { code: 200, body: { ok: true } };
  }
  if (method === 'GET' && pathname === '/sim/ledger') return { code: 200, body: provider.ledger() };
  return { code: 404, body: { error: 'not found' } };
}

/** Serves the notification stream on one response until the client goes away. */
function streamNotifications(provider: PaymentProvider, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const resume = cursor.safeParse(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? String(provider.lastSeq()));
  if (!resume.success) {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad Last-Event-ID / after' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  // The opening block names the cursor "now", so a client that drops before any event resumes here.
  res.write(`id: ${String(resume.data)}\n: notifications\n\n`);
  const send = (n: { seq: number }): void => {
    res.write(`id: ${String(n.seq)}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`);
  };
  // Backlog first, then live: both run synchronously here, so no notification falls between them.
  for (const n of provider.notificationsAfter(resume.data).items) send(n);
  const stop = provider.onNotification(send);
  res.on('close', stop);
}

/** Starts an HTTP simulator; throws on a bad fault spec. */
export async function startPaymentSimulator(options: PaymentSimulatorOptions): Promise<PaymentSimulator> {
  const provider = createPaymentProvider(options);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://sim');
        const method = req.method ?? 'GET';
        if (method === 'GET' && url.pathname === '/notifications/stream') {
          streamNotifications(provider, req, res, url);
          return;
        }
        let body: unknown = undefined;
        try {
          body = chunks.length === 0 ? undefined : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad json' }));
          return;
        }
        const reply = (r: ProviderAnswer): void => {
          res.writeHead(r.code, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
        };
        if (url.pathname.startsWith('/sim/')) {
          reply(control(provider, method, url.pathname, body));
          return;
        }
        const route = routeOf(method, url, body);
        if (route === null) {
          reply({ code: 404, body: { error: 'not found' } });
          return;
        }
        const decision = route.op === 'notifications' ? { action: 'none' as const, latencyMs: 0 } : provider.decide();
        if (decision.latencyMs > 0) await sleep(decision.latencyMs);
        if (decision.action === 'timeout') return; // never answered, never handled
        const r = provider.handle(route.op, route.input, decision.action === 'decline');
        if (decision.action === 'unknown') {
          req.socket.destroy(); // handled and committed, the answer lost
          return;
        }
        reply(r);
      })();
    });
  });
  const listening = await listenLocal(server, options.port ?? 0);
  return simulatorHandle(provider, `http://127.0.0.1:${String(listening.port)}`, listening.close);
}
