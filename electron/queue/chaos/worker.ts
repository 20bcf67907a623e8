/**
 * The chaos run's terminal: a real process on its own SQLite file (kept across trials) that
 * settles a stream of visits at the counter and runs the uploader beside it, until the parent
 * kills it with SIGKILL. It reports the moments a kill matters on stdout, one line each:
 * `ready`, `send <infno>` (a message committed in flight and leaving), `tx` (inside a write
 * transaction, held there for a moment when `stall` is on, so the kill lands mid-transaction).
 *
 * Usage: node worker.mjs '<json options>' (see WorkerOptions). Exits 0 after `maxRunMs`, or 1
 * on any unexpected error — a killed worker is the only expected way to stop mid-work.
 */
import { z } from 'zod';
import { openStore } from '../../../db/store.js';
import { fileKeyProvider } from '../../../db/key-provider.js';
import { seededRandom } from '../../center/sim/faults.js';
import { resolveQueueConfig } from '../config.js';
import { createQueueContext } from '../context.js';
import { settleAtCounter } from '../counter.js';
import { acquireQueueLock } from '../lock.js';
import { createUploader } from '../uploader.js';
import { residents } from './residents.js';
import { CHAOS_FIXMEDINS, chaosVisit } from './workload.js';
import { chaosCheckouts, payOneVisit } from './pay-counter.js';

const optionsSchema = z.object({
  db: z.string(),
  keyFile: z.string(),
  url: z.string(),
  seed: z.number().int().nonnegative(),
  stall: z.boolean().default(false),
  stallMs: z.number().int().nonnegative().default(40),
  timeoutMs: z.number().int().positive().default(300),
  maxRunMs: z.number().int().positive().default(20_000),
  config: z.unknown().optional(),
  /** Copies of the demo resident to settle for (the center must know them: residents.ts). */
  copies: z.number().int().nonnegative().default(0),
  /** Payments take part: every visit is paid through the payment simulators first (pay-counter.ts). */
  payments: z.object({ scanUrl: z.string(), cardUrl: z.string(), timeoutMs: z.number().int().positive().optional() }).optional(),
});
/** What the parent passes. */
export type WorkerOptions = z.input<typeof optionsSchema>;

const say = (line: string): void => {
  // Pipes are written synchronously on Linux: the parent sees the line before the next step runs.
  process.stdout.write(`${line}\n`);
};

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

async function main(): Promise<void> {
  const options = optionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const lock = acquireQueueLock(options.db);
  if (!lock.ok) throw new Error(lock.error.en);
  const store = openStore(options.db, fileKeyProvider(options.keyFile));
  if (options.stall) {
    // TEMP triggers live in this connection only: the schema file is untouched.
    const cell = new Int32Array(new SharedArrayBuffer(4));
    store.db.function('chaos_stall', () => {
      say('tx');
      Atomics.wait(cell, 0, 0, options.stallMs);
      return null;
    });
    const tables = [
      ['settlements', 'INSERT'],
      ['settlements', 'UPDATE'],
      ['outbox', 'INSERT'],
      ['outbox', 'UPDATE'],
    ] as const;
    const payTables = [
      ['checkouts', 'UPDATE'],
      ['payments', 'INSERT'],
      ['payments', 'UPDATE'],
      ['payment_refunds', 'UPDATE'],
    ] as const;
    for (const [table, event] of options.payments === undefined ? tables : [...tables, ...payTables]) {
      store.db.exec(`CREATE TEMP TRIGGER chaos_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table} BEGIN SELECT chaos_stall(); END;`);
    }
  }
  const config = resolveQueueConfig(options.config ?? {});
  if (!config.ok) throw new Error(config.error.en);
  const random = seededRandom(options.seed);
  const ctx = createQueueContext({
    store,
    centerUrl: options.url,
    identity: {
      fixmedins_code: CHAOS_FIXMEDINS,
      fixmedins_name: '宁波演示医院',
      mdtrtarea_admvs: '330200',
      recer_sys_code: 'MEDSETTLE',
      infver: 'V1.0',
      opter_type: '1',
      opter: 'chaos',
      opter_name: '混沌测试',
    },
    signIn: { opter_no: 'chaos', mac: '00-00-00-00-00-00', ip: '127.0.0.1' },
    config: config.value,
    random,
    timeoutMs: options.timeoutMs,
    hooks: {
      beforeSend: (row) => {
        say(`send ${row.infno}`);
      },
    },
  });
  const uploader = createUploader(ctx, { actor: 'chaos-uploader' });
  uploader.recover();
  const checkouts = options.payments === undefined ? undefined : chaosCheckouts(store, ctx, options.payments, say);
  // The terminal's boot: payments left by the last kill are resumed or compensated first.
  if (checkouts) await checkouts.recover();
  say('ready');
  const until = Date.now() + options.maxRunMs;
  const persons = residents(options.copies);

  const counter = async (): Promise<void> => {
    while (Date.now() < until) {
      if (checkouts) {
        say(await payOneVisit(checkouts, chaosVisit(random, persons), random));
        await sleep(Math.floor(random() * 20));
        continue;
      }
      const r = await settleAtCounter(ctx, chaosVisit(random, persons));
      say(r.ok ? `receipt ${r.value.status}` : `refused ${r.error.code}`);
      await sleep(Math.floor(random() * 20));
    }
  };
  const upload = async (): Promise<void> => {
    while (Date.now() < until) {
      const pass = await uploader.runPass();
      if (checkouts && random() < 0.2) await checkouts.sweep();
      if (pass.unreachable || pass.sent + pass.queried === 0) await sleep(30);
    }
  };
  await Promise.all([counter(), upload()]);
  ctx.client.close();
  store.db.close();
  lock.value.release();
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
