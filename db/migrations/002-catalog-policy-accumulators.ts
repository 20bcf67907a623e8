/**
 * Migration 2: the local catalog (就医地目录) and its imports, the policy packs in use, and the
 * per-person accumulator cache. Prices and ratios are exact decimal TEXT (up to 6 and 4 places,
 * so not fen); nothing here is REAL.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE catalog_imports (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  source       TEXT NOT NULL,
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  mode         TEXT NOT NULL CHECK (mode IN ('upsert', 'replace')),
  row_count    INTEGER NOT NULL CHECK (row_count >= 0),
  imported_at  TEXT NOT NULL
) STRICT;

CREATE TABLE catalog_items (
  med_list_codg   TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  chrgitm_lv      TEXT NOT NULL,
  selfpay_prop    TEXT NOT NULL,
  pric_uplmt_amt  TEXT,
  import_id       INTEGER NOT NULL REFERENCES catalog_imports(id),
  updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE policy_packs (
  id            TEXT PRIMARY KEY,
  json          TEXT NOT NULL,
  sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
  activated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE accumulators (
  psn_no      TEXT NOT NULL,
  year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  ytd_json    TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('center', 'local')),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (psn_no, year)
) STRICT;
`;

export const migration002: Migration = {
  version: 2,
  name: 'catalog, policy packs, accumulators',
  up: (db) => {
    db.exec(SQL);
  },
};
