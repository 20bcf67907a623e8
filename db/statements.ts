/** A per-connection cache of prepared statements: repositories prepare each SQL text once. */
import type BetterSqlite3 from 'better-sqlite3';

const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The prepared statement for `sql` on this connection, prepared on first use. */
export function stmt(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
