/**
 * The append-only audit log. Each row stores the SHA-256 of its canonical encoding (its id, its
 * fields and the previous row's hash), so editing, deleting or reordering any row breaks the
 * chain from that row on. `verifyAuditChain` names the first row that breaks.
 *
 * Limit: someone who can rewrite the file can also recompute every later hash. Ids must be
 * contiguous and end at the table's AUTOINCREMENT high-water mark, which catches a deleted tail
 * unless sqlite_sequence is edited too; a full rewrite is caught only against an anchor kept
 * elsewhere, such as `auditHead()` printed on the daily reconciliation report.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { optionalIntSchema } from './json-schemas.js';
import { assertNoPersonalData } from './personal-data.js';
import { stmt } from './statements.js';

/** The previous hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; `details` must not hold unmasked personal data (use db/mask.ts). */
export type AuditEntry = {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number;
  details?: Record<string, unknown>;
};

const rowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string(),
  details_json: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
});
const lastRowSchema = z.object({ id: z.number().int(), hash: z.string() }).optional();

/** One stored audit row. */
export type AuditRow = z.infer<typeof rowSchema>;

/** The hash a row must carry: SHA-256 over the canonical encoding of its fields and prev_hash. */
export function auditRowHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(
    canonicalJson([
      row.id,
      row.at,
      row.actor,
      row.action,
      row.entity,
      row.entity_id,
      row.details_json,
      row.prev_hash,
    ]),
  );
}

/** Appends one audit row inside the caller's transaction (or its own statement); returns its id and hash. */
export function appendAudit(
  db: BetterSqlite3.Database,
  entry: AuditEntry,
  now: Date,
): { id: number; hash: string } {
  const details = entry.details ?? {};
  assertNoPersonalData(details, `audit ${entry.action}`);
  const last = stmt(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get();
  const lastRow = lastRowSchema.parse(last);
  const seq = stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get();
  // The next id is fixed here, not left to AUTOINCREMENT, because the hash must cover it.
  const id = Math.max(lastRow?.id ?? 0, optionalIntSchema.parse(seq) ?? 0) + 1;
  const row = {
    id,
    at: now.toISOString(),
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entity_id: String(entry.entityId),
    details_json: canonicalJson(details),
    prev_hash: lastRow?.hash ?? GENESIS_HASH,
  };
  const hash = auditRowHash(row);
  stmt(
    db,
    `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, details_json, prev_hash, hash)
     VALUES (@id, @at, @actor, @action, @entity, @entity_id, @details_json, @prev_hash, @hash)`,
  ).run({ ...row, hash });
  return { id, hash };
}

/** The reason a row fails verification. */
export type AuditBreak = 'hash_mismatch' | 'prev_hash_mismatch' | 'id_gap' | 'tail_missing' | 'malformed_row';

/** The chain's verdict: every row checked, or the first row that breaks it and why. */
export type AuditVerdict =
  | { ok: true; count: number; head: string }
  | {
      ok: false;
      count: number;
      firstBad: { id: number; reason: AuditBreak; expected?: string; found?: string };
    };

/** Walks the whole log in id order and reports the first edited, deleted or reordered row. */
export function verifyAuditChain(db: BetterSqlite3.Database): AuditVerdict {
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  for (const raw of stmt(db, 'SELECT * FROM audit_log ORDER BY id').iterate()) {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, count, firstBad: { id: expectedId, reason: 'malformed_row' } };
    const row = parsed.data;
    count += 1;
    // A gap means a row was deleted; the row after the gap is the first one whose history is wrong.
    if (row.id !== expectedId) {
      return {
        ok: false,
        count,
        firstBad: { id: row.id, reason: 'id_gap', expected: String(expectedId), found: String(row.id) },
      };
    }
    if (row.prev_hash !== prev) {
      return {
        ok: false,
        count,
        firstBad: { id: row.id, reason: 'prev_hash_mismatch', expected: prev, found: row.prev_hash },
      };
    }
    const hash = auditRowHash(row);
    if (row.hash !== hash)
      return {
        ok: false,
        count,
        firstBad: { id: row.id, reason: 'hash_mismatch', expected: hash, found: row.hash },
      };
    prev = row.hash;
    expectedId += 1;
  }
  const seq = optionalIntSchema.parse(
    stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get(),
  );
  if (seq !== undefined && seq > count) {
    return {
      ok: false,
      count,
      firstBad: { id: count + 1, reason: 'tail_missing', expected: String(seq), found: String(count) },
    };
  }
  return { ok: true, count, head: prev };
}

/** The number of rows and the last hash: an anchor to print or send elsewhere. */
export function auditHead(db: BetterSqlite3.Database): { count: number; head: string } {
  const last = lastRowSchema.parse(stmt(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get());
  return { count: last?.id ?? 0, head: last?.hash ?? GENESIS_HASH };
}
