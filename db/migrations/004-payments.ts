/**
 * Migration 4: payments (issue 6): checkouts (one per order being paid and settled), the
 * payments made for them, their refunds, notifications already applied, and shift closes.
 * Every step is written here BEFORE it is sent (state 'sending'), so a crash leaves a row the
 * boot recovery can query, resume or compensate. Amounts are integer fen; nothing is deleted.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE checkouts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  ckey           TEXT NOT NULL UNIQUE CHECK (length(ckey) BETWEEN 8 AND 64),
  order_json     TEXT NOT NULL,
  how_json       TEXT NOT NULL,
  tender         TEXT NOT NULL CHECK (tender IN ('cash', 'scan', 'bankcard')),
  actor          TEXT NOT NULL,
  amount_due     INTEGER NOT NULL CHECK (amount_due >= 0),
  state          TEXT NOT NULL CHECK (state IN
                   ('started', 'paid', 'settling', 'settled', 'refunding', 'refunded', 'cancelled')),
  settle_mark    INTEGER,
  settlement_id  INTEGER REFERENCES settlements(id),
  final_cash     INTEGER CHECK (final_cash IS NULL OR final_cash >= 0),
  receipt_json   TEXT,
  error_json     TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX checkouts_state ON checkouts (state, id);

CREATE TABLE payments (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  checkout_id    INTEGER NOT NULL REFERENCES checkouts(id),
  pkey           TEXT NOT NULL UNIQUE,
  tender         TEXT NOT NULL CHECK (tender IN ('cash', 'scan', 'bankcard')),
  amount         INTEGER NOT NULL CHECK (amount > 0),
  tendered       INTEGER CHECK (tendered IS NULL OR tendered >= amount),
  change         INTEGER CHECK (change IS NULL OR change >= 0),
  state          TEXT NOT NULL CHECK (state IN ('sending', 'pending', 'paid', 'declined', 'unknown', 'closed')),
  provider_ref   TEXT,
  detail         TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX payments_checkout ON payments (checkout_id, id);
CREATE INDEX payments_state ON payments (state, id);

CREATE TABLE payment_refunds (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id     INTEGER NOT NULL REFERENCES payments(id),
  rkey           TEXT NOT NULL UNIQUE,
  amount         INTEGER NOT NULL CHECK (amount > 0),
  reason         TEXT NOT NULL CHECK (reason IN ('settle_failed', 'split_difference', 'cancelled', 'settlement_void', 'not_settled')),
  state          TEXT NOT NULL CHECK (state IN ('sending', 'refunded', 'failed', 'unknown')),
  attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error     TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX payment_refunds_state ON payment_refunds (state, id);

CREATE TABLE payment_notifications (
  nkey           TEXT PRIMARY KEY,
  received_at    TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE shift_closes (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  actor          TEXT NOT NULL,
  opened_at      TEXT NOT NULL,
  closed_at      TEXT NOT NULL,
  expected_cash  INTEGER NOT NULL,
  counted_cash   INTEGER NOT NULL CHECK (counted_cash >= 0),
  difference     INTEGER NOT NULL,
  report_json    TEXT NOT NULL,
  CHECK (difference = counted_cash - expected_cash)
) STRICT;

CREATE TRIGGER checkouts_no_delete BEFORE DELETE ON checkouts
  BEGIN SELECT RAISE(ABORT, 'checkouts are never deleted'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
  BEGIN SELECT RAISE(ABORT, 'payments are never deleted'); END;
CREATE TRIGGER payment_refunds_no_delete BEFORE DELETE ON payment_refunds
  BEGIN SELECT RAISE(ABORT, 'refunds are never deleted'); END;
`;

export const migration004: Migration = {
  version: 4,
  name: 'payments',
  up: (db) => {
    db.exec(SQL);
  },
};
