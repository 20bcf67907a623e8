/**
 * Runs the ordered migrations, each in its own IMMEDIATE transaction together with the
 * `user_version` bump, so a crash leaves the database at a whole version. A database newer than
 * this code is refused, never downgraded.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { StoreError, storeError } from './errors.js';

/** Reads the schema version kept in `PRAGMA user_version`. */
export function schemaVersion(db: BetterSqlite3.Database): number {
  const v: unknown = db.pragma('user_version', { simple: true });
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw storeError('CORRUPT_ROW', `user_version ${String(v)}`);
  return v;
}

/** Throws DB_NEWER_THAN_APP when the database was written by newer code than `known` versions. */
export function assertNotNewer(db: BetterSqlite3.Database, known: number): void {
  const found = schemaVersion(db);
  if (found > known) {
    throw new StoreError(
      'DB_NEWER_THAN_APP',
      {
        en: `database schema version ${found}, this program knows up to ${known}`,
        zh: `数据库版本 ${found}，本程序只支持到 ${known}`,
      },
      { details: { found, known } },
    );
  }
}

/** Brings the database up to `to` (default: the latest); returns the versions applied. */
export function migrate(
  db: BetterSqlite3.Database,
  options: { to?: number; migrations?: readonly Migration[] } = {},
): number[] {
  const list = options.migrations ?? allMigrations;
  const target = options.to ?? list.length;
  for (const [i, m] of list.entries()) {
    if (m.version !== i + 1)
      throw storeError('MIGRATION_FAILED', `migration at index ${i} has version ${m.version}`);
  }
  assertNotNewer(db, list.length);
  const applied: number[] = [];
  for (const m of list) {
    if (m.version > target) break;
    const step = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated since we looked.
      const current = schemaVersion(db);
      if (current > list.length) assertNotNewer(db, list.length);
      if (current >= m.version) return false;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    let ran: boolean;
    try {
      ran = step.immediate();
    } catch (cause) {
      if (cause instanceof StoreError) throw cause;
      throw storeError(
        'MIGRATION_FAILED',
        `${m.version} ${m.name}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    if (ran) applied.push(m.version);
  }
  return applied;
}
