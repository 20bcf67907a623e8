/**
 * Sending pending settlement messages (2207/2102). Oldest first, and one person's messages
 * strictly one after another in their order: a person's account balance and year-to-date
 * accumulators at the center depend on that order. Different persons' messages travel side by
 * side in a few lanes (`uploadLanes`), which is what lets a backlog after an outage drain at the
 * center's pace rather than at the pace of one round trip.
 *
 * In each lane every message is committed in flight before it leaves, and two things keep the
 * terminal's own work off the critical path:
 * - rows are marked in flight a few at a time (one durable commit for up to IN_FLIGHT_BATCH rows,
 *   once the pass has had an answer); a crash leaves them `unknown`, which resolution handles like
 *   any other (5203 → 2601), and a lane that stops early puts its unsent ones back to pending;
 * - the answer to one message is recorded while the lane's next message is already on its way,
 *   and the answers of all lanes waiting at that moment are recorded in one transaction.
 */
import { getOutboxMessage, markOutboxInFlight, markOutboxRetry, markOutboxUnknown, type OutboxMessage } from '../../db/outbox.js';
import { backoffDelayMs } from './backoff.js';
import { readPayload } from './payload.js';
import { isSignInRefusal } from './sign-in.js';
import { atomically, quarantineRefused } from './steps.js';
import { sendRow } from './transmit.js';
import { centerMessage, notSentVerdict, quarantineUnreadable, record, type RowVerdict, type Turn } from './turn.js';

/** Rows marked in flight per commit. */
export const IN_FLIGHT_BATCH = 8;

/** A pending settlement row to send, with the person it is for. */
export type Candidate = { id: number; psnNo: string };

/** Hands rows to lanes: oldest first, a person's rows only ever to one lane at a time. */
type Dispatcher = {
  take(lane: number): OutboxMessage | undefined;
  /** The row's outcome is known (or it went back unsent): its person may move to another lane. */
  done(row: OutboxMessage): void;
  stop(): void;
};

function createDispatcher(ctx: Turn['ctx'], candidates: readonly Candidate[]): Dispatcher {
  const byPerson = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const q = byPerson.get(c.psnNo);
    if (q) q.push(c);
    else byPerson.set(c.psnNo, [c]);
  }
  const personOf = new Map<number, string>();
  const busy = new Map<string, { lane: number; count: number }>();
  let stopped = false;
  return {
    take(lane) {
      while (!stopped) {
        let best: Candidate[] | undefined;
        for (const [psnNo, q] of byPerson) {
          const b = busy.get(psnNo);
          const head = q[0];
          if (head === undefined || (b && b.lane !== lane)) continue;
          const bestHead = best?.[0];
          if (bestHead === undefined || head.id < bestHead.id) best = q;
        }
        const next = best?.shift();
        if (next === undefined) return undefined;
        const row = getOutboxMessage(ctx.store, next.id);
        // Read fresh: it may have moved since the pass listed it.
        if (row.state !== 'pending') continue;
        const b = busy.get(next.psnNo);
        if (b) b.count += 1;
        else busy.set(next.psnNo, { lane, count: 1 });
        personOf.set(row.id, next.psnNo);
        return row;
      }
      return undefined;
    },
    done(row) {
      const psnNo = personOf.get(row.id);
      if (psnNo === undefined) return;
      personOf.delete(row.id);
      const b = busy.get(psnNo);
      if (b && (b.count -= 1) <= 0) busy.delete(psnNo);
    },
    stop() {
      stopped = true;
    },
  };
}

const toIo = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/**
 * Answers waiting to be recorded, from every lane: once there is one per running lane, the lane
 * that notices records them all in one transaction (a group commit), so lanes share their fsyncs. A crash before the commit
 * leaves those rows in flight, which resolution turns into the same final records.
 */
type Recorder = {
  add(step: () => void): void;
  /** Commits the waiting answers once there is one per running lane (always when `force`). */
  flush(force?: boolean): void;
  laneStarted(): void;
  laneEnded(): void;
};

function createRecorder(turn: Turn): Recorder {
  let steps: (() => void)[] = [];
  let lanes = 0;
  return {
    add(step) {
      steps.push(step);
    },
    laneStarted() {
      lanes += 1;
    },
    laneEnded() {
      lanes -= 1;
    },
    flush(force = false) {
      if (steps.length === 0 || (!force && steps.length < lanes)) return;
      const batch = steps;
      steps = [];
      atomically(turn.ctx.store, () => {
        for (const step of batch) step();
      });
    },
  };
}

/** One lane: sends the rows the dispatcher gives it, one at a time. */
async function runLane(turn: Turn, source: Dispatcher, recorder: Recorder, lane: number): Promise<RowVerdict> {
  const { ctx } = turn;
  /** Rows taken by this lane, in order; the first `marked` of them are committed in flight. */
  const queue: OutboxMessage[] = [];
  let marked = 0;
  let answered = 0;
  recorder.laneStarted();
  /** Rows marked in flight but never sent go back to pending: they certainly did not arrive. */
  const release = (error: string): void => {
    const now = ctx.clock();
    const unsent = queue.slice(0, marked);
    if (unsent.length > 0) {
      atomically(ctx.store, () => {
        for (const r of unsent) markOutboxRetry(ctx.store, r.id, { error, nextAttemptAt: now, actor: turn.actor }, now);
      });
    }
    for (const r of queue) source.done(r);
    queue.length = 0;
    marked = 0;
  };

  try {
    for (;;) {
      if (queue.length === 0) {
        const next = source.take(lane);
        if (!next) return 'progress';
        queue.push(next);
      }
      const row = queue[0];
      if (row === undefined) return 'progress';
      const stored = readPayload(row);
      if (!stored) {
        queue.shift();
        if (marked > 0) {
          marked -= 1;
          markOutboxRetry(ctx.store, row.id, { error: 'unreadable payload', nextAttemptAt: ctx.clock(), actor: turn.actor }, ctx.clock());
        }
        source.done(row);
        quarantineUnreadable(turn, row);
        continue;
      }
      if (marked === 0) {
        // The first message of a lane goes alone: if the center is down, only one row was touched.
        const want = answered === 0 ? 1 : IN_FLIGHT_BATCH;
        while (queue.length < want) {
          const next = source.take(lane);
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
      const infno = row.infno === '2102' || row.infno === '2304' ? row.infno : '2207';
      const sending = sendRow(ctx, ctx.store, row, infno, stored, turn.actor, { markInFlight: false });
      // Let the message leave, then commit the answers waiting while this one travels.
      await toIo();
      recorder.flush();
      const sent = await sending;
      if (!sent.sent) {
        release(sent.error.en);
        const verdict = notSentVerdict(turn, row, sent);
        if (verdict === 'progress') continue;
        source.stop();
        return verdict;
      }
      queue.shift();
      marked -= 1;
      answered += 1;
      turn.tally.sent += 1;
      const r = sent.result;
      const now = ctx.clock();
      if (r.outcome === 'unreachable' || (r.outcome === 'rejected' && isSignInRefusal(r.err_msg))) {
        // Did not arrive, or refused before handling even after a fresh sign-in: try later.
        source.stop();
        const delay = r.outcome === 'unreachable' ? backoffDelayMs(row.attempts + 1, ctx.random, ctx.config.backoff) : 0;
        markOutboxRetry(ctx.store, row.id, { error: r.error.en, nextAttemptAt: new Date(now.getTime() + delay), actor: turn.actor }, now);
        source.done(row);
        release(r.error.en);
        return 'stop';
      }
      recorder.add(() => {
        if (r.outcome === 'ok') record(turn, row, { setlinfo: r.value.setlinfo, setldetail: r.value.setldetail });
        else if (r.outcome === 'unknown') markOutboxUnknown(ctx.store, row.id, { error: r.error.en, actor: turn.actor }, now);
        else {
          quarantineRefused(ctx.store, row, { error: r.error.en, centerMessage: centerMessage(r.err_msg, r.error), reason: 'center_rejected', actor: turn.actor, answered: true }, now);
          turn.tally.quarantined += 1;
        }
      });
      // The center has answered: this person's next message may go, in this lane or another.
      source.done(row);
    }
  } finally {
    recorder.laneEnded();
    recorder.flush(true);
  }
}

/** Sends the given pending settlement rows in `lanes` lanes; 'stop' when the center is down. */
export async function uploadPending(turn: Turn, candidates: readonly Candidate[], lanes: number): Promise<RowVerdict> {
  if (candidates.length === 0) return 'progress';
  const source = createDispatcher(turn.ctx, candidates);
  const recorder = createRecorder(turn);
  const count = Math.max(1, Math.min(lanes, candidates.length));
  const verdicts = await Promise.all(Array.from({ length: count }, (_, lane) => runLane(turn, source, recorder, lane)));
  recorder.flush(true);
  return verdicts.includes('stop') ? 'stop' : verdicts.includes('retry') ? 'retry' : 'progress';
}
