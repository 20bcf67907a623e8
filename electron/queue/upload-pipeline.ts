/**
 * Sending pending settlement messages (2207/2102): in order, one message at a time, each committed
 * in flight before it leaves. Two things keep the terminal's own work off the critical path:
 *
 * - rows are marked in flight a few at a time (one durable commit for up to IN_FLIGHT_BATCH
 *   rows, once the pass has had an answer); a crash leaves them `unknown`, which resolution
 *   handles like any other (5203 → 2601), and a pass that stops early puts the unsent ones back
 *   to pending;
 * - the answer to one message is recorded while the next one is already on its way.
 *
 * The center sees the same sequence as with a plain loop: message N+1 leaves only after the
 * answer to N arrived.
 */
import { markOutboxInFlight, markOutboxRetry, markOutboxUnknown, type OutboxMessage } from '../../db/outbox.js';
import { backoffDelayMs } from './backoff.js';
import { readPayload } from './payload.js';
import { isSignInRefusal } from './sign-in.js';
import { atomically, quarantineRefused } from './steps.js';
import { sendRow } from './transmit.js';
import { centerMessage, notSentVerdict, quarantineUnreadable, record, type RowVerdict, type Turn } from './turn.js';

/** The next pending settlement row this pass may send after the current one, consumed; or none. */
export type TakeNext = () => OutboxMessage | undefined;

/** Rows marked in flight per commit. */
export const IN_FLIGHT_BATCH = 8;

const toIo = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** Sends pending settlement rows from `first` on, as long as `takeNext` gives more. */
export async function uploadSettlements(turn: Turn, first: OutboxMessage, takeNext: TakeNext): Promise<RowVerdict> {
  const { ctx } = turn;
  /** Rows taken for this run, in order; the first `marked` of them are committed in flight. */
  const queue: OutboxMessage[] = [first];
  let marked = 0;
  /** The previous row's outcome, committed while the next message travels. */
  let pending: (() => void) | null = null;
  const flush = (): void => {
    if (pending) {
      const commit = pending;
      pending = null;
      commit();
    }
  };
  /** Rows marked in flight but never sent go back to pending: they certainly did not arrive. */
  const release = (error: string): void => {
    const now = ctx.clock();
    const unsent = queue.slice(0, marked);
    if (unsent.length > 0) {
      atomically(ctx.store, () => {
        for (const r of unsent) markOutboxRetry(ctx.store, r.id, { error, nextAttemptAt: now, actor: turn.actor }, now);
      });
    }
    queue.length = 0;
    marked = 0;
  };

  try {
    for (;;) {
      const row = queue[0];
      if (row === undefined) return 'progress';
      const stored = readPayload(row);
      if (!stored) {
        queue.shift();
        if (marked > 0) {
          marked -= 1;
          markOutboxRetry(ctx.store, row.id, { error: 'unreadable payload', nextAttemptAt: ctx.clock(), actor: turn.actor }, ctx.clock());
        }
        quarantineUnreadable(turn, row);
        if (queue.length === 0) {
          const next = takeNext();
          if (next) queue.push(next);
        }
        continue;
      }
      if (marked === 0) {
        // The first message of a run goes alone: if the center is down, only one row was touched.
        const want = turn.tally.sent === 0 ? 1 : IN_FLIGHT_BATCH;
        while (queue.length < want) {
          const next = takeNext();
          if (!next) break;
          queue.push(next);
        }
        const batch = [...queue];
        const now = ctx.clock();
        atomically(ctx.store, () => {
          for (const r of batch) markOutboxInFlight(ctx.store, r.id, turn.actor, now);
        });
        marked = batch.length;
      }
      const infno = row.infno === '2102' ? '2102' : '2207';
      const sending = sendRow(ctx, ctx.store, row, infno, stored, turn.actor, { markInFlight: false });
      // Let the message leave, then commit the previous answer while this one travels.
      await toIo();
      flush();
      const sent = await sending;
      if (!sent.sent) {
        release(sent.error.en);
        return notSentVerdict(turn, row, sent);
      }
      queue.shift();
      marked -= 1;
      turn.tally.sent += 1;
      const r = sent.result;
      const now = ctx.clock();
      if (r.outcome === 'unreachable' || (r.outcome === 'rejected' && isSignInRefusal(r.err_msg))) {
        // Did not arrive, or refused before handling even after a fresh sign-in: try later.
        const delay = r.outcome === 'unreachable' ? backoffDelayMs(row.attempts + 1, ctx.random, ctx.config.backoff) : 0;
        markOutboxRetry(ctx.store, row.id, { error: r.error.en, nextAttemptAt: new Date(now.getTime() + delay), actor: turn.actor }, now);
        release(r.error.en);
        return 'stop';
      }
      pending = () => {
        if (r.outcome === 'ok') record(turn, row, { setlinfo: r.value.setlinfo, setldetail: r.value.setldetail });
        else if (r.outcome === 'unknown') markOutboxUnknown(ctx.store, row.id, { error: r.error.en, actor: turn.actor }, now);
        else {
          quarantineRefused(ctx.store, row, { error: r.error.en, centerMessage: centerMessage(r.err_msg, r.error), reason: 'center_rejected', actor: turn.actor, answered: true }, now);
          turn.tally.quarantined += 1;
        }
      };
      if (queue.length === 0) {
        const next = takeNext();
        if (next) queue.push(next);
      }
    }
  } finally {
    flush();
  }
}
