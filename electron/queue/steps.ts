/**
 * The queue's state changes that must happen together, each as ONE synchronous transaction over
 * the store's own steps (nested better-sqlite3 transactions become savepoints). A crash between
 * two of them therefore never leaves, say, a reversed message whose settlement was neither
 * resubmitted nor cancelled. Nothing here awaits.
 */
import { inputPsnNo } from '../center/envelope.js';
import {
  enqueueMessage,
  getOutboxMessage,
  listOutbox,
  markOutboxDone,
  markOutboxRejected,
  markOutboxRetry,
  markOutboxReversed,
  markOutboxUnknown,
  type OutboxMessage,
} from '../../db/outbox.js';
import { cancelSettlement, markSettlementReversed, moveSettlement, quarantineSettlement, resubmitSettlement } from '../../db/settlements.js';
import type { Store } from '../../db/store.js';
import { readPayload, toPayload, type AfterVoid, type StoredMessage } from './payload.js';

/** Runs `fn` in one IMMEDIATE transaction. */
export function atomically<T>(store: Store, fn: () => T): T {
  return store.db.transaction(fn).immediate();
}

/** The message certainly did not arrive, and the settlement falls back to provisional. */
export function fallBackToProvisional(store: Store, row: OutboxMessage, input: { error: string; actor: string; nextAttemptAt: Date }, now: Date): void {
  atomically(store, () => {
    releaseInFlight(store, row.id, input.error, input.actor, input.nextAttemptAt, now);
    moveSettlement(store, { settlementId: settlementOf(row), to: 'provisional', actor: input.actor, reason: 'center_unreachable' }, now);
  });
}

/** The message certainly did not arrive and the offline limits are reached: nothing happened anywhere. */
export function cancelUnsent(store: Store, row: OutboxMessage, input: { error: string; reason: string; actor: string }, now: Date): void {
  atomically(store, () => {
    releaseInFlight(store, row.id, input.error, input.actor, now, now);
    cancelSettlement(store, { settlementId: settlementOf(row), reason: input.reason, actor: input.actor }, now);
  });
}

/** The center refused the message at the counter: the patient is there, so the settlement is simply cancelled. */
export function cancelRefused(store: Store, row: OutboxMessage, input: { error: string; actor: string }, now: Date): void {
  atomically(store, () => {
    markOutboxRejected(store, row.id, { error: input.error, actor: input.actor }, now);
    cancelSettlement(store, { settlementId: settlementOf(row), reason: 'center_refused', actor: input.actor }, now);
  });
}

/** The outcome is unknown; the patient leaves with a provisional receipt and the uploader resolves it. */
export function unknownAsProvisional(store: Store, row: OutboxMessage, input: { error: string; actor: string }, now: Date): void {
  atomically(store, () => {
    markOutboxUnknown(store, row.id, { error: input.error, actor: input.actor }, now);
    moveSettlement(store, { settlementId: settlementOf(row), to: 'provisional', actor: input.actor, reason: 'outcome_unknown' }, now);
  });
}

/** The outcome is unknown beyond the limits: the patient pays self-pay and the message is to be reversed. */
export function unknownToReverse(store: Store, row: OutboxMessage, input: { error: string; actor: string; fixmedinsCode: string }, now: Date): void {
  atomically(store, () => {
    markOutboxUnknown(store, row.id, { error: input.error, actor: input.actor }, now);
    requestReversal(store, row, { after: 'cancel', actor: input.actor, fixmedinsCode: input.fixmedinsCode }, now);
  });
}

/** The center permanently refused a queued message: quarantine (never delete) with its message. */
export function quarantineRefused(
  store: Store,
  row: OutboxMessage,
  input: { error: string; centerMessage: string | null; reason: string; actor: string; answered: boolean },
  now: Date,
): void {
  atomically(store, () => {
    // An answered row (in flight or unknown) is rejected first; one never sent goes straight to quarantine.
    if (input.answered) markOutboxRejected(store, row.id, { error: input.error, actor: input.actor }, now);
    quarantineSettlement(
      store,
      { settlementId: settlementOf(row), outboxId: row.id, reason: input.reason, centerMessage: input.centerMessage, actor: input.actor },
      now,
    );
  });
}

/** Quarantines a settlement whose message cannot be resolved automatically (left as it is). */
export function quarantineUnresolved(store: Store, row: OutboxMessage, input: { reason: string; centerMessage: string | null; actor: string }, now: Date): void {
  quarantineSettlement(
    store,
    { settlementId: settlementOf(row), outboxId: row.id, reason: input.reason, centerMessage: input.centerMessage, actor: input.actor },
    now,
  );
}

/** Writes the 2601 reversal of `original` (same insured region, its msgid and infno); returns the row id. */
export function requestReversal(store: Store, original: OutboxMessage, input: { after: AfterVoid; actor: string; fixmedinsCode: string }, now: Date): number {
  const stored = mustRead(original);
  const psnNo = inputPsnNo(stored.input);
  if (psnNo === undefined) throw new Error(`outbox ${original.id}: the stored input has no psn_no`);
  const reversal: StoredMessage = {
    v: 1,
    insuplc_admdvs: stored.insuplc_admdvs,
    input: { data: { psn_no: psnNo, omsgid: original.msgid, oinfno: original.infno } },
    after: input.after,
  };
  return enqueueMessage(
    store,
    {
      fixmedinsCode: input.fixmedinsCode,
      infno: '2601',
      payload: toPayload(reversal),
      settlementId: original.settlementId,
      refOutboxId: original.id,
      actor: input.actor,
    },
    now,
  ).outboxId;
}

/** The latest 2601 row written for `original`, if any. */
export function reversalOf(store: Store, original: OutboxMessage): OutboxMessage | undefined {
  if (original.settlementId === null) return undefined;
  const rows = listOutbox(store, { settlementId: original.settlementId }).filter((r) => r.infno === '2601' && r.refOutboxId === original.id);
  return rows.at(-1);
}

/**
 * The original message is void at the center — reversed by our 2601 (`reversal` given) or never
 * settled there — and the settlement follows `after`: settle again under a new msgid, or cancel.
 */
export function voidAndFollowUp(
  store: Store,
  input: { original: OutboxMessage; reversal: OutboxMessage | null; reversalAnswered: boolean; after: AfterVoid; note: string; actor: string; fixmedinsCode: string },
  now: Date,
): { resubmitted: { outboxId: number; msgid: string } | null } {
  const { original, reversal } = input;
  return atomically(store, () => {
    if (reversal && input.reversalAnswered) {
      markOutboxDone(store, reversal.id, { actor: input.actor }, now);
      markOutboxReversed(store, original.id, { reversalOutboxId: reversal.id, actor: input.actor }, now);
    } else {
      // The 2601 was refused (and recorded so) and 5203 found nothing live: nothing happened there.
      markOutboxRejected(store, original.id, { error: input.note, actor: input.actor }, now);
    }
    const settlementId = settlementOf(original);
    if (input.after === 'cancel') {
      // The patient paid self-pay: the settlement ends reversed (it reached the center and was
      // undone) or cancelled (it never settled there).
      if (reversal && input.reversalAnswered) markSettlementReversed(store, { settlementId, reason: 'reversed_self_pay', actor: input.actor }, now);
      else cancelSettlement(store, { settlementId, reason: 'void_self_pay', actor: input.actor }, now);
      return { resubmitted: null };
    }
    const stored = mustRead(original);
    return { resubmitted: resubmitSettlement(store, { settlementId, fixmedinsCode: input.fixmedinsCode, payload: toPayload(stored), actor: input.actor }, now) };
  });
}

/** An in-flight row that certainly did not arrive goes back to pending; a row never sent stays pending. */
function releaseInFlight(store: Store, id: number, error: string, actor: string, nextAttemptAt: Date, now: Date): void {
  if (getOutboxMessage(store, id).state === 'in_flight') markOutboxRetry(store, id, { error, nextAttemptAt, actor }, now);
}

function settlementOf(row: OutboxMessage): number {
  if (row.settlementId === null) throw new Error(`outbox ${row.id} belongs to no settlement`);
  return row.settlementId;
}

function mustRead(row: OutboxMessage): StoredMessage {
  const stored = readPayload(row);
  if (!stored) throw new Error(`outbox ${row.id}: not a queue payload`);
  return stored;
}
