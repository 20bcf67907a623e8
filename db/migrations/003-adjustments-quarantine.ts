/**
 * Migration 3: adjustments (a refund or an amount due when the center's final split differs from
 * a provisional one) and quarantine records. Neither is ever deleted.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE adjustments (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  settlement_id  INTEGER NOT NULL REFERENCES settlements(id),
  kind           TEXT NOT NULL CHECK (kind IN ('refund', 'amount_due')),
  amount         INTEGER NOT NULL CHECK (amount > 0),
  state          TEXT NOT NULL CHECK (state IN ('open', 'handled')),
  reason         TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  handled_at     TEXT,
  handled_by     TEXT REFERENCES operators(id),
  CHECK ((state = 'open') = (handled_at IS NULL))
) STRICT;
CREATE INDEX adjustments_state ON adjustments (state, id);

CREATE TABLE quarantine (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  settlement_id          INTEGER REFERENCES settlements(id),
  outbox_id              INTEGER REFERENCES outbox(id),
  reason                 TEXT NOT NULL,
  center_message_sealed  TEXT,
  created_at             TEXT NOT NULL,
  released_at            TEXT,
  released_by            TEXT,
  CHECK (settlement_id IS NOT NULL OR outbox_id IS NOT NULL)
) STRICT;
CREATE INDEX quarantine_open ON quarantine (released_at, id);

CREATE TRIGGER adjustments_no_delete BEFORE DELETE ON adjustments
  BEGIN SELECT RAISE(ABORT, 'adjustments are never deleted'); END;
CREATE TRIGGER quarantine_no_delete BEFORE DELETE ON quarantine
  BEGIN SELECT RAISE(ABORT, 'quarantine records are never deleted'); END;
`;

export const migration003: Migration = {
  version: 3,
  name: 'adjustments, quarantine',
  up: (db) => {
    db.exec(SQL);
  },
};
