/**
 * Migration 5: the patient inquiry (issue 6): the last known enrolment per card and the last
 * known inquiry (balance, accumulators, settlements) per person, so the kiosk and the counter
 * can show them, marked with their date, while the center is away. No names or ID numbers:
 * a card is found by a one-way key of its certificate, the documents are checked for personal
 * fields before they are written.
 */
import type { Migration } from './types.js';

const SQL = `
CREATE TABLE inquiry_enrolments (
  card_key        TEXT PRIMARY KEY CHECK (length(card_key) = 64),
  psn_no          TEXT NOT NULL,
  enrolment_json  TEXT NOT NULL,
  as_of           TEXT NOT NULL
) STRICT;

CREATE TABLE inquiry_snapshots (
  psn_no        TEXT PRIMARY KEY,
  inquiry_json  TEXT NOT NULL,
  as_of         TEXT NOT NULL
) STRICT;
`;

export const migration005: Migration = {
  version: 5,
  name: 'patient-inquiry',
  up: (db) => {
    db.exec(SQL);
  },
};
