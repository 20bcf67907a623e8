/**
 * Migration 8: the drawer (issue 6).
 *
 * - drawer_floats: the opening float the cashier declares for a shift; the shift's expected cash
 *   is the float plus cash taken less cash paid back. A declaration made again replaces the
 *   earlier one for the shift (the latest after the last close counts); every one is kept.
 * - cash_owed: a cash refund the terminal recorded with no cashier at the counter (boot recovery,
 *   the sweep: a settlement the center voided after the patient left). The money is still in the
 *   drawer until the cashier hands it back, which is recorded here (handed_at, handed_by).
 * - checkouts_settlement: checkouts by their settlement, so the payments' sweep (every 5 s) finds
 *   the few that need it (voided, adjusted) without reading the whole history.
 * Amounts are integer fen.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE drawer_floats (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  actor     TEXT NOT NULL,
  amount    INTEGER NOT NULL CHECK (amount >= 0),
  set_at    TEXT NOT NULL
) STRICT;
CREATE TRIGGER drawer_floats_no_delete BEFORE DELETE ON drawer_floats
  BEGIN SELECT RAISE(ABORT, 'drawer floats are never deleted'); END;
CREATE TRIGGER drawer_floats_no_update BEFORE UPDATE ON drawer_floats
  BEGIN SELECT RAISE(ABORT, 'drawer floats are never changed; declare a new one'); END;

CREATE INDEX checkouts_settlement ON checkouts (settlement_id) WHERE settlement_id IS NOT NULL;

CREATE TABLE cash_owed (
  refund_id   INTEGER PRIMARY KEY REFERENCES payment_refunds(id),
  created_at  TEXT NOT NULL,
  handed_at   TEXT,
  handed_by   TEXT,
  CHECK ((handed_at IS NULL) = (handed_by IS NULL))
) STRICT;
CREATE TRIGGER cash_owed_no_delete BEFORE DELETE ON cash_owed
  BEGIN SELECT RAISE(ABORT, 'cash owed is never deleted'); END;
`;

export const migration008: Migration = {
  version: 8,
  name: 'drawer',
  up: (db) => {
    db.exec(SQL);
  },
};
