/**
 * The patient inquiry's memory (migration 5): the last enrolment the center gave for a card and
 * the last inquiry shown for a person, each with the time it was known. Offline, the kiosk and
 * the counter show these "as of" their date instead of nothing. Documents are the caller's
 * (validated again by the caller on read); personal fields (names, ID numbers) are refused.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { jsonObjectSchema, parseRow, parseStoredJson, type JsonObject } from './json-schemas.js';
import { assertNoPersonalData } from './personal-data.js';
import { stmt } from './statements.js';

/** A document remembered with the time it was known (ISO instant). */
export type Remembered = { value: JsonObject; asOf: string };

/**
 * The one-way key a card is remembered under: the certificate type and number hashed, so the
 * table holds no card or ID number in the clear.
 */
export function cardKey(certType: '02' | '03', certNo: string): string {
  return createHash('sha256').update(`medsettle:inquiry:${certType}:${certNo}`, 'utf8').digest('hex');
}

/** Remembers the enrolment the center gave for a card (replacing the previous one). */
export function putLastEnrolment(db: BetterSqlite3.Database, key: string, psnNo: string, enrolment: JsonObject, asOf: Date): void {
  assertNoPersonalData(enrolment, 'inquiry_enrolments.enrolment_json');
  stmt(
    db,
    `INSERT INTO inquiry_enrolments (card_key, psn_no, enrolment_json, as_of) VALUES (?, ?, ?, ?)
     ON CONFLICT (card_key) DO UPDATE SET psn_no = excluded.psn_no, enrolment_json = excluded.enrolment_json, as_of = excluded.as_of`,
  ).run(key, psnNo, canonicalJson(enrolment), asOf.toISOString());
}

const enrolmentRow = z.object({ card_key: z.string(), psn_no: z.string(), enrolment_json: z.string(), as_of: z.string() });

/** The last enrolment remembered for a card, or undefined. */
export function getLastEnrolment(db: BetterSqlite3.Database, key: string): (Remembered & { psnNo: string }) | undefined {
  const raw = stmt(db, 'SELECT * FROM inquiry_enrolments WHERE card_key = ?').get(key);
  if (raw === undefined) return undefined;
  const r = parseRow(enrolmentRow, raw, 'inquiry_enrolments');
  return { psnNo: r.psn_no, value: parseStoredJson(jsonObjectSchema, r.enrolment_json, 'inquiry_enrolments.enrolment_json'), asOf: r.as_of };
}

/** Remembers the inquiry last shown for a person (replacing the previous one). */
export function putInquirySnapshot(db: BetterSqlite3.Database, psnNo: string, inquiry: JsonObject, asOf: Date): void {
  assertNoPersonalData(inquiry, 'inquiry_snapshots.inquiry_json');
  stmt(
    db,
    `INSERT INTO inquiry_snapshots (psn_no, inquiry_json, as_of) VALUES (?, ?, ?)
     ON CONFLICT (psn_no) DO UPDATE SET inquiry_json = excluded.inquiry_json, as_of = excluded.as_of`,
  ).run(psnNo, canonicalJson(inquiry), asOf.toISOString());
}

const snapshotRow = z.object({ psn_no: z.string(), inquiry_json: z.string(), as_of: z.string() });

/** The inquiry last shown for a person, or undefined. */
export function getInquirySnapshot(db: BetterSqlite3.Database, psnNo: string): Remembered | undefined {
  const raw = stmt(db, 'SELECT * FROM inquiry_snapshots WHERE psn_no = ?').get(psnNo);
  if (raw === undefined) return undefined;
  const r = parseRow(snapshotRow, raw, 'inquiry_snapshots');
  return { value: parseStoredJson(jsonObjectSchema, r.inquiry_json, 'inquiry_snapshots.inquiry_json'), asOf: r.as_of };
}

/**
 * How many of a person's settlements this terminal recorded at or after an instant that still
 * stand (provisional, submitting or settled): the kiosk's "this bill is paid" for a card reading.
 */
export function standingSettlementsSince(db: BetterSqlite3.Database, psnNo: string, since: Date): number {
  const n = stmt(
    db,
    `SELECT count(*) AS n FROM settlements WHERE psn_no = ? AND created_at >= ? AND state IN ('provisional', 'submitting', 'settled', 'quarantined')`,
  ).get(psnNo, since.toISOString());
  return parseRow(z.object({ n: z.number().int() }), n, 'settlements count').n;
}
