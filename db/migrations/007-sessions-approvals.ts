/**
 * Migration 7: operator sign-in failures (the lockout survives a restart) and supervisor
 * approvals (a refund approved by a supervisor's PIN, written in the same transaction as the
 * cancellation's outbox row). Approvals are never deleted.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE login_failures (
  operator_id   TEXT PRIMARY KEY CHECK (length(operator_id) BETWEEN 1 AND 30),
  failures      INTEGER NOT NULL CHECK (failures >= 0),
  locked_until  TEXT,
  updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE approvals (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN ('refund')),
  settlement_id   INTEGER NOT NULL REFERENCES settlements(id),
  -- who asked (the logged-in operator; training's fallback actor is not an operator row)
  requested_by    TEXT NOT NULL,
  approved_by     TEXT NOT NULL REFERENCES operators(id),
  reason          TEXT NOT NULL,
  -- how: a 2208 sent to the center, or a provisional settlement voided before the center had it
  method          TEXT NOT NULL CHECK (method IN ('center_2208', 'void_local')),
  outbox_id       INTEGER REFERENCES outbox(id),
  state           TEXT NOT NULL CHECK (state IN ('pending', 'done', 'refused', 'not_sent', 'unknown')),
  -- what goes back to the fund, the account and the patient, in fen (positive)
  refund_medfee   INTEGER CHECK (refund_medfee >= 0),
  refund_fund     INTEGER CHECK (refund_fund >= 0),
  refund_acct     INTEGER CHECK (refund_acct >= 0),
  refund_cash     INTEGER CHECK (refund_cash >= 0),
  cancel_setl_id  TEXT,
  error           TEXT,
  created_at      TEXT NOT NULL,
  completed_at    TEXT,
  CHECK ((method = 'center_2208') = (outbox_id IS NOT NULL))
) STRICT;
-- A settlement is refunded once: at most one approval that is done or still under way.
CREATE UNIQUE INDEX approvals_refund_once ON approvals (settlement_id)
  WHERE kind = 'refund' AND state IN ('pending', 'done', 'unknown');
CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals
  BEGIN SELECT RAISE(ABORT, 'approvals are never deleted'); END;
`;

export const migration007: Migration = {
  version: 7,
  name: 'sessions-approvals',
  up: (db) => {
    db.exec(SQL);
  },
};
