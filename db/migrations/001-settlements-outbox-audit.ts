/**
 * Migration 1: operators, settlements and their fee lines, the outbox, the msgid sequence and the
 * audit log. Money columns are INTEGER fen in STRICT tables, so a REAL cannot even be stored.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE operators (
  id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 30),
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('cashier', 'billing', 'supervisor')),
  pin_hash    TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE settlements (
  id                      INTEGER PRIMARY KEY AUTOINCREMENT,
  state                   TEXT NOT NULL CHECK (state IN
                            ('draft', 'pre_settled', 'provisional', 'submitting', 'settled',
                             'cancelled', 'reversed', 'quarantined')),
  provisional             INTEGER NOT NULL CHECK (provisional IN (0, 1)),
  fixmedins_code          TEXT NOT NULL CHECK (length(fixmedins_code) = 12),
  infno                   TEXT NOT NULL CHECK (length(infno) = 4),
  msgid                   TEXT UNIQUE CHECK (msgid IS NULL OR length(msgid) = 30),
  psn_no                  TEXT NOT NULL,
  insutype                TEXT NOT NULL,
  med_type                TEXT NOT NULL,
  opter                   TEXT REFERENCES operators(id),
  psn_name_sealed         TEXT,
  certno_sealed           TEXT,
  request_json            TEXT NOT NULL,
  local_result_json       TEXT NOT NULL,
  center_result_sealed    TEXT,
  medfee_sumamt           INTEGER NOT NULL CHECK (medfee_sumamt >= 0),
  fund_pay_sumamt         INTEGER NOT NULL CHECK (fund_pay_sumamt >= 0),
  acct_pay                INTEGER NOT NULL CHECK (acct_pay >= 0),
  psn_cash_pay            INTEGER NOT NULL CHECK (psn_cash_pay >= 0),
  hosp_part_amt           INTEGER NOT NULL CHECK (hosp_part_amt >= 0),
  center_medfee_sumamt    INTEGER,
  center_fund_pay_sumamt  INTEGER,
  center_acct_pay         INTEGER,
  center_psn_cash_pay     INTEGER,
  setl_id                 TEXT,
  mdtrt_id                TEXT,
  clr_type                TEXT,
  clr_optins              TEXT,
  setl_time               TEXT,
  created_at              TEXT NOT NULL,
  updated_at              TEXT NOT NULL,
  settled_at              TEXT,
  -- identities 4 and 5 of the settlement contract, on the local figures; the center's figures are
  -- stored as they come (domain.md §2.7: identities on platform amounts are alerts, never blocks).
  CHECK (medfee_sumamt = fund_pay_sumamt + acct_pay + psn_cash_pay + hosp_part_amt)
) STRICT;
CREATE INDEX settlements_state ON settlements (state, created_at);

CREATE TABLE settlement_lines (
  settlement_id        INTEGER NOT NULL REFERENCES settlements(id),
  line_no              INTEGER NOT NULL CHECK (line_no >= 1),
  feedetl_sn           TEXT NOT NULL,
  med_list_codg        TEXT NOT NULL,
  name                 TEXT NOT NULL,
  chrgitm_lv           TEXT NOT NULL,
  pric                 TEXT NOT NULL,
  cnt                  TEXT NOT NULL,
  selfpay_prop         TEXT NOT NULL,
  det_item_fee_sumamt  INTEGER NOT NULL CHECK (det_item_fee_sumamt >= 0),
  fulamt_ownpay_amt    INTEGER NOT NULL CHECK (fulamt_ownpay_amt >= 0),
  overlmt_amt          INTEGER NOT NULL CHECK (overlmt_amt >= 0),
  preselfpay_amt       INTEGER NOT NULL CHECK (preselfpay_amt >= 0),
  inscp_scp_amt        INTEGER NOT NULL CHECK (inscp_scp_amt >= 0),
  PRIMARY KEY (settlement_id, line_no),
  -- identity 1 of the settlement contract
  CHECK (det_item_fee_sumamt = fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  settlement_id    INTEGER REFERENCES settlements(id),
  ref_outbox_id    INTEGER REFERENCES outbox(id),
  msgid            TEXT NOT NULL UNIQUE CHECK (length(msgid) = 30),
  infno            TEXT NOT NULL CHECK (length(infno) = 4),
  payload_sealed   TEXT NOT NULL,
  payload_hash     TEXT NOT NULL CHECK (length(payload_hash) = 64),
  state            TEXT NOT NULL CHECK (state IN
                     ('pending', 'in_flight', 'unknown', 'done', 'rejected', 'reversed',
                      'quarantined', 'cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  TEXT NOT NULL,
  last_error_sealed TEXT,
  response_sealed  TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  completed_at     TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX outbox_settlement ON outbox (settlement_id, id);

CREATE TABLE msgid_seq (
  fixmedins_code  TEXT PRIMARY KEY CHECK (length(fixmedins_code) = 12),
  second          TEXT NOT NULL CHECK (length(second) = 14),
  seq             INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 9999)
) STRICT;

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  entity        TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  details_json  TEXT NOT NULL,
  prev_hash     TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash          TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

-- Money records are never deleted, and the audit log is append-only. These triggers stop the
-- program's own mistakes; the hash chain catches anyone who drops them.
-- Indexes are few on purpose: each one costs a page write on every durable commit (BENCHMARKS.md).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements
  BEGIN SELECT RAISE(ABORT, 'settlements are never deleted'); END;
CREATE TRIGGER settlement_lines_no_delete BEFORE DELETE ON settlement_lines
  BEGIN SELECT RAISE(ABORT, 'settlement lines are never deleted'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
  BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END;
`;

export const migration001: Migration = {
  version: 1,
  name: 'settlements, lines, outbox, msgid sequence, operators, audit log',
  up: (db) => {
    db.exec(SQL);
  },
};
