/**
 * Queue bench (issue 4): draining 10,000 queued provisional settlements of 50 patients through
 * the uploader (default settings: 4 lanes, one person's messages in order) against the center
 * simulator without faults, in its own process as a real center is, over keep-alive HTTP.
 * Baseline from the same run and the same simulator: its own capacity, 2207s per second through
 * the typed client with 16 in flight (the center suite's probe), and one at a time for context.
 * Goal: drain ≥ 0.5 of the capacity.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { settle } from '../../settlement/index.js';
import { fileKeyProvider } from '../../db/key-provider.js';
import { insertSettlementWithOutbox } from '../../db/settlements.js';
import { openStore, type Store } from '../../db/store.js';
import { resolveQueueConfig } from '../../electron/queue/config.js';
import { createQueueContext } from '../../electron/queue/context.js';
import { toPayload } from '../../electron/queue/payload.js';
import { centerSettleInput, requestViewSchema } from '../../electron/queue/settle-input.js';
import { createUploader } from '../../electron/queue/uploader.js';
import { demoIdentity } from '../../test/support/center/fixtures.js';
import { visitRequest } from '../../test/support/queue/rig.js';
import { residents } from '../../electron/queue/chaos/residents.js';
import type { BenchResult, BenchSuite } from '../run.js';
import { measureSimulatorCapacity } from './center.js';

/** 10,000 by default; BENCH_QUEUED=N for a quicker look. */
const QUEUED = Number(process.env.BENCH_QUEUED ?? 10_000);
const CAPACITY_CALLS = 2_000;
/** The backlog spreads over this many patients (a pharmacy's day after an outage), round robin. */
const PERSONS = 50;
const CONCURRENCY = 16;

/** Starts the simulator (with the resident's copies) as its own process and reads its URL. */
async function spawnSimulator(dbPath: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['bench/support/queue-center.ts', dbPath, String(PERSONS - 1)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let url: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    url = /^center-sim listening (\S+)$/.exec(line)?.[1];
    if (url !== undefined) break;
  }
  if (url === undefined) throw new Error('center-sim did not print its URL');
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Writes `n` provisional settlements with their messages, as the counter does offline (one commit). */
function enqueue(store: Store, n: number): void {
  const persons = residents(PERSONS - 1);
  const prepared = persons.map((p) => {
    const base = visitRequest({ psnNo: p.psn_no });
    const req = { ...base, certificate: { mdtrt_cert_type: '03' as const, mdtrt_cert_no: p.card_no } };
    const outcome = settle(req.request);
    if (!outcome.ok) throw new Error(outcome.error.en);
    const view = requestViewSchema.parse(req.request);
    const payload = toPayload({ v: 1, insuplc_admdvs: '330200', input: centerSettleInput('2207', view, outcome.value, req.certificate, req.begntime ?? '2025-03-01 09:30:00') });
    return { req, result: outcome.value, payload };
  });
  const now = new Date();
  store.db.transaction(() => {
    for (let i = 0; i < n; i += 1) {
      const p = prepared[i % prepared.length];
      if (!p) throw new Error('no person');
      insertSettlementWithOutbox(
        store,
        { state: 'provisional', fixmedinsCode: demoIdentity.fixmedins_code, infno: '2207', actor: 'bench', request: p.req.request, result: p.result, person: p.req.person ?? {}, outbox: { payload: p.payload } },
        now,
      );
    }
  })();
}

async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-queue-'));
  const sim = await spawnSimulator(path.join(dir, 'center.sqlite'));
  const store = openStore(path.join(dir, 'terminal.sqlite'), fileKeyProvider(path.join(dir, 'keys', 'data.key')));
  try {
    // The center suite's probe (its own institution code, so its msgids never meet ours).
    await measureSimulatorCapacity(sim.url, 300, 1); // warm-up: JIT, page cache, keep-alive sockets
    const sequential = await measureSimulatorCapacity(sim.url, CAPACITY_CALLS, 1);
    const concurrent = await measureSimulatorCapacity(sim.url, CAPACITY_CALLS, CONCURRENCY);

    enqueue(store, QUEUED);
    const config = resolveQueueConfig({});
    if (!config.ok) throw new Error(config.error.en);
    const ctx = createQueueContext({
      store,
      centerUrl: sim.url,
      identity: demoIdentity,
      signIn: { opter_no: 'bench', mac: '00-00-00-00-00-00', ip: '127.0.0.1' },
      config: config.value,
      timeoutMs: 30_000,
    });
    const uploader = createUploader(ctx, { actor: 'bench' });
    const started = performance.now();
    const report = await uploader.drain({ ignoreSchedule: true, deadlineMs: 30 * 60_000 });
    const seconds = (performance.now() - started) / 1000;
    ctx.client.close();
    if (!report.finished || report.settled !== QUEUED) throw new Error(`drain did not finish: ${JSON.stringify(report)}`);
    const throughput = QUEUED / seconds;
    return [
      {
        suite: 'queue',
        name: `drain of ${QUEUED} queued settlements (settlements/s)`,
        value: throughput,
        unit: 'settlements/s',
        baseline: concurrent,
        baselineName: `simulator capacity, ${CONCURRENCY} in flight`,
        goal: { op: '>=', limit: 0.5, on: 'ratio' },
        note: `${seconds.toFixed(1)} s; ${report.adjustments} adjustments`,
      },
      {
        suite: 'queue',
        name: `drain of ${QUEUED} queued settlements vs one-at-a-time capacity`,
        value: throughput,
        unit: 'settlements/s',
        baseline: sequential,
        baselineName: 'simulator capacity, one at a time',
        note: 'what one lane could reach at best',
      },
    ];
  } finally {
    store.db.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = { name: 'queue: uploader drain against the simulator', run };
export default suite;
