/**
 * The billing desk's records (migration 6): which HIS outpatient visit or inpatient stay a
 * settlement settled. A visit is "live" (not to be offered again) while one of its settlements
 * is provisional, submitting or settled; a cancelled, reversed or quarantined one frees it.
 */
import { z } from 'zod';
import { parseRow } from './json-schemas.js';
import { stmt } from './statements.js';
import type { Store } from './store.js';

/** The settlement states that keep a visit or stay settled. */
const LIVE_STATES = "('provisional', 'submitting', 'settled')";

/** An outpatient visit settled by a settlement. */
export type OutpatientVisitLink = { visitId: string; psnNo: string; medType: string; settlementId: number };
/** An inpatient stay settled by a settlement (deposit in fen). */
export type AdmissionLink = {
  stayId: string;
  psnNo: string;
  medType: string;
  admDate: string;
  dscgDate: string;
  admissionNo: number;
  depositFen: number;
  settlementId: number;
};

/** Records which HIS visit a settlement settled. */
export function recordOutpatientVisit(store: Store, link: OutpatientVisitLink, now: Date): void {
  stmt(store.db, 'INSERT INTO outpatient_visits (visit_id, psn_no, med_type, settlement_id, created_at) VALUES (?, ?, ?, ?, ?)').run(
    link.visitId,
    link.psnNo,
    link.medType,
    link.settlementId,
    now.toISOString(),
  );
}

/** Records which stay a discharge settlement settled, its place in the year and its deposit. */
export function recordAdmission(store: Store, link: AdmissionLink, now: Date): void {
  if (!Number.isSafeInteger(link.depositFen) || link.depositFen < 0) throw new Error(`deposit ${String(link.depositFen)} fen`);
  stmt(
    store.db,
    `INSERT INTO admissions (stay_id, psn_no, med_type, adm_date, dscg_date, admission_no, deposit, settlement_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(link.stayId, link.psnNo, link.medType, link.admDate, link.dscgDate, link.admissionNo, link.depositFen, link.settlementId, now.toISOString());
}

const idRow = z.object({ id: z.string() });

/** The ids of a person's visits (or stays) that a live settlement has settled. */
export function settledEncounterIds(store: Store, kind: 'outpatient' | 'inpatient', psnNo: string): Set<string> {
  const sql =
    kind === 'outpatient'
      ? `SELECT v.visit_id AS id FROM outpatient_visits v JOIN settlements s ON s.id = v.settlement_id
         WHERE v.psn_no = ? AND s.state IN ${LIVE_STATES}`
      : `SELECT a.stay_id AS id FROM admissions a JOIN settlements s ON s.id = a.settlement_id
         WHERE a.psn_no = ? AND s.state IN ${LIVE_STATES}`;
  return new Set(
    stmt(store.db, sql)
      .all(psnNo)
      .map((r) => parseRow(idRow, r, kind).id),
  );
}
