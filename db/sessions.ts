/**
 * What operator sign-in keeps in the store: failed PIN attempts per operator id (so a lockout
 * survives a restart), the operator list for the supervisor, and PIN changes. The PIN itself is
 * only ever hashed (operators.ts); audit rows name the operator, never the PIN.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { appendAudit } from './audit.js';
import { storeError } from './errors.js';
import { hashPin, OPERATOR_ROLES, type Operator } from './operators.js';
import { parseRow } from './json-schemas.js';
import { stmt } from './statements.js';

/** An operator as the supervisor's list shows it: no PIN hash, with the lockout if any. */
export type OperatorListing = Operator & { lockedUntil: string | null; failures: number };

const listingRow = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(OPERATOR_ROLES),
  active: z.number().int(),
  failures: z.number().int().nullable(),
  locked_until: z.string().nullable(),
});

/** Every operator, by id, with their failed attempts and lockout. */
export function listOperators(db: BetterSqlite3.Database): OperatorListing[] {
  return stmt(
    db,
    `SELECT o.id, o.name, o.role, o.active, f.failures, f.locked_until
     FROM operators o LEFT JOIN login_failures f ON f.operator_id = o.id ORDER BY o.id`,
  )
    .all()
    .map((raw) => {
      const r = parseRow(listingRow, raw, 'operator listing');
      return { id: r.id, name: r.name, role: r.role, active: r.active === 1, failures: r.failures ?? 0, lockedUntil: r.locked_until };
    });
}

/** How many operators exist (training seeds demo operators into an empty table). */
export function operatorCount(db: BetterSqlite3.Database): number {
  return z.number().int().parse(stmt(db, 'SELECT count(*) FROM operators').pluck().get());
}

/** Replaces an operator's PIN (hashed), with an audit row naming who did it. */
export function setOperatorPin(db: BetterSqlite3.Database, input: { id: string; pin: string; actor: string }, now: Date): void {
  const pinHash = hashPin(input.pin);
  db.transaction(() => {
    const info = stmt(db, 'UPDATE operators SET pin_hash = ?, updated_at = ? WHERE id = ?').run(pinHash, now.toISOString(), input.id);
    if (info.changes === 0) throw storeError('NOT_FOUND', `operator ${input.id}`);
    // A new PIN clears the lockout: the supervisor has just spoken to the operator.
    stmt(db, 'DELETE FROM login_failures WHERE operator_id = ?').run(input.id);
    appendAudit(db, { actor: input.actor, action: 'operator.pin_set', entity: 'operator', entityId: input.id }, now);
  }).immediate();
}

const failureRow = z.object({ failures: z.number().int(), locked_until: z.string().nullable() });

/** The lockout of an operator id now: when it ends, or null when the id may try. */
export function lockedUntil(db: BetterSqlite3.Database, operatorId: string, now: Date): string | null {
  const raw = stmt(db, 'SELECT failures, locked_until FROM login_failures WHERE operator_id = ?').get(operatorId);
  if (raw === undefined) return null;
  const r = parseRow(failureRow, raw, `login failures ${operatorId}`);
  return r.locked_until !== null && Date.parse(r.locked_until) > now.getTime() ? r.locked_until : null;
}

/**
 * Counts one failed PIN for an operator id (known or not, so a guesser learns nothing) and locks
 * it for `lockMs` once `maxFailures` is reached; both are audit-logged. Returns the new state.
 */
export function recordPinFailure(
  db: BetterSqlite3.Database,
  input: { operatorId: string; purpose: 'login' | 'approval'; maxFailures: number; lockMs: number },
  now: Date,
): { failures: number; lockedUntil: string | null } {
  return db
    .transaction(() => {
      const raw = stmt(db, 'SELECT failures, locked_until FROM login_failures WHERE operator_id = ?').get(input.operatorId);
      const before = raw === undefined ? { failures: 0, locked_until: null } : parseRow(failureRow, raw, 'login failures');
      // A lockout that has ended starts a fresh count.
      const expired = before.locked_until !== null && Date.parse(before.locked_until) <= now.getTime();
      const failures = (expired ? 0 : before.failures) + 1;
      const locked = failures >= input.maxFailures ? new Date(now.getTime() + input.lockMs).toISOString() : null;
      stmt(
        db,
        `INSERT INTO login_failures (operator_id, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (operator_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
      ).run(input.operatorId, locked ? 0 : failures, locked, now.toISOString());
      appendAudit(
        db,
        {
          actor: input.operatorId,
          action: locked ? 'operator.locked_out' : 'operator.pin_failed',
          entity: 'operator',
          entityId: input.operatorId,
          details: { purpose: input.purpose, failures, locked_until: locked },
        },
        now,
      );
      return { failures, lockedUntil: locked };
    })
    .immediate();
}

/** Clears an operator id's failed attempts after a correct PIN. */
export function clearPinFailures(db: BetterSqlite3.Database, operatorId: string): void {
  stmt(db, 'DELETE FROM login_failures WHERE operator_id = ?').run(operatorId);
}
