/**
 * The local catalog (就医地目录): med_list_codg → name, chrgitm_lv, selfpay_prop and price
 * ceiling. Imported from CSV all or nothing: every bad line is reported with its line number
 * and nothing is written unless the whole file is good.
 *
 * CSV header (any order, no other columns): med_list_codg,name,chrgitm_lv,selfpay_prop,pric_uplmt_amt
 * An empty pric_uplmt_amt means no ceiling; "0" is a ceiling of zero (settlement contract).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { appendAudit } from './audit.js';
import { sha256Hex } from './canonical-json.js';
import { StoreError } from './errors.js';
import { parseCsv } from './csv.js';
import { intSchema, parseRow } from './json-schemas.js';
import { stmt } from './statements.js';

/** One catalog entry, in the engine's item field names. */
export type CatalogItem = {
  med_list_codg: string;
  name: string;
  chrgitm_lv: string;
  selfpay_prop: string;
  pric_uplmt_amt: string | null;
};

/** One problem in a CSV file: its line, the column when known, and what is wrong. */
export type CatalogCsvError = { line: number; column?: string; message: string };

const COLUMNS = ['med_list_codg', 'name', 'chrgitm_lv', 'selfpay_prop', 'pric_uplmt_amt'] as const;
// The engine's closed list (settlement contract); other provincial codes are mapped before import.
const CHRGITM_LV = new Set(['01', '02', '03']);
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

const places = (text: string): number => {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
};

function checkRow(
  values: Record<(typeof COLUMNS)[number], string>,
  line: number,
  errors: CatalogCsvError[],
): CatalogItem | undefined {
  const before = errors.length;
  const err = (column: string, message: string): void => {
    errors.push({ line, column, message });
  };
  const code = values.med_list_codg.trim();
  if (code === '' || code.length > 50) err('med_list_codg', 'must be 1 to 50 characters');
  const name = values.name.trim();
  if (name === '') err('name', 'is empty');
  const lv = values.chrgitm_lv.trim();
  if (!CHRGITM_LV.has(lv)) err('chrgitm_lv', `"${lv}" is not 01, 02 or 03`);
  const prop = values.selfpay_prop.trim() === '' ? '0' : values.selfpay_prop.trim();
  if (!DECIMAL.test(prop)) err('selfpay_prop', `"${prop}" is not a decimal`);
  else if (places(prop) > 4) err('selfpay_prop', `"${prop}" has more than 4 decimals`);
  else if (!/^(0(\.[0-9]+)?|1(\.0+)?)$/.test(prop)) err('selfpay_prop', `"${prop}" is not within [0, 1]`);
  const ceiling = values.pric_uplmt_amt.trim();
  if (ceiling !== '' && !DECIMAL.test(ceiling))
    err('pric_uplmt_amt', `"${ceiling}" is not a non-negative decimal`);
  else if (ceiling !== '' && places(ceiling) > 6)
    err('pric_uplmt_amt', `"${ceiling}" has more than 6 decimals`);
  if (errors.length > before) return undefined;
  return {
    med_list_codg: code,
    name,
    chrgitm_lv: lv,
    selfpay_prop: prop,
    pric_uplmt_amt: ceiling === '' ? null : ceiling,
  };
}

/** Parses and validates a catalog CSV without touching the database; returns items or every error. */
export function parseCatalogCsv(
  text: string,
): { ok: true; items: CatalogItem[] } | { ok: false; errors: CatalogCsvError[] } {
  const { records, errors: syntax } = parseCsv(text);
  const errors: CatalogCsvError[] = syntax.map((e) => ({ line: e.line, message: e.message }));
  const header = records[0];
  if (!header)
    return {
      ok: false,
      errors:
        errors.length > 0 ? errors : [{ line: 1, message: 'the file is empty: a header line is required' }],
    };
  const index = new Map<string, number>();
  for (const [i, name] of header.fields.entries()) {
    const col = name.trim();
    if (!(COLUMNS as readonly string[]).includes(col))
      errors.push({ line: header.line, column: col, message: `unknown column "${col}"` });
    else if (index.has(col))
      errors.push({ line: header.line, column: col, message: `column "${col}" appears twice` });
    else index.set(col, i);
  }
  for (const col of COLUMNS)
    if (!index.has(col)) errors.push({ line: header.line, column: col, message: `missing column "${col}"` });
  if (errors.some((e) => e.line === header.line)) return { ok: false, errors };

  const items: CatalogItem[] = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== header.fields.length) {
      errors.push({
        line: rec.line,
        message: `${rec.fields.length} fields, the header has ${header.fields.length}`,
      });
      continue;
    }
    const get = (col: (typeof COLUMNS)[number]): string => rec.fields[index.get(col) ?? -1] ?? '';
    const item = checkRow(
      {
        med_list_codg: get('med_list_codg'),
        name: get('name'),
        chrgitm_lv: get('chrgitm_lv'),
        selfpay_prop: get('selfpay_prop'),
        pric_uplmt_amt: get('pric_uplmt_amt'),
      },
      rec.line,
      errors,
    );
    if (!item) continue;
    const first = seen.get(item.med_list_codg);
    if (first !== undefined) {
      errors.push({
        line: rec.line,
        column: 'med_list_codg',
        message: `"${item.med_list_codg}" already on line ${first}`,
      });
      continue;
    }
    seen.set(item.med_list_codg, rec.line);
    items.push(item);
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items };
}

function csvError(errors: CatalogCsvError[]): StoreError {
  const shown = errors
    .slice(0, 5)
    .map((e) => `line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
  const more = errors.length > 5 ? `; ${errors.length - 5} more` : '';
  return new StoreError(
    'CATALOG_CSV_INVALID',
    { en: `${shown.join('; ')}${more}`, zh: `共 ${errors.length} 处错误：${shown.join('；')}` },
    { details: { errors } },
  );
}

/**
 * Imports a catalog CSV in one transaction. `upsert` adds and updates; `replace` also removes
 * entries absent from the file. Throws CATALOG_CSV_INVALID (details.errors lists each bad line).
 */
export function importCatalogCsv(
  db: BetterSqlite3.Database,
  input: { text: string; source: string; mode?: 'upsert' | 'replace'; actor: string },
  now: Date,
): { importId: number; rows: number } {
  const parsed = parseCatalogCsv(input.text);
  if (!parsed.ok) throw csvError(parsed.errors);
  const mode = input.mode ?? 'upsert';
  const at = now.toISOString();
  return db
    .transaction(() => {
      const info = stmt(
        db,
        'INSERT INTO catalog_imports (source, sha256, mode, row_count, imported_at) VALUES (?, ?, ?, ?, ?)',
      ).run(input.source, sha256Hex(input.text), mode, parsed.items.length, at);
      const importId = Number(info.lastInsertRowid);
      if (mode === 'replace') stmt(db, 'DELETE FROM catalog_items').run();
      const upsert = stmt(
        db,
        `INSERT INTO catalog_items (med_list_codg, name, chrgitm_lv, selfpay_prop, pric_uplmt_amt, import_id, updated_at)
         VALUES (@med_list_codg, @name, @chrgitm_lv, @selfpay_prop, @pric_uplmt_amt, @import_id, @at)
         ON CONFLICT (med_list_codg) DO UPDATE SET name = excluded.name, chrgitm_lv = excluded.chrgitm_lv,
           selfpay_prop = excluded.selfpay_prop, pric_uplmt_amt = excluded.pric_uplmt_amt,
           import_id = excluded.import_id, updated_at = excluded.updated_at`,
      );
      for (const item of parsed.items) upsert.run({ ...item, import_id: importId, at });
      appendAudit(
        db,
        {
          actor: input.actor,
          action: 'catalog.imported',
          entity: 'catalog_import',
          entityId: importId,
          details: { source: input.source, mode, rows: parsed.items.length, sha256: sha256Hex(input.text) },
        },
        now,
      );
      return { importId, rows: parsed.items.length };
    })
    .immediate();
}

const itemRow = z.object({
  med_list_codg: z.string(),
  name: z.string(),
  chrgitm_lv: z.string(),
  selfpay_prop: z.string(),
  pric_uplmt_amt: z.string().nullable(),
});

/** The catalog entry for one code, or undefined. */
export function getCatalogItem(db: BetterSqlite3.Database, medListCodg: string): CatalogItem | undefined {
  const raw = stmt(
    db,
    'SELECT med_list_codg, name, chrgitm_lv, selfpay_prop, pric_uplmt_amt FROM catalog_items WHERE med_list_codg = ?',
  ).get(medListCodg);
  return raw === undefined ? undefined : parseRow(itemRow, raw, `catalog ${medListCodg}`);
}

/** The number of entries in the catalog. */
export function catalogSize(db: BetterSqlite3.Database): number {
  return intSchema.parse(stmt(db, 'SELECT count(*) FROM catalog_items').pluck().get());
}
