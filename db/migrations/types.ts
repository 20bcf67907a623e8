/** The shape of one migration: a version number, a name, and a synchronous step. */
import type BetterSqlite3 from 'better-sqlite3';

/** One ordered schema step; it runs inside the transaction that also sets `user_version`. */
export type Migration = {
  /** 1-based; equals the `user_version` the database has after this step. */
  readonly version: number;
  readonly name: string;
  /** Applies the step; must be synchronous and must not open its own transaction. */
  readonly up: (db: BetterSqlite3.Database) => void;
};
