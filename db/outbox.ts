/**
 * The outbox: one row per outbound message, its msgid written before it is sent. Rows are never
 * deleted; the uploader reads them in id order and moves each through small, audited steps.
 *
 *   pending ─▶ in_flight ─▶ done          (answered)
 *      ▲           │  ├──▶ rejected       (the center said no; nothing happened there)
 *      └── retry ──┘  └──▶ unknown ─▶ done | rejected | reversed (2601) | quarantined
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { appendAudit } from './audit.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { storeError } from './errors.js';
import {
  intArraySchema,
  jsonObjectSchema,
  parseRow,
  parseStoredJson,
  type JsonObject,
} from './json-schemas.js';
import { nextMsgid } from './msgid.js';
import { stmt } from './statements.js';
import type { Store } from './store.js';

export const OUTBOX_STATES = [
  'pending',
  'in_flight',
  'unknown',
  'done',
  'rejected',
  'reversed',
  'quarantined',
  'cancelled',
] as const;
/** Where one outbound message stands. */
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** The moves the outbox allows; anything else is INVALID_STATE_TRANSITION. */
export const OUTBOX_TRANSITIONS: Readonly<Record<OutboxState, readonly OutboxState[]>> = {
  pending: ['in_flight', 'cancelled', 'quarantined'],
  in_flight: ['pending', 'unknown', 'done', 'rejected'],
  unknown: ['done', 'rejected', 'reversed', 'quarantined'],
  done: ['reversed'],
  rejected: ['quarantined'],
  quarantined: ['done', 'reversed'],
  reversed: [],
  cancelled: [],
};

/** A message to write before sending it. */
export type NewMessage = {
  fixmedinsCode: string;
  /** The transaction code: 2207, 5203, 2601, 3201, … */
  infno: string;
  /** The message's `input`; the envelope (msgid, inf_time, sign_no) is built when it is sent. */
  payload: JsonObject;
  settlementId?: number | null;
  /** For a reversal or query: the outbox row it is about. */
  refOutboxId?: number | null;
  actor: string;
};

/** A payload ready to store: sealed text and the hash of its canonical encoding. */
export type PreparedPayload = { sealed: string; hash: string };

/** Seals a payload and hashes its canonical JSON; done before a transaction to keep the lock short. */
export function preparePayload(store: Store, payload: JsonObject): PreparedPayload {
  const text = canonicalJson(payload);
  return { sealed: store.cipher.seal('outbox.payload', text), hash: sha256Hex(text) };
}

/** Inserts an outbox row with a fresh msgid inside the caller's transaction; returns its id and msgid. */
export function insertOutboxRow(
  db: BetterSqlite3.Database,
  row: {
    fixmedinsCode: string;
    infno: string;
    prepared: PreparedPayload;
    settlementId: number | null;
    refOutboxId: number | null;
  },
  now: Date,
): { outboxId: number; msgid: string } {
  if (!/^[0-9A-Za-z]{4}$/.test(row.infno))
    throw storeError('INVALID_INPUT', `infno ${JSON.stringify(row.infno)}`);
  const msgid = nextMsgid(db, row.fixmedinsCode, now);
  const at = now.toISOString();
  const info = stmt(
    db,
    `INSERT INTO outbox (settlement_id, ref_outbox_id, msgid, infno, payload_sealed, payload_hash, state, attempts,
                         next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
  ).run(
    row.settlementId,
    row.refOutboxId,
    msgid,
    row.infno,
    row.prepared.sealed,
    row.prepared.hash,
    at,
    at,
    at,
  );
  return { outboxId: Number(info.lastInsertRowid), msgid };
}

/** Writes one outbound message (not tied to a new settlement) and its audit row in one transaction. */
export function enqueueMessage(
  store: Store,
  message: NewMessage,
  now: Date,
): { outboxId: number; msgid: string } {
  const prepared = preparePayload(store, message.payload);
  const { db } = store;
  return db
    .transaction(() => {
      const out = insertOutboxRow(
        db,
        {
          fixmedinsCode: message.fixmedinsCode,
          infno: message.infno,
          prepared,
          settlementId: message.settlementId ?? null,
          refOutboxId: message.refOutboxId ?? null,
        },
        now,
      );
      appendAudit(
        db,
        {
          actor: message.actor,
          action: 'outbox.enqueued',
          entity: 'outbox',
          entityId: out.outboxId,
          details: {
            msgid: out.msgid,
            infno: message.infno,
            settlement_id: message.settlementId ?? null,
            ref_outbox_id: message.refOutboxId ?? null,
          },
        },
        now,
      );
      return out;
    })
    .immediate();
}

const rowSchema = z.object({
  id: z.number().int(),
  settlement_id: z.number().int().nullable(),
  ref_outbox_id: z.number().int().nullable(),
  msgid: z.string(),
  infno: z.string(),
  payload_sealed: z.string(),
  payload_hash: z.string(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int(),
  next_attempt_at: z.string(),
  last_error_sealed: z.string().nullable(),
  response_sealed: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
});

/** One outbound message as read back: payload decrypted, checked against its hash, validated. */
export type OutboxMessage = {
  id: number;
  settlementId: number | null;
  refOutboxId: number | null;
  msgid: string;
  infno: string;
  payload: JsonObject;
  payloadHash: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  response: JsonObject | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
};

function toMessage(store: Store, raw: unknown): OutboxMessage {
  const row = parseRow(rowSchema, raw, 'outbox');
  const text = store.cipher.open('outbox.payload', row.payload_sealed);
  if (sha256Hex(text) !== row.payload_hash)
    throw storeError('PAYLOAD_HASH_MISMATCH', `outbox ${row.id} msgid ${row.msgid}`);
  return {
    id: row.id,
    settlementId: row.settlement_id,
    refOutboxId: row.ref_outbox_id,
    msgid: row.msgid,
    infno: row.infno,
    payload: parseStoredJson(jsonObjectSchema, text, `outbox ${row.id} payload`),
    payloadHash: row.payload_hash,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError:
      row.last_error_sealed === null ? null : store.cipher.open('outbox.last_error', row.last_error_sealed),
    response:
      row.response_sealed === null
        ? null
        : parseStoredJson(
            jsonObjectSchema,
            store.cipher.open('outbox.response', row.response_sealed),
            `outbox ${row.id} response`,
          ),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

/** Reads one outbox row by id; NOT_FOUND when absent. */
export function getOutboxMessage(store: Store, id: number): OutboxMessage {
  const raw = stmt(store.db, 'SELECT * FROM outbox WHERE id = ?').get(id);
  if (raw === undefined) throw storeError('NOT_FOUND', `outbox ${id}`);
  return toMessage(store, raw);
}

/** Pending messages whose next attempt is due, oldest first (by id, the order they were written). */
export function listDueOutbox(store: Store, now: Date, limit = 50): OutboxMessage[] {
  return stmt(
    store.db,
    "SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
  )
    .all(now.toISOString(), limit)
    .map((raw) => toMessage(store, raw));
}

/** Messages in the given states, in id order (all states when none are given). */
export function listOutbox(
  store: Store,
  options: { states?: readonly OutboxState[]; settlementId?: number; limit?: number } = {},
): OutboxMessage[] {
  const states = options.states ?? OUTBOX_STATES;
  const rows = stmt(
    store.db,
    `SELECT * FROM outbox WHERE state IN (SELECT value FROM json_each(?))
       AND (? IS NULL OR settlement_id = ?) ORDER BY id LIMIT ?`,
  ).all(
    JSON.stringify(states),
    options.settlementId ?? null,
    options.settlementId ?? null,
    options.limit ?? -1,
  );
  return rows.map((raw) => toMessage(store, raw));
}

const moveRowSchema = z
  .object({ state: z.enum(OUTBOX_STATES), msgid: z.string(), attempts: z.number().int() })
  .optional();
/** An outbox state column value. */
export const outboxStateSchema = z.enum(OUTBOX_STATES);
/** A column of outbox states. */
export const outboxStatesSchema = z.array(outboxStateSchema);

type OutboxPatch = {
  incrementAttempts?: boolean;
  nextAttemptAt?: Date;
  error?: string;
  response?: JsonObject;
  completed?: boolean;
};

/** Moves an outbox row inside the caller's transaction, checking the transition; returns the old state. */
export function moveOutboxRow(
  store: Store,
  id: number,
  to: OutboxState,
  patch: OutboxPatch,
  audit: { actor: string; details?: Record<string, unknown> },
  now: Date,
): OutboxState {
  const { db } = store;
  const current = moveRowSchema.parse(
    stmt(db, 'SELECT state, msgid, attempts FROM outbox WHERE id = ?').get(id),
  );
  if (!current) throw storeError('NOT_FOUND', `outbox ${id}`);
  if (!OUTBOX_TRANSITIONS[current.state].includes(to)) {
    throw storeError('INVALID_STATE_TRANSITION', `outbox ${id}: ${current.state} → ${to}`);
  }
  const at = now.toISOString();
  stmt(
    db,
    `UPDATE outbox SET state = @to, updated_at = @at, attempts = attempts + @inc,
       next_attempt_at = COALESCE(@next, next_attempt_at),
       last_error_sealed = COALESCE(@err, last_error_sealed),
       response_sealed = COALESCE(@resp, response_sealed),
       completed_at = COALESCE(@completed, completed_at)
     WHERE id = @id AND state = @from`,
  ).run({
    id,
    from: current.state,
    to,
    at,
    inc: patch.incrementAttempts === true ? 1 : 0,
    next: patch.nextAttemptAt?.toISOString() ?? null,
    err: patch.error === undefined ? null : store.cipher.seal('outbox.last_error', patch.error),
    resp:
      patch.response === undefined
        ? null
        : store.cipher.seal('outbox.response', canonicalJson(patch.response)),
    completed: patch.completed === true ? at : null,
  });
  appendAudit(
    db,
    {
      actor: audit.actor,
      action: `outbox.${to}`,
      entity: 'outbox',
      entityId: id,
      details: {
        from: current.state,
        to,
        msgid: current.msgid,
        attempts: current.attempts + (patch.incrementAttempts === true ? 1 : 0),
        ...audit.details,
      },
    },
    now,
  );
  return current.state;
}

function inTransaction<T>(store: Store, fn: () => T): T {
  return store.db.transaction(fn).immediate();
}

/** Marks a message as being sent (attempts + 1); call it, commit, then send. */
export function markOutboxInFlight(store: Store, id: number, actor: string, now: Date): void {
  inTransaction(store, () =>
    moveOutboxRow(store, id, 'in_flight', { incrementAttempts: true }, { actor }, now),
  );
}

/** The message certainly did not reach the center (e.g. connection refused): retry the same msgid later. */
export function markOutboxRetry(
  store: Store,
  id: number,
  input: { error: string; nextAttemptAt: Date; actor: string },
  now: Date,
): void {
  inTransaction(store, () =>
    moveOutboxRow(
      store,
      id,
      'pending',
      { error: input.error, nextAttemptAt: input.nextAttemptAt },
      { actor: input.actor },
      now,
    ),
  );
}

/** The outcome is unknown (timeout after sending): resolve by query (5203) and reversal (2601), never by resending. */
export function markOutboxUnknown(
  store: Store,
  id: number,
  input: { error: string; actor: string },
  now: Date,
): void {
  inTransaction(store, () =>
    moveOutboxRow(store, id, 'unknown', { error: input.error }, { actor: input.actor }, now),
  );
}

/** The center answered with success; the response is kept sealed. */
export function markOutboxDone(
  store: Store,
  id: number,
  input: { response?: JsonObject; actor: string },
  now: Date,
): void {
  inTransaction(store, () =>
    moveOutboxRow(
      store,
      id,
      'done',
      { ...(input.response ? { response: input.response } : {}), completed: true },
      { actor: input.actor },
      now,
    ),
  );
}

/** The center refused the message; nothing happened there. */
export function markOutboxRejected(
  store: Store,
  id: number,
  input: { error: string; actor: string },
  now: Date,
): void {
  inTransaction(store, () =>
    moveOutboxRow(
      store,
      id,
      'rejected',
      { error: input.error, completed: true },
      { actor: input.actor },
      now,
    ),
  );
}

/** A 2601 reversal of this message succeeded (`reversalOutboxId` is the 2601 row). */
export function markOutboxReversed(
  store: Store,
  id: number,
  input: { reversalOutboxId: number; actor: string },
  now: Date,
): void {
  inTransaction(store, () =>
    moveOutboxRow(
      store,
      id,
      'reversed',
      { completed: true },
      { actor: input.actor, details: { reversal_outbox_id: input.reversalOutboxId } },
      now,
    ),
  );
}

/** After a restart: every message left in flight has an unknown outcome. Returns their ids. */
export function recoverInFlight(store: Store, actor: string, now: Date): number[] {
  return inTransaction(store, () => {
    const ids = intArraySchema.parse(
      stmt(store.db, "SELECT id FROM outbox WHERE state = 'in_flight' ORDER BY id").pluck().all(),
    );
    for (const id of ids)
      moveOutboxRow(store, id, 'unknown', { error: 'in flight when the terminal stopped' }, { actor }, now);
    return ids;
  });
}
