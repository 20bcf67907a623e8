/**
 * The chaos terminal's counter when payments take part: every visit goes through the payments
 * orchestrator (electron/payments/checkout.ts) — pre-settle with the local engine, collect the
 * patient's share by cash, scan-to-pay (merchant QR or the patient's code) or bank card through
 * the payment simulators (faults on), then settle at the counter through the queue. It reports
 * the moments a kill matters: `pay <key>` (a payment recorded and leaving), `paid <key>`
 * (between payment and settling), `settling <id>`, `refund <key>`.
 */
import { settle } from '../../../settlement/index.js';
import type { Store } from '../../../db/store.js';
import { yuanToFen } from '../../../db/fen.js';
import { cashAdapter } from '../../payments/adapters/cash.js';
import { adapterForAddress } from '../../payments/adapters/by-address.js';
import { createCheckouts, type Checkouts, type CheckoutView } from '../../payments/checkout.js';
import type { QueueContext } from '../context.js';
import { settleAtCounter, type CounterRequest } from '../counter.js';

/** Where the payment simulators are. */
export type ChaosPayments = { scanUrl: string; cardUrl: string; timeoutMs?: number };

/** The orchestrator over a chaos terminal's store (the worker's, and the final recovery's). */
export function chaosCheckouts(store: Store, ctx: QueueContext | undefined, pay: ChaosPayments, say: (line: string) => void): Checkouts<CounterRequest, null> {
  const timeoutMs = pay.timeoutMs ?? 250;
  return createCheckouts<CounterRequest, null>({
    db: store.db,
    adapters: {
      cash: cashAdapter(),
      // The addresses decide the adapters, as at boot: the PIN pad is tcp:// (its line protocol).
      scan: adapterForAddress('scan', pay.scanUrl, timeoutMs).adapter,
      bankcard: adapterForAddress('bankcard', pay.cardUrl, timeoutMs).adapter,
    },
    clock: () => new Date(),
    preSettle: (req) => {
      const r = settle(req.request, req.resolvePolicy);
      if (!r.ok) return Promise.resolve({ ok: false, error: { code: r.error.code, zh: r.error.zh, en: r.error.en } });
      if (!r.value.eligibility.eligible) return Promise.resolve({ ok: false, error: { code: 'NOT_COVERED', zh: '不能享受医保待遇', en: 'not covered' } });
      return Promise.resolve({ ok: true, value: { cashFen: yuanToFen(r.value.setlinfo.psn_cash_pay) } });
    },
    settle: async (req) => {
      if (ctx === undefined) return { ok: false, error: { code: 'NO_QUEUE', zh: '不能结算', en: 'cannot settle here' } };
      const r = await settleAtCounter(ctx, req);
      if (!r.ok) return { ok: false, error: { code: r.error.code, zh: r.error.zh, en: r.error.en } };
      return { ok: true, value: { settlementId: r.value.settlementId, cashFen: yuanToFen(r.value.amounts.psn_cash_pay), status: r.value.status, receipt: { msgid: r.value.msgid, status: r.value.status } } };
    },
    hooks: {
      beforePay: (key) => {
        say(`pay ${key}`);
      },
      paid: (key) => {
        say(`paid ${key}`);
      },
      beforeSettle: (id) => {
        say(`settling ${String(id)}`);
      },
      beforeRefund: (key) => {
        say(`refund ${key}`);
      },
    },
  });
}

const FINAL = new Set(['settled', 'refunded', 'cancelled']);
const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** One visit paid and settled (or given up and compensated) at the chaos counter. */
export async function payOneVisit(checkouts: Checkouts<CounterRequest, null>, req: CounterRequest, random: () => number): Promise<string> {
  const r = random();
  const tender = r < 0.3 ? 'cash' : r < 0.65 ? 'scan' : 'bankcard';
  const code = tender === 'scan' && random() < 0.3 ? `28${String(Math.floor(random() * 1e10)).padStart(10, '0')}` : undefined;
  const started = await checkouts.start({ order: req, how: null, tender, actor: 'chaos', ...(code === undefined ? {} : { code }) });
  if (!started.ok) return `refused ${started.error.code}`;
  let v: CheckoutView = started.value;
  const id = v.checkoutId;
  if (v.phase === 'awaiting_tender') {
    const extra = Math.floor(random() * 3) * 1000;
    const t = await checkouts.tender(id, 'cash', { tenderedFen: yuanToFen(v.amountDue) + extra });
    if (t.ok) v = t.value;
  }
  let retried = false;
  for (let i = 0; i < 60 && !FINAL.has(v.phase); i += 1) {
    if (v.phase === 'declined' && !retried) {
      retried = true;
      const t = await checkouts.tender(id, random() < 0.5 ? 'cash' : 'scan', {});
      if (t.ok) v = t.value;
      continue;
    }
    if (v.phase === 'declined') break;
    await sleep(5);
    const s = await checkouts.status(id);
    if (s.ok) v = s.value;
  }
  if (!FINAL.has(v.phase)) {
    const c = await checkouts.cancel(id);
    if (c.ok) v = c.value;
  }
  return `checkout ${v.phase}`;
}
