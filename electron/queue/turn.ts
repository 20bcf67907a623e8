/**
 * One uploader pass as the row steps see it: the context, the actor, the tally of what was done,
 * and the small steps every kind of row shares (recording an answer, quarantining what cannot be
 * read or built).
 */
import type { OutboxMessage } from '../../db/outbox.js';
import type { CenterError } from '../center/errors.js';
import { recordSettlementAnswer, type SettlementAnswer } from './center-answer.js';
import type { QueueContext } from './context.js';
import { quarantineUnresolved } from './steps.js';
import type { NotSent } from './transmit.js';

/** How a row's turn ended: settled or otherwise finished, to be tried again later, or the center is down. */
export type RowVerdict = 'progress' | 'retry' | 'stop';

/** Counts of what a pass did. */
export type Tally = {
  sent: number;
  settled: number;
  adjustments: number;
  quarantined: number;
  queried: number;
  reversals: number;
  resubmitted: number;
  cancelled: number;
  flagged: number;
};

/** A tally of zeros. */
export function emptyTally(): Tally {
  return { sent: 0, settled: 0, adjustments: 0, quarantined: 0, queried: 0, reversals: 0, resubmitted: 0, cancelled: 0, flagged: 0 };
}

/** The uploader's view of a pass: its context, its actor and its tally. */
export type Turn = { ctx: QueueContext; actor: string; tally: Tally };

/** Errors of building a message: a bug or bad stored data, never fixed by retrying. */
const UNBUILDABLE = new Set(['INPUT_INVALID', 'ENVELOPE_INVALID', 'MSGID_INVALID', 'INSUPLC_ADMDVS_REQUIRED']);

/** Records a settlement answer as final and counts it. */
export function record(turn: Turn, row: OutboxMessage, answer: SettlementAnswer): void {
  if (row.settlementId === null) return;
  const recorded = recordSettlementAnswer(turn.ctx.store, { settlementId: row.settlementId, outboxId: row.id, answer, actor: turn.actor }, turn.ctx.clock());
  turn.tally.settled += 1;
  if (recorded.adjustmentId !== null) turn.tally.adjustments += 1;
  if (!recorded.check.consistent) turn.tally.flagged += 1;
}

/** A row whose payload the queue cannot read goes to quarantine: a person must look at it. */
export function quarantineUnreadable(turn: Turn, row: OutboxMessage): RowVerdict {
  quarantineUnresolved(turn.ctx.store, row, { reason: 'unreadable_payload', centerMessage: null, actor: turn.actor }, turn.ctx.clock());
  turn.tally.quarantined += 1;
  return 'progress';
}

/** What a send that could not start means for the pass. */
export function notSentVerdict(turn: Turn, row: OutboxMessage, notSent: NotSent): RowVerdict {
  if (notSent.outcome === 'rejected' && UNBUILDABLE.has(notSent.error.code)) {
    quarantineUnresolved(turn.ctx.store, row, { reason: 'unbuildable_message', centerMessage: notSent.error.en, actor: turn.actor }, turn.ctx.clock());
    turn.tally.quarantined += 1;
    return 'progress';
  }
  // No sign-in: nothing can be sent now.
  return notSent.outcome === 'unknown' ? 'retry' : 'stop';
}

/** The center's own words when it gave any, else ours. */
export function centerMessage(errMsg: string, error: CenterError): string {
  return errMsg !== '' ? errMsg : error.en;
}
