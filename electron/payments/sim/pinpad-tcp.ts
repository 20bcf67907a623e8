/**
 * The bank-card PIN-pad simulator over TCP, the way an external POS terminal (银联 / POS通 style)
 * is reached: a socket server on 127.0.0.1 (random port, URL `tcp://127.0.0.1:<port>`) over the
 * same state machine as the HTTP simulator (provider.ts), so payments, refunds, idempotency and
 * faults mean exactly the same.
 *
 * The line protocol: one JSON object per UTF-8 line, `\n` terminated, at most PINPAD_MAX_LINE
 * bytes (adapters/pinpad-line.ts; a longer line is answered with an error and skipped up to its end).
 * - request: `{"rid":"<1..64 chars>","op":"PAY"|"QUERY"|"CLOSE"|"REFUND"|"NOTES", ...fields}`
 *   with the HTTP API's fields: PAY `key, amount_fen, code?`; QUERY / CLOSE `key`;
 *   REFUND `rkey, pay_key, amount_fen`; NOTES `after` (missed notifications after seq N).
 * - answer: `{"rid":<the request's>, ...the HTTP API's body}`, in any order on the connection;
 *   a refusal or a garbage line: `{"rid":<id or null>,"error":"…"}` (the connection stays up).
 * - pushed, unsolicited, to every connected client when a payment becomes paid or declined:
 *   `{"push":"notification","seq":N,"id":"bankcard-N","key":"…","status":"paid"|"declined"}`;
 *   and once on connecting, `{"push":"hello","seq":N,"log":"<id>"}`: the log's end and its id
 *   (a restarted pad has a new log id and starts again at 1).
 * NOTES answers at most PINPAD_NOTES_PAGE items and a `next` cursor to ask after. Faults
 * (faults.ts) apply to PAY, QUERY, CLOSE and REFUND exactly as over HTTP: decline, latency,
 * timeout (never answered, never handled), unknown (handled, then the socket destroyed before
 * the answer); dup pushes (and logs) a notification twice. Control (act, faults, auto, ledger) is
 * in-process only, through the returned PaymentSimulator: the chaos parent and the training UI
 * hold the simulator, and the chaos terminals only pay. Training and tests only.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';
import { lineReader, PINPAD_MAX_LINE, toLine } from '../adapters/pinpad-line.js';
import { listenLocal } from './listen.js';
import { createPaymentProvider, simulatorHandle, type PaymentProvider, type PaymentSimulator, type PaymentSimulatorOptions, type ProviderOp } from './provider.js';

/** The most notifications one NOTES answer carries (keeps answers within a line). */
export const PINPAD_NOTES_PAGE = 20;

const requestLine = z.object({ rid: z.string().min(1).max(64), op: z.enum(['PAY', 'QUERY', 'CLOSE', 'REFUND', 'NOTES']) }).loose();
const OPS: Record<z.infer<typeof requestLine>['op'], ProviderOp> = { PAY: 'pay', QUERY: 'query', CLOSE: 'close', REFUND: 'refund', NOTES: 'notifications' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Serves one connection: requests in, answers and pushes out. */
function serveConnection(provider: PaymentProvider, logId: string, socket: net.Socket): void {
  const send = (message: Record<string, unknown>): void => {
    if (!socket.destroyed && socket.writable) socket.write(toLine(message));
  };
  // The greeting: where the notification log stands, so a client knows what "from now" is.
  send({ push: 'hello', seq: provider.lastSeq(), log: logId });
  const stopPush = provider.onNotification((n) => {
    send({ push: 'notification', ...n });
  });
  socket.on('close', stopPush);
  socket.on('error', () => {
    // A client that vanished: 'close' follows and unsubscribes; nothing to answer to.
    socket.destroy();
  });

  const onLine = async (line: string): Promise<void> => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line) as unknown;
    } catch {
      send({ rid: null, error: 'not a JSON line' });
      return;
    }
    const head = requestLine.safeParse(raw);
    if (!head.success) {
      const rid = z.object({ rid: z.string().max(64) }).safeParse(raw);
      send({ rid: rid.success ? rid.data.rid : null, error: 'expected {"rid","op":"PAY|QUERY|CLOSE|REFUND|NOTES",…}' });
      return;
    }
    const { rid, op } = head.data;
    if (op === 'NOTES') {
      const after = z.object({ after: z.number().int().nonnegative().default(0) }).safeParse(raw);
      if (!after.success) send({ rid, error: 'bad notifications request' });
      else send({ rid, ...provider.notificationsAfter(after.data.after, PINPAD_NOTES_PAGE) });
      return;
    }
    const decision = provider.decide();
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.action === 'timeout') return; // never answered, never handled
    const r = provider.handle(OPS[op], raw, decision.action === 'decline');
    if (decision.action === 'unknown') {
      socket.destroy(); // handled and committed, the answer lost
      return;
    }
    send({ rid, ...r.body });
  };
  socket.on(
    'data',
    lineReader(
      PINPAD_MAX_LINE,
      (line) => void onLine(line),
      () => {
        send({ rid: null, error: `line longer than ${String(PINPAD_MAX_LINE)} bytes` });
      },
    ),
  );
}

/** Starts the TCP PIN-pad simulator (kind `bankcard`); throws on a bad fault spec. */
export async function startPinPadSimulator(options: Omit<PaymentSimulatorOptions, 'kind'>): Promise<PaymentSimulator> {
  const provider = createPaymentProvider({ ...options, kind: 'bankcard' });
  // A restarted pad starts a new log under a new id, so a client knows its cursor means nothing there.
  const logId = randomUUID();
  const server = net.createServer((socket) => {
    serveConnection(provider, logId, socket);
  });
  const listening = await listenLocal(server, options.port ?? 0);
  return simulatorHandle(provider, `tcp://127.0.0.1:${String(listening.port)}`, listening.close);
}
