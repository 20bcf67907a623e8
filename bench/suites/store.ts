/**
 * Store bench (issue 4): a durable settlement commit — settlement + 10 fee lines + outbox row
 * (msgid issued, payload sealed and hashed) + audit row, in one IMMEDIATE transaction — against
 * a bare single-row insert on the same file with the same pragmas (WAL, synchronous=FULL), in
 * the same run, interleaved so both see the same disk. Goal: ratio ≤ 3.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settle } from '../../settlement/index.js';
import { openStore } from '../../db/store.js';
import { fileKeyProvider } from '../../db/key-provider.js';
import { insertSettlementWithOutbox, type NewSettlement } from '../../db/settlements.js';
import type { BenchResult, BenchSuite } from '../run.js';
import { demoRequest } from '../../test/unit/db/support.js';

const ROUNDS = 6;
const PER_ROUND = 150;
const WARMUP = 50;


const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/** Medians and p95s of both commits on a fresh file, with `synchronous` as given. */
function measure(synchronous: 'FULL' | 'OFF'): { durable: number[]; bare: number[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'medsettle-bench-'));
  try {
    const store = openStore(path.join(dir, 'bench.sqlite'), fileKeyProvider(path.join(dir, 'data.key')));
    store.db.pragma(`synchronous = ${synchronous}`);
    const req = demoRequest(10);
    const outcome = settle(req);
    if (!outcome.ok) throw new Error(`bench request refused: ${outcome.error.en}`);
    const input: NewSettlement = {
      state: 'provisional',
      fixmedinsCode: 'H33020000001',
      infno: '2207',
      actor: 'bench',
      request: req,
      result: outcome.value,
      person: { psn_name: '欧阳娜娜', certno: '440305199001011235' },
      outbox: {
        payload: {
          psn_no: '33020000000000000001',
          mdtrt_cert_type: '02',
          mdtrt_cert_no: '440305199001011235',
          medfee_sumamt: outcome.value.setlinfo.medfee_sumamt,
        },
      },
    };
    store.db.exec(
      'CREATE TABLE bench_bare (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, at TEXT NOT NULL) STRICT',
    );
    const bare = store.db.prepare('INSERT INTO bench_bare (amount, at) VALUES (?, ?)');
    let clock = Date.parse('2025-03-01T02:00:00Z');

    const bareOnce = (): number => {
      const t = process.hrtime.bigint();
      bare.run(1234, new Date(clock).toISOString());
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const durableOnce = (): number => {
      clock += 1000;
      const t = process.hrtime.bigint();
      insertSettlementWithOutbox(store, input, new Date(clock));
      return Number(process.hrtime.bigint() - t) / 1e6;
    };

    for (let i = 0; i < WARMUP; i += 1) {
      bareOnce();
      durableOnce();
    }
    const bareMs: number[] = [];
    const durableMs: number[] = [];
    // Interleaved rounds: a disk hiccup lands on both sides instead of skewing one.
    for (let r = 0; r < ROUNDS; r += 1) {
      for (let i = 0; i < PER_ROUND; i += 1) bareMs.push(bareOnce());
      for (let i = 0; i < PER_ROUND; i += 1) durableMs.push(durableOnce());
    }
    store.db.close();
    bareMs.sort((a, b) => a - b);
    durableMs.sort((a, b) => a - b);
    return { durable: durableMs, bare: bareMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function results(): BenchResult[] {
  const { durable: durableMs, bare: bareMs } = measure('FULL');
  // Informational: the same two commits without fsync, to show what the commit costs apart from the disk.
  const off = measure('OFF');
  const n = ROUNDS * PER_ROUND;
  return [
    {
      suite: 'store',
      name: 'durable settlement commit, median (settlement + 10 lines + outbox + audit, 1 txn)',
      value: percentile(durableMs, 0.5),
      unit: 'ms',
      baseline: percentile(bareMs, 0.5),
      baselineName: 'bare single-row insert, median',
      goal: { op: '<=', limit: 3, on: 'ratio' },
      note: `${n} commits each, WAL + synchronous=FULL, temp file in ${tmpdir()}`,
    },
    {
      suite: 'store',
      name: 'durable settlement commit, p95',
      value: percentile(durableMs, 0.95),
      unit: 'ms',
      baseline: percentile(bareMs, 0.95),
      baselineName: 'bare single-row insert, p95',
    },
    {
      suite: 'store',
      name: 'same commits with synchronous=OFF, median (informational: CPU and WAL writes without fsync)',
      value: percentile(off.durable, 0.5),
      unit: 'ms',
      baseline: percentile(off.bare, 0.5),
      baselineName: 'bare insert, synchronous=OFF',
    },
  ];
}

const suite: BenchSuite = {
  name: 'store (issue 4): durable settlement commit vs bare insert',
  run: () => Promise.resolve(results()),
};
export default suite;
