/**
 * What the uploader does with one outbox row, by its kind and state:
 *
 * - a pending settlement message (2207/2102/2304) is sent under its own msgid (upload-pipeline.ts); the
 *   answer is recorded as final, a permanent refusal goes to quarantine with the center's message,
 *   an unreachable center stops the pass, an unknown outcome is left to the resolution below;
 * - an unknown settlement message is never resent under a new msgid. It is resolved: its 2601 is
 *   (re)sent if one exists; otherwise 5203 asks the center by msgid — settled there: recorded as
 *   final; no such settlement: 2601 reverses the msgid (so a late arrival can never settle), and
 *   only once the center has answered the 2601 is the settlement sent again under a new msgid.
 *
 * Every step that changes more than one row is one transaction (steps.ts); a crash anywhere
 * leaves rows the next pass (after `recoverInFlight`) picks up again.
 */
import { getOutboxMessage, markOutboxRejected, markOutboxRetry, markOutboxUnknown, type OutboxMessage } from '../../db/outbox.js';
import { inputPsnNo } from '../center/envelope.js';
import type { Setlinfo } from '../center/tx-settle.js';
import type { SettlementAnswer } from './center-answer.js';
import { readPayload, type StoredMessage } from './payload.js';
import { SETTLE_INFNOS as SETTLE_INFNO_LIST } from './settle-input.js';
import { quarantineUnresolved, requestReversal, reversalOf, voidAndFollowUp } from './steps.js';
import { callQuery, sendRow } from './transmit.js';
import { centerMessage, notSentVerdict, quarantineUnreadable, record, type RowVerdict, type Turn } from './turn.js';
import { uploadPending } from './upload-pipeline.js';

const SETTLE_INFNOS = new Set<string>(SETTLE_INFNO_LIST);
/** Whether a work row is a settlement message (2207/2102/2304). */
export function isSettlementMessage(infno: string): boolean {
  return SETTLE_INFNOS.has(infno);
}

/** Handles one row (read fresh by the caller); pending settlement rows usually go by `uploadPending`. */
export async function processRow(turn: Turn, row: OutboxMessage, psnNo = ''): Promise<RowVerdict> {
  if (SETTLE_INFNOS.has(row.infno)) {
    if (row.state === 'pending') return uploadPending(turn, [{ id: row.id, psnNo }], 1);
    if (row.state === 'unknown') return resolveUnknown(turn, row);
    return 'progress';
  }
  if (row.infno === '2601' && row.refOutboxId !== null) {
    // A reversal is handled through its original, which knows what follows it.
    const original = getOutboxMessage(turn.ctx.store, row.refOutboxId);
    return original.state === 'unknown' ? resolveUnknown(turn, original) : 'progress';
  }
  return 'progress';
}

/** Resolves a settlement message whose outcome is unknown (see the module comment). */
async function resolveUnknown(turn: Turn, original: OutboxMessage): Promise<RowVerdict> {
  const { ctx } = turn;
  const stored = readPayload(original);
  if (!stored) return quarantineUnreadable(turn, original);
  const reversal = reversalOf(ctx.store, original);
  if (reversal && (reversal.state === 'pending' || reversal.state === 'unknown' || reversal.state === 'in_flight')) {
    return sendReversal(turn, original, reversal);
  }
  if (reversal?.state === 'rejected') return confirmAfterRefusedReversal(turn, original, stored, reversal);
  if (reversal) {
    // A reversal answered but its original still unknown cannot happen (one transaction); say so, do not guess.
    quarantineUnresolved(ctx.store, original, { reason: `reversal_${reversal.state}_original_unknown`, centerMessage: null, actor: turn.actor }, ctx.clock());
    turn.tally.quarantined += 1;
    return 'progress';
  }
  const found = await queryByMsgid(turn, original, stored);
  if (found.kind !== 'answered') return found.verdict;
  const s = found.setlinfo;
  if (s === null) {
    // The center holds no settlement for this msgid (yet): reverse the msgid before anything else.
    const id = requestReversal(ctx.store, original, { after: 'resubmit', actor: turn.actor, fixmedinsCode: ctx.fixmedinsCode }, ctx.clock());
    return sendReversal(turn, original, getOutboxMessage(ctx.store, id));
  }
  if (isSettled(s)) {
    record(turn, original, { setlinfo: s, setldetail: found.setldetail });
    return 'progress';
  }
  // Reversed or cancelled at the center without a reversal of ours: a person must look at it.
  quarantineUnresolved(ctx.store, original, { reason: `${s.setl_state ?? 'void'}_at_center`, centerMessage: JSON.stringify({ setl_id: s.setl_id, setl_state: s.setl_state }), actor: turn.actor }, ctx.clock());
  turn.tally.quarantined += 1;
  return 'progress';
}

/** Sends (or resends, same msgid) the 2601 of an unknown original and follows the answer. */
async function sendReversal(turn: Turn, original: OutboxMessage, reversal: OutboxMessage): Promise<RowVerdict> {
  const { ctx } = turn;
  const stored = readPayload(reversal);
  if (!stored) return quarantineUnreadable(turn, original);
  const firstSend = reversal.state === 'pending';
  const sent = await sendRow(ctx, ctx.store, reversal, '2601', stored, turn.actor, { markInFlight: firstSend });
  if (!sent.sent) return notSentVerdict(turn, original, sent);
  turn.tally.sent += 1;
  const r = sent.result;
  const now = ctx.clock();
  if (r.outcome === 'ok') {
    followUp(turn, original, reversal, true, stored.after ?? 'resubmit', `reversed by 2601 ${reversal.msgid}`);
    return 'progress';
  }
  if (r.outcome === 'rejected') {
    markOutboxRejected(ctx.store, reversal.id, { error: centerMessage(r.err_msg, r.error), actor: turn.actor }, now);
    const refused = getOutboxMessage(ctx.store, reversal.id);
    const originalStored = readPayload(original);
    if (!originalStored) return quarantineUnreadable(turn, original);
    return confirmAfterRefusedReversal(turn, original, originalStored, refused);
  }
  // The 2601 itself is unknown or did not arrive: it keeps its msgid and is sent again later.
  if (firstSend) {
    if (r.outcome === 'unknown') markOutboxUnknown(ctx.store, reversal.id, { error: r.error.en, actor: turn.actor }, now);
    else markOutboxRetry(ctx.store, reversal.id, { error: r.error.en, nextAttemptAt: now, actor: turn.actor }, now);
  }
  return r.outcome === 'unreachable' ? 'stop' : 'retry';
}

/**
 * The center refused the 2601 (it never received the original, or it did not succeed, or it was
 * already reversed): 5203 says what it holds. Nothing settled → the original is void; settled →
 * it stands as the final settlement (or, when the patient paid self-pay, a person must decide).
 */
async function confirmAfterRefusedReversal(turn: Turn, original: OutboxMessage, stored: StoredMessage, reversal: OutboxMessage): Promise<RowVerdict> {
  const { ctx } = turn;
  const after = readPayload(reversal)?.after ?? 'resubmit';
  const found = await queryByMsgid(turn, original, stored);
  if (found.kind !== 'answered') return found.verdict;
  const s = found.setlinfo;
  if (s === null || !isSettled(s)) {
    followUp(turn, original, reversal, false, after, `the center holds no live settlement for ${original.msgid}; 2601 answered: ${reversal.lastError ?? ''}`);
    return 'progress';
  }
  if (after === 'resubmit') {
    record(turn, original, { setlinfo: s, setldetail: found.setldetail });
    return 'progress';
  }
  quarantineUnresolved(ctx.store, original, { reason: 'settled_not_reversed', centerMessage: reversal.lastError, actor: turn.actor }, ctx.clock());
  turn.tally.quarantined += 1;
  return 'progress';
}

type Query = { kind: 'answered'; setlinfo: Setlinfo | null; setldetail: SettlementAnswer['setldetail'] } | { kind: 'not_answered'; verdict: RowVerdict };

/** 5203 by the original's msgid (medins_setl_id). */
async function queryByMsgid(turn: Turn, original: OutboxMessage, stored: StoredMessage): Promise<Query> {
  const psnNo = inputPsnNo(stored.input);
  if (psnNo === undefined) return { kind: 'not_answered', verdict: quarantineUnreadable(turn, original) };
  turn.tally.queried += 1;
  const q = await callQuery(turn.ctx, '5203', { data: { psn_no: psnNo, medins_setl_id: original.msgid } }, stored.insuplc_admdvs);
  if (!q.sent) return { kind: 'not_answered', verdict: q.outcome === 'unreachable' ? 'stop' : 'retry' };
  const r = q.result;
  if (r.outcome === 'ok') return { kind: 'answered', setlinfo: r.value.setlinfo, setldetail: r.value.setldetail };
  return { kind: 'not_answered', verdict: r.outcome === 'unreachable' ? 'stop' : 'retry' };
}

function isSettled(s: Setlinfo): boolean {
  // The national 5203 has no state field: a settlement with a setl_id and no void mark is live.
  return s.setl_state === undefined ? s.vali_flag !== '0' && s.setl_id !== undefined : s.setl_state === 'settled';
}

function followUp(turn: Turn, original: OutboxMessage, reversal: OutboxMessage, answered: boolean, after: 'resubmit' | 'cancel', note: string): void {
  const out = voidAndFollowUp(
    turn.ctx.store,
    { original, reversal, reversalAnswered: answered, after, note, actor: turn.actor, fixmedinsCode: turn.ctx.fixmedinsCode },
    turn.ctx.clock(),
  );
  if (answered) turn.tally.reversals += 1;
  if (out.resubmitted) turn.tally.resubmitted += 1;
  else turn.tally.cancelled += 1;
}
