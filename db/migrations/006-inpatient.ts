/**
 * Migration 6: the billing desk (issue 5): which outpatient visit and which inpatient stay each
 * billing settlement settled. The visit's or stay's own record (fee lines, diagnosis) belongs to
 * the HIS (the demo file in training); the terminal keeps only the link, the admission's place in
 * the year and the deposit it settled against, so a settled visit is not offered twice and a
 * receipt can show the deposit. Rows are never deleted: a cancelled settlement frees its visit
 * through the settlement's state.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE outpatient_visits (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  visit_id       TEXT NOT NULL,
  psn_no         TEXT NOT NULL,
  med_type       TEXT NOT NULL,
  settlement_id  INTEGER NOT NULL UNIQUE REFERENCES settlements(id),
  created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX outpatient_visits_visit ON outpatient_visits (visit_id);

CREATE TABLE admissions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  stay_id        TEXT NOT NULL,
  psn_no         TEXT NOT NULL,
  med_type       TEXT NOT NULL,
  adm_date       TEXT NOT NULL,
  dscg_date      TEXT NOT NULL CHECK (dscg_date >= adm_date),
  -- this admission's number in its year (1 = the year's first), as the deductible was chosen
  admission_no   INTEGER NOT NULL CHECK (admission_no >= 1),
  deposit        INTEGER NOT NULL CHECK (deposit >= 0),
  settlement_id  INTEGER NOT NULL UNIQUE REFERENCES settlements(id),
  created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX admissions_stay ON admissions (stay_id);

CREATE TRIGGER outpatient_visits_no_delete BEFORE DELETE ON outpatient_visits
  BEGIN SELECT RAISE(ABORT, 'outpatient visits are never deleted'); END;
CREATE TRIGGER admissions_no_delete BEFORE DELETE ON admissions
  BEGIN SELECT RAISE(ABORT, 'admissions are never deleted'); END;
`;

export const migration006: Migration = {
  version: 6,
  name: 'inpatient',
  up: (db) => {
    db.exec(SQL);
  },
};
