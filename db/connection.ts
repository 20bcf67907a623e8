/**
 * Opens a SQLite file with the store's pragmas: WAL, synchronous=FULL (a committed settlement
 * survives power loss, not just a process crash), foreign keys, and a busy timeout so two
 * processes on one file wait for each other instead of failing.
 */
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { assertNotNewer, migrate } from './migrate.js';
import { LATEST_VERSION } from './migrations/index.js';

export type Db = BetterSqlite3.Database;

/** How to open a database file. */
export type OpenOptions = {
  /** Milliseconds to wait for another connection's write lock; default 5000. */
  busyTimeoutMs?: number;
  /** Run pending migrations (default true); false only checks the database is not newer. */
  migrate?: boolean;
  /** Open read-only and never create the file (the audit CLI). */
  readonly?: boolean;
  /** better-sqlite3's compiled addon to load instead of node_modules' Node build (Electron's ABI). */
  nativeBinding?: string;
};

let processNativeBinding: string | undefined;

/**
 * Makes every later openDatabase in this process load better-sqlite3's addon from `file`: the
 * Electron host calls it once, before the store opens, with the build made for Electron's ABI
 * (node_modules keeps the Node build that tests and CLIs load). undefined goes back to that one.
 */
export function useSqliteNativeBinding(file: string | undefined): void {
  processNativeBinding = file;
}

/** The addon option for a `new Database()` made outside openDatabase (the center simulator's file). */
export function sqliteAddonOptions(): { nativeBinding?: string } {
  return processNativeBinding !== undefined ? { nativeBinding: processNativeBinding } : {};
}

/** The database file used when neither --db nor MEDSETTLE_DB says otherwise. */
export const DEFAULT_DB_PATH = './.data/medsettle.sqlite';

/** The database path from the environment (`MEDSETTLE_DB`) or the default. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MEDSETTLE_DB;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_DB_PATH;
}

/** Applies the store's pragmas to an open connection. */
export function applyPragmas(db: Db, busyTimeoutMs = 5000): void {
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (!db.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/** Opens (and by default creates and migrates) the database file at `file`. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if (!readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const addon = options.nativeBinding !== undefined ? { nativeBinding: options.nativeBinding } : sqliteAddonOptions();
  const db = new Database(file, { readonly, fileMustExist: readonly, ...addon });
  try {
    applyPragmas(db, options.busyTimeoutMs);
    if (readonly || options.migrate === false) assertNotNewer(db, LATEST_VERSION);
    else migrate(db);
  } catch (cause) {
    db.close();
    throw cause;
  }
  return db;
}
