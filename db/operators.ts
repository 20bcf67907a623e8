/**
 * Operators at the counter: cashier, billing clerk, supervisor. PINs are kept as scrypt hashes
 * with a random salt (node:crypto); a PIN is compared in constant time and never stored or logged.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from './audit.js';
import { storeError } from './errors.js';
import { parseRow } from './json-schemas.js';
import { stmt } from './statements.js';

export const OPERATOR_ROLES = ['cashier', 'billing', 'supervisor'] as const;
/** What an operator may do. */
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** An operator without the PIN hash. */
export type Operator = { id: string; name: string; role: OperatorRole; active: boolean };

// scrypt cost: N=2^14, r=8, p=1 (node's defaults, ~16 MiB, tens of ms): a 4–12 digit PIN is weak,
// so the hash only slows offline guessing; lockout after failed tries belongs to the service.
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

/** Hashes a PIN as `scrypt$N$r$p$salt$hash` (base64 parts). */
export function hashPin(pin: string): string {
  if (!/^[0-9]{4,12}$/.test(pin)) throw storeError('INVALID_PIN');
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a PIN against a stored hash in constant time; false for any malformed hash. */
export function checkPin(pin: string, stored: string): boolean {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const [, n, r, p, salt, hash] = m;
  const expected = Buffer.from(hash ?? '', 'base64');
  const actual = scryptSync(pin, Buffer.from(salt ?? '', 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return expected.length > 0 && timingSafeEqual(expected, actual);
}

/** Adds an operator with a hashed PIN. */
export function createOperator(
  db: BetterSqlite3.Database,
  input: { id: string; name: string; role: OperatorRole; pin: string; actor: string },
  now: Date,
): void {
  const pinHash = hashPin(input.pin);
  const at = now.toISOString();
  db.transaction(() => {
    stmt(
      db,
      'INSERT INTO operators (id, name, role, pin_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
    ).run(input.id, input.name, input.role, pinHash, at, at);
    appendAudit(
      db,
      {
        actor: input.actor,
        action: 'operator.created',
        entity: 'operator',
        entityId: input.id,
        details: { role: input.role },
      },
      now,
    );
  }).immediate();
}

const operatorRow = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(OPERATOR_ROLES),
  pin_hash: z.string(),
  active: z.number().int(),
});

/** The operator with this id, or undefined. */
export function getOperator(db: BetterSqlite3.Database, id: string): Operator | undefined {
  const raw = stmt(db, 'SELECT id, name, role, pin_hash, active FROM operators WHERE id = ?').get(id);
  if (raw === undefined) return undefined;
  const r = parseRow(operatorRow, raw, `operator ${id}`);
  return { id: r.id, name: r.name, role: r.role, active: r.active === 1 };
}

/** The operator when the id exists, is active and the PIN matches; otherwise undefined. */
export function verifyOperatorPin(db: BetterSqlite3.Database, id: string, pin: string): Operator | undefined {
  const raw = stmt(db, 'SELECT id, name, role, pin_hash, active FROM operators WHERE id = ?').get(id);
  if (raw === undefined) return undefined;
  const r = parseRow(operatorRow, raw, `operator ${id}`);
  if (r.active !== 1 || !checkPin(pin, r.pin_hash)) return undefined;
  return { id: r.id, name: r.name, role: r.role, active: true };
}

/** Activates or deactivates an operator (operators are never deleted: settlements refer to them). */
export function setOperatorActive(
  db: BetterSqlite3.Database,
  input: { id: string; active: boolean; actor: string },
  now: Date,
): void {
  db.transaction(() => {
    const info = stmt(db, 'UPDATE operators SET active = ?, updated_at = ? WHERE id = ?').run(
      input.active ? 1 : 0,
      now.toISOString(),
      input.id,
    );
    if (info.changes === 0) throw storeError('NOT_FOUND', `operator ${input.id}`);
    appendAudit(
      db,
      {
        actor: input.actor,
        action: input.active ? 'operator.activated' : 'operator.deactivated',
        entity: 'operator',
        entityId: input.id,
      },
      now,
    );
  }).immediate();
}
