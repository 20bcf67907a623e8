/**
 * The crash test: a center simulator with faults on (in this process, its own SQLite file), and a
 * real terminal process (worker.ts, its own SQLite file kept across trials) settling and uploading
 * against it over HTTP. Each trial starts the worker and kills it with SIGKILL at a seeded moment:
 * after a random time, right as a message leaves (`send`), or inside a write transaction (`tx`).
 * Some trials run with the center down. Then faults go off, the queue is drained to the end, and
 * the two ledgers are compared (compare-ledgers.ts).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyAuditChain } from '../../../db/audit.js';
import { fileKeyProvider } from '../../../db/key-provider.js';
import { openStore } from '../../../db/store.js';
import { NO_FAULTS, parseFaults, seededRandom, startCenterSimulator } from '../../center/sim/index.js';
import { resolveQueueConfig, type QueueConfigInput } from '../config.js';
import { createQueueContext } from '../context.js';
import { acquireQueueLock } from '../lock.js';
import { createUploader, type DrainReport } from '../uploader.js';
import { compareLedgers, type LedgerComparison } from './compare-ledgers.js';
import type { WorkerOptions } from './worker.js';
import { simConfigWithResidents } from './residents.js';
import { CHAOS_FIXMEDINS } from './workload.js';
import { startPinPadSimulator } from '../../payments/sim/pinpad-tcp.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../payments/sim/server.js';
import { comparePayments, type PaymentsComparison } from './compare-payments.js';
import { chaosCheckouts } from './pay-counter.js';

/** The default faults: every kind at once (drift makes every provisional settlement differ). */
export const CHAOS_FAULTS = 'latency=0-20,5xx=0.04,drop=0.04,timeout=0.03,commit-lose=0.06,dup=0.04,drift=0.01';

/** The worker's queue settings: tight backoff so a short trial gets work done; real limits. */
export const CHAOS_QUEUE_CONFIG: QueueConfigInput = {
  offline: { maxPerSettlement: '2000.00', maxOutstandingAmount: '20000.00', maxOutstandingCount: 40, maxOldestAgeHours: 72 },
  backoff: { baseMs: 20, maxMs: 400 },
  probeIntervalMs: 300,
  idleMs: 100,
};

/** The payment simulators' default faults: declined, timeout, unknown outcome, duplicate notifications, slow. */
export const CHAOS_PAY_FAULTS = 'decline=0.05,timeout=0.04,unknown=0.06,dup=0.3,latency=0-8';

/** Copies of the demo resident the chaos terminal also settles for: several persons, several lanes. */
export const CHAOS_COPIES = 5;

/** How to run. */
export type ChaosOptions = {
  trials: number;
  seed?: number;
  faults?: string;
  /** Share of trials run with the center down. */
  offlineShare?: number;
  /** Longest random run before a `time` kill, ms. */
  maxKillDelayMs?: number;
  /** Keep the temp directory (databases) for inspection. */
  keep?: boolean;
  log?: (line: string) => void;
  /** Payments take part: each visit is paid through the scan / PIN-pad simulators first. */
  payments?: boolean;
  /** The payment simulators' faults (default CHAOS_PAY_FAULTS). */
  payFaults?: string;
};

/** What happened. */
export type ChaosResult = LedgerComparison & {
  trials: number;
  kills: Record<KillMode, number>;
  /** Trials whose worker stopped on its own (an error: only SIGKILL may stop it). */
  workerErrors: string[];
  drain: DrainReport;
  auditOk: boolean;
  elapsedMs: number;
  dir: string;
  /** The payments verdict, when payments took part. */
  payments?: PaymentsComparison;
};

type KillMode = 'time' | 'send' | 'tx' | 'pay' | 'fallback';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WORKER_TS = path.join(ROOT, 'electron/queue/chaos/worker.ts');

/** The command that starts a worker: a prebuilt bundle when esbuild is there (fast start), else tsx. */
async function workerCommand(log: (line: string) => void): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    const outDir = path.join(ROOT, 'node_modules/.cache/medsettle-chaos');
    mkdirSync(outDir, { recursive: true });
    const result = await esbuild.build({
      entryPoints: [WORKER_TS],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      external: ['better-sqlite3'],
      logLevel: 'silent',
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    const code = result.outputFiles[0]?.text;
    if (code === undefined) throw new Error('esbuild produced nothing');
    const file = path.join(outDir, `worker-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.mjs`);
    // Named by content: an unchanged worker is built once, and a changed one never runs stale.
    if (!existsSync(file)) writeFileSync(file, code);
    return [file];
  } catch (cause) {
    log(`chaos: no worker bundle (${cause instanceof Error ? cause.message : String(cause)}); starting it with tsx`);
    return ['--import', 'tsx', WORKER_TS];
  }
}

/** Runs one trial: start the worker, kill it at the chosen moment, wait for it to be gone. */
function trial(
  command: readonly string[],
  options: WorkerOptions,
  mode: Exclude<KillMode, 'fallback'>,
  nth: number,
  delayMs: number,
): Promise<{ killedBy: KillMode; error: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...command, JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let killedBy: KillMode | null = null;
    let seen = 0;
    let buffer = '';
    let stderr = '';
    const kill = (why: KillMode): void => {
      if (killedBy !== null) return;
      killedBy = why;
      clearTimeout(fallback);
      child.kill('SIGKILL');
    };
    const fallback = setTimeout(() => {
      kill('fallback');
    }, 2_000 + delayMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (line === 'ready' && mode === 'time') {
          setTimeout(() => {
            kill('time');
          }, delayMs);
        } else if (
          (mode === 'send' && line.startsWith('send ')) ||
          (mode === 'tx' && line === 'tx') ||
          // Around a payment: as it leaves, between paid and settling, as settling starts, as a refund leaves.
          (mode === 'pay' && /^(pay|paid|settling|refund) /.test(line))
        ) {
          seen += 1;
          if (seen >= nth) kill(mode);
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(fallback);
      const error = signal === 'SIGKILL' && killedBy !== null ? null : `worker exited with ${code ?? signal ?? '?'}: ${stderr.slice(-2_000)}`;
      resolve({ killedBy: killedBy ?? 'fallback', error });
    });
  });
}

/** Runs the whole crash test and compares the ledgers. */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const seed = options.seed ?? 20_250_301;
  const faults = parseFaults(`${options.faults ?? CHAOS_FAULTS},seed=${seed}`);
  if (!faults.ok) throw new Error(faults.error.en);
  const dir = mkdtempSync(path.join(tmpdir(), 'medsettle-chaos-'));
  const db = path.join(dir, 'terminal.sqlite');
  const keyFile = path.join(dir, 'keys', 'data.key');
  const sim = await startCenterSimulator({ dbPath: path.join(dir, 'center.sqlite'), faults: faults.value, config: simConfigWithResidents(CHAOS_COPIES), log: () => undefined });
  if (!sim.ok) throw new Error(sim.error.en);
  const center = sim.value;
  const command = await workerCommand(log);
  const kills: Record<KillMode, number> = { time: 0, send: 0, tx: 0, pay: 0, fallback: 0 };
  const paySims: PaymentSimulator[] = [];
  if (options.payments === true) {
    const faultsSpec = `${options.payFaults ?? CHAOS_PAY_FAULTS},seed=${String(seed)}`;
    // The patient acts at once (scans the QR, enters the PIN): the faults decide the rest. The
    // scan gateway speaks HTTP, the PIN pad its TCP line protocol, as at a real counter.
    const patient = { faults: faultsSpec, auto: { approve: true, delayMs: 3 } };
    paySims.push(await startPaymentSimulator({ kind: 'scan', ...patient }), await startPinPadSimulator(patient));
  }
  const [scanSim, cardSim] = paySims;
  const payments = scanSim && cardSim ? { scanUrl: scanSim.url, cardUrl: cardSim.url } : undefined;
  const workerErrors: string[] = [];
  const random = seededRandom(seed);
  try {
    for (let i = 0; i < options.trials; i += 1) {
      const offline = random() < (options.offlineShare ?? 0.15);
      const r = random();
      // With the center down nothing is sent, so an offline trial is killed by time or mid-transaction.
      const mode: Exclude<KillMode, 'fallback'> =
        payments !== undefined && r < 0.35 ? 'pay' : offline ? (r < 0.5 ? 'time' : 'tx') : r < 0.4 ? 'time' : r < 0.7 ? 'send' : 'tx';
      const nth = 1 + Math.floor(random() * (mode === 'tx' ? 8 : 4));
      const delayMs = Math.floor(random() * (options.maxKillDelayMs ?? 600));
      if (offline) await center.setOnline(false);
      const outcome = await trial(
        command,
        { db, keyFile, url: center.url, seed: seed + i, stall: mode === 'tx', config: CHAOS_QUEUE_CONFIG, copies: CHAOS_COPIES, ...(payments === undefined ? {} : { payments }) },
        mode,
        nth,
        delayMs,
      );
      if (offline) await center.setOnline(true);
      kills[outcome.killedBy] += 1;
      if (outcome.error !== null) workerErrors.push(`trial ${i + 1}: ${outcome.error}`);
      if ((i + 1) % 25 === 0) log(`chaos: ${i + 1}/${options.trials} trials, ledger ${center.ledger().length} rows`);
    }

    // Faults off, the center up: drain what the killed terminal left, then compare.
    await center.setFaults(NO_FAULTS);
    const lock = acquireQueueLock(db);
    if (!lock.ok) throw new Error(lock.error.en);
    const store = openStore(db, fileKeyProvider(keyFile));
    const config = resolveQueueConfig(CHAOS_QUEUE_CONFIG);
    if (!config.ok) throw new Error(config.error.en);
    const ctx = createQueueContext({
      store,
      centerUrl: center.url,
      identity: { fixmedins_code: CHAOS_FIXMEDINS, fixmedins_name: '宁波演示医院', mdtrtarea_admvs: '330200', recer_sys_code: 'MEDSETTLE', infver: 'V1.0', opter_type: '1', opter: 'chaos', opter_name: '混沌测试' },
      signIn: { opter_no: 'chaos', mac: '00-00-00-00-00-00', ip: '127.0.0.1' },
      config: config.value,
      random: seededRandom(seed + 1),
      timeoutMs: 2_000,
    });
    const uploader = createUploader(ctx, { actor: 'chaos-final-drain' });
    uploader.recover();
    const drain = await uploader.drain({ ignoreSchedule: true, deadlineMs: 120_000 });
    const comparison = compareLedgers(store.db, center.ledger(), CHAOS_FIXMEDINS);
    let paymentsVerdict: PaymentsComparison | undefined;
    if (payments !== undefined && scanSim && cardSim) {
      // The terminal's boot after the last kill, faults off: resume or compensate, retry refunds until done.
      for (const sim of paySims) sim.setFaults('');
      const checkouts = chaosCheckouts(store, undefined, payments, () => undefined);
      await checkouts.recover();
      for (let pass = 0; pass < 20 && (await checkouts.sweep()).openRefunds > 0; pass += 1) await new Promise((r) => setTimeout(r, 20));
      const scan = scanSim.ledger();
      const card = cardSim.ledger();
      paymentsVerdict = comparePayments(store.db, { payments: [...scan.payments, ...card.payments], refunds: [...scan.refunds, ...card.refunds] });
    }
    const auditOk = verifyAuditChain(store.db).ok;
    ctx.client.close();
    store.db.close();
    lock.value.release();
    return { ...comparison, trials: options.trials, kills, workerErrors, drain, auditOk, elapsedMs: performance.now() - started, dir, ...(paymentsVerdict ? { payments: paymentsVerdict } : {}) };
  } finally {
    await Promise.all(paySims.map((s) => s.close()));
    await center.close();
    if (options.keep !== true) rmSync(dir, { recursive: true, force: true });
  }
}

/** The last line `npm run -s chaos` prints. */
export function chaosLine(r: Pick<ChaosResult, 'trials' | 'lost' | 'duplicated' | 'mismatched' | 'payments'>): string {
  const line = `trials=${r.trials} lost=${r.lost} duplicated=${r.duplicated} mismatched=${r.mismatched}`;
  return r.payments ? `${line} unpaid=${String(r.payments.unpaid)} double_charged=${String(r.payments.doubleCharged)}` : line;
}
