/**
 * Payments' periodic sweep (every 5 s on a terminal) against the history it must not read: the
 * sweep over a store holding 20,000 settled, fully paid checkouts, against the same sweep over an
 * empty one in the same run (alternating, medians). It selects only what needs it (open refunds,
 * voided settlements, open adjustments, settling checkouts), by index and joins. Goal: flat, a
 * ratio ≤ 2 (reading the whole history would be hundreds of times slower).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeStore, fileKeyProvider, openStore, type Store } from '../../db/index.js';
import { insertCheckout, insertPayment, updateCheckout } from '../../db/payments.js';
import { cashAdapter } from '../../electron/payments/adapters/cash.js';
import { createCheckouts } from '../../electron/payments/checkout.js';
import type { BenchResult, BenchSuite } from '../run.js';

const HISTORY = 20_000;
const RUNS = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** A store in a temp folder; with `history` settled, paid checkouts (their settlements left out: foreign keys off). */
function storeWith(history: number): { store: Store; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'medsettle-bench-sweep-'));
  const store = openStore(path.join(dir, 's.sqlite'), fileKeyProvider(path.join(dir, 'k.key')));
  store.db.pragma('foreign_keys = OFF');
  const now = new Date('2026-11-28T02:00:00Z').toISOString();
  store.db.transaction(() => {
    for (let i = 0; i < history; i += 1) {
      const c = insertCheckout(store.db, { ckey: `bench-${String(i).padStart(8, '0')}`, order: { i }, how: null, tender: 'cash', actor: 'bench', amountDue: 1250 }, now);
      insertPayment(store.db, { checkoutId: c.id, pkey: `${c.ckey}-p1`, tender: 'cash', amount: 1250, state: 'paid', tendered: 1250, change: 0 }, now);
      updateCheckout(store.db, c.id, { state: 'settled', settlement_id: 100_000 + i, final_cash: 1250 }, now);
    }
  })();
  return { store, dir };
}

const suite: BenchSuite = {
  name: 'payments-sweep',
  async run(): Promise<BenchResult[]> {
    const empty = storeWith(0);
    const full = storeWith(HISTORY);
    try {
      const orchestrator = (store: Store) =>
        createCheckouts<unknown, null>({
          db: store.db,
          adapters: { cash: cashAdapter() },
          clock: () => new Date(),
          preSettle: () => Promise.resolve({ ok: true, value: { cashFen: 0 } }),
          settle: () => Promise.reject(new Error('the sweep never settles')),
        });
      const a = orchestrator(empty.store);
      const b = orchestrator(full.store);
      const emptyMs: number[] = [];
      const fullMs: number[] = [];
      for (let i = 0; i < RUNS + 2; i += 1) {
        let t = performance.now();
        await a.sweep();
        const x = performance.now() - t;
        t = performance.now();
        await b.sweep();
        const y = performance.now() - t;
        if (i >= 2) {
          // The first two rounds warm up (JIT, statement caches).
          emptyMs.push(x);
          fullMs.push(y);
        }
      }
      const result: BenchResult = {
        suite: 'payments-sweep',
        name: `the payments sweep over ${String(HISTORY)} settled checkouts`,
        value: median(fullMs),
        unit: 'ms',
        baseline: median(emptyMs),
        baselineName: 'the same sweep over an empty store',
        goal: { op: '<=', limit: 2, on: 'ratio' },
        note: `median of ${String(RUNS)}`,
      };
      return [result];
    } finally {
      closeStore(empty.store);
      closeStore(full.store);
      rmSync(empty.dir, { recursive: true, force: true });
      rmSync(full.dir, { recursive: true, force: true });
    }
  },
};
export default suite;
