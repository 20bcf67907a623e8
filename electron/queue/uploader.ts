/**
 * The uploader: takes the outbox in order (oldest first), one row at a time, and brings every
 * settlement to a state the center confirmed. Restart-safe: `recover()` turns rows left in flight
 * by a crash into `unknown`, which are resolved by 5203/2601 and never resent under a new msgid.
 * Each row backs off exponentially with jitter; an unreachable center ends the pass (the
 * remaining rows wait for the next one). Time, randomness and sleeping are injected.
 */
import { z } from 'zod';
import { getOutboxMessage, recoverInFlight } from '../../db/outbox.js';
import { stmt } from '../../db/statements.js';
import { backoffDelayMs } from './backoff.js';
import type { QueueContext } from './context.js';
import { isSettlementMessage, processRow } from './row-steps.js';
import { emptyTally, type RowVerdict, type Tally } from './turn.js';
import { uploadPending } from './upload-pipeline.js';

/** What one pass did and what is left. */
export type PassReport = Tally & {
  /** The pass stopped because the center is unreachable. */
  unreachable: boolean;
  /** Rows still pending or unknown after the pass. */
  remaining: number;
  /** Of those, rows not due yet (backing off, or scheduled later). */
  waiting: number;
};

/** What a drain did in total. */
export type DrainReport = PassReport & { passes: number; finished: boolean; elapsedMs: number };

/** Options of a drain. */
export type DrainOptions = {
  /** Treat every row as due now, ignoring backoff schedules (an operator asked for it). */
  ignoreSchedule?: boolean;
  /** Stop at the first pass that finds the center unreachable (the CLI); else wait and retry. */
  stopOnUnreachable?: boolean;
  /** Give up after this much (clock) time. */
  deadlineMs?: number;
  maxPasses?: number;
  /** How to wait between passes; the default waits real time. Tests advance a fake clock. */
  sleep?: (ms: number) => Promise<void>;
};

/** The uploader over a queue context. */
export type Uploader = {
  /** Rows left in flight by a crash become unknown; call once at start, before any sending. */
  recover(): number[];
  /** One pass over the rows due now, in order. */
  runPass(options?: { ignoreSchedule?: boolean }): Promise<PassReport>;
  /** Passes until nothing is pending or unknown (or the deadline, or an unreachable center). */
  drain(options?: DrainOptions): Promise<DrainReport>;
};

const workRowSchema = z.array(
  z.object({ id: z.number().int(), infno: z.string(), state: z.string(), ref_outbox_id: z.number().int().nullable(), next_attempt_at: z.string(), psn_no: z.string().nullable() }),
);
type WorkRow = z.infer<typeof workRowSchema>[number];

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Creates an uploader; it skips rows the counter has claimed (`ctx.claims`). */
export function createUploader(ctx: QueueContext, options: { actor?: string } = {}): Uploader {
  const actor = options.actor ?? 'uploader';
  const claims = ctx.claims;
  /** In-memory backoff per work key (a settlement message, with its 2601 under the same key). */
  const backoff = new Map<number, { failures: number; until: number }>();

  function workRows(): WorkRow[] {
    return workRowSchema.parse(
      stmt(
        ctx.store.db,
        `SELECT o.id, o.infno, o.state, o.ref_outbox_id, o.next_attempt_at, s.psn_no
         FROM outbox o LEFT JOIN settlements s ON s.id = o.settlement_id
         WHERE o.state IN ('pending', 'unknown') ORDER BY o.id`,
      ).all(),
    );
  }

  const keyOf = (row: WorkRow): number => (row.infno === '2601' && row.ref_outbox_id !== null ? row.ref_outbox_id : row.id);

  function isDue(row: WorkRow, now: number, ignoreSchedule: boolean): boolean {
    if (claims.has(row.id)) return false;
    if (ignoreSchedule) return true;
    const b = backoff.get(keyOf(row));
    if (b && b.until > now) return false;
    return row.state !== 'pending' || Date.parse(row.next_attempt_at) <= now;
  }

  function fail(key: number, now: number): void {
    const failures = (backoff.get(key)?.failures ?? 0) + 1;
    backoff.set(key, { failures, until: now + backoffDelayMs(failures, ctx.random, ctx.config.backoff) });
  }

  async function runPass(passOptions: { ignoreSchedule?: boolean } = {}): Promise<PassReport> {
    const tally = emptyTally();
    const turn = { ctx, actor, tally };
    const seen = new Set<number>();
    let unreachable = false;
    const work = workRows();
    const ignoreSchedule = passOptions.ignoreSchedule === true;
    const due = (w: WorkRow): boolean => !seen.has(keyOf(w)) && isDue(w, ctx.clock().getTime(), ignoreSchedule);
    for (const w of work) {
      if (!due(w)) continue;
      let verdict: RowVerdict;
      const key = keyOf(w);
      if (isSettlementMessage(w.infno) && w.state === 'pending') {
        // Every due pending settlement message, oldest first, in lanes (upload-pipeline.ts).
        const batch = work.filter((c) => isSettlementMessage(c.infno) && c.state === 'pending' && due(c));
        for (const c of batch) seen.add(keyOf(c));
        verdict = await uploadPending(turn, batch.map((c) => ({ id: c.id, psnNo: c.psn_no ?? '' })), ctx.config.uploadLanes);
        if (verdict !== 'stop') for (const c of batch) backoff.delete(keyOf(c));
      } else {
        seen.add(key);
        // Read fresh: an earlier step may have moved this row (a 2601 handled with its original).
        const row = getOutboxMessage(ctx.store, w.id);
        if (row.state !== 'pending' && row.state !== 'unknown') continue;
        verdict = await processRow(turn, row, w.psn_no ?? '');
        if (verdict === 'progress') backoff.delete(key);
        else fail(key, ctx.clock().getTime());
      }
      if (verdict === 'stop') {
        unreachable = true;
        break;
      }
    }
    const left = workRows();
    const now = ctx.clock().getTime();
    return { ...tally, unreachable, remaining: left.length, waiting: left.filter((w) => !isDue(w, now, false)).length };
  }

  /** Milliseconds until the next row is due (bounded), for sleeping between passes. */
  function nextDueIn(): number {
    const now = ctx.clock().getTime();
    let soonest = Number.POSITIVE_INFINITY;
    for (const w of workRows()) {
      const b = backoff.get(keyOf(w));
      const at = Math.max(b?.until ?? 0, w.state === 'pending' ? Date.parse(w.next_attempt_at) : 0);
      soonest = Math.min(soonest, at - now);
    }
    return Math.max(0, Math.min(soonest, ctx.config.idleMs));
  }

  async function drain(drainOptions: DrainOptions = {}): Promise<DrainReport> {
    const sleep = drainOptions.sleep ?? realSleep;
    const started = ctx.clock().getTime();
    const deadline = started + (drainOptions.deadlineMs ?? 10 * 60_000);
    const maxPasses = drainOptions.maxPasses ?? 10_000;
    const total: DrainReport = { ...emptyTally(), unreachable: false, remaining: 0, waiting: 0, passes: 0, finished: false, elapsedMs: 0 };
    for (let pass = 0; pass < maxPasses; pass += 1) {
      const r = await runPass({ ignoreSchedule: drainOptions.ignoreSchedule === true && pass === 0 });
      total.passes += 1;
      for (const k of Object.keys(emptyTally()) as (keyof Tally)[]) total[k] += r[k];
      total.unreachable = r.unreachable;
      total.remaining = r.remaining;
      total.waiting = r.waiting;
      if (r.remaining === 0) {
        total.finished = true;
        break;
      }
      if (r.unreachable && drainOptions.stopOnUnreachable === true) break;
      if (ctx.clock().getTime() >= deadline) break;
      const progressed = r.sent + r.queried > 0;
      if (!progressed || r.unreachable) await sleep(r.unreachable ? ctx.config.idleMs : Math.max(nextDueIn(), 1));
    }
    total.elapsedMs = ctx.clock().getTime() - started;
    return total;
  }

  return {
    recover: () => recoverInFlight(ctx.store, actor, ctx.clock()),
    runPass,
    drain,
  };
}
