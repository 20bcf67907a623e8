/**
 * The per-person accumulator cache: this year's totals (the engine's `ytd` shape) for a psn_no,
 * from the center (5206) or from local settlements, so an offline estimate can start from them.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import type { YtdOut } from '../settlement/settle.js';
import { canonicalJson } from './canonical-json.js';
import { storeError } from './errors.js';
import { parseRow, parseStoredJson, ytdSchema } from './json-schemas.js';
import { stmt } from './statements.js';

/** One cached accumulator record. */
export type Accumulators = {
  psnNo: string;
  year: number;
  ytd: YtdOut;
  source: 'center' | 'local';
  updatedAt: string;
};

/** Stores (or replaces) the accumulators of one person for one year. */
export function putAccumulators(
  db: BetterSqlite3.Database,
  input: { psnNo: string; year: number; ytd: YtdOut; source: 'center' | 'local' },
  now: Date,
): void {
  const ytd = ytdSchema.safeParse(input.ytd);
  if (!ytd.success)
    throw storeError('INVALID_INPUT', `ytd for ${input.psnNo}: ${ytd.error.issues[0]?.message ?? 'invalid'}`);
  stmt(
    db,
    `INSERT INTO accumulators (psn_no, year, ytd_json, source, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (psn_no, year) DO UPDATE SET ytd_json = excluded.ytd_json, source = excluded.source, updated_at = excluded.updated_at`,
  ).run(input.psnNo, input.year, canonicalJson(ytd.data), input.source, now.toISOString());
}

const row = z.object({
  psn_no: z.string(),
  year: z.number().int(),
  ytd_json: z.string(),
  source: z.enum(['center', 'local']),
  updated_at: z.string(),
});

/** The cached accumulators, validated on read, or undefined. */
export function getAccumulators(
  db: BetterSqlite3.Database,
  psnNo: string,
  year: number,
): Accumulators | undefined {
  const raw = stmt(db, 'SELECT * FROM accumulators WHERE psn_no = ? AND year = ?').get(psnNo, year);
  if (raw === undefined) return undefined;
  const r = parseRow(row, raw, `accumulators ${psnNo}/${year}`);
  return {
    psnNo: r.psn_no,
    year: r.year,
    ytd: parseStoredJson(ytdSchema, r.ytd_json, `accumulators ${psnNo}/${year}`),
    source: r.source,
    updatedAt: r.updated_at,
  };
}
