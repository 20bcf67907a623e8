/**
 * Migration 8: the drawer's opening float (issue 6). The cashier declares the float a shift starts
 * with; the shift's expected cash is the float plus cash taken less cash paid back. A declaration
 * made again replaces the earlier one for the shift (the latest after the last close counts);
 * every declaration is kept. Amounts are integer fen.
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
`;

export const migration008: Migration = {
  version: 8,
  name: 'drawer-float',
  up: (db) => {
    db.exec(SQL);
  },
};
