/**
 * The counter's catalog: what can be sold here, at what price, with its insurance category.
 * Loaded from a CSV (the demo one in training mode); searched by name, code or barcode.
 */
import { readFileSync } from 'node:fs';
import { catalogEntrySchema, type CatalogEntry } from './contract.js';

const COLUMNS = ['barcode', 'med_list_codg', 'name', 'spec', 'pric', 'chrgitm_lv', 'selfpay_prop'] as const;

/** A loaded catalog. */
export type Catalog = {
  readonly size: number;
  /** The entry with this exact barcode. */
  byBarcode(barcode: string): CatalogEntry | undefined;
  /** The entry with this insurance code. */
  byCode(code: string): CatalogEntry | undefined;
  /** Entries whose name, code or barcode contains the query (case-insensitive), in file order. */
  search(query: string, limit: number): CatalogEntry[];
};

/** Parses the catalog CSV (simple: no quoted commas); throws naming the first bad line. */
export function parseCatalog(text: string): CatalogEntry[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (header?.join(',') !== COLUMNS.join(',')) throw new Error(`catalog header must be ${COLUMNS.join(',')}`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const row = Object.fromEntries(COLUMNS.map((c, j) => [c, cells[j] ?? '']));
    const parsed = catalogEntrySchema.safeParse(row);
    if (!parsed.success) throw new Error(`catalog line ${i + 2}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  });
}

/** Builds the catalog over parsed entries. */
export function createCatalog(entries: readonly CatalogEntry[]): Catalog {
  const barcodes = new Map(entries.map((e) => [e.barcode, e]));
  const codes = new Map(entries.map((e) => [e.med_list_codg, e]));
  return {
    size: entries.length,
    byBarcode: (barcode) => barcodes.get(barcode.trim()),
    byCode: (code) => codes.get(code),
    search(query, limit) {
      const q = query.trim().toLowerCase();
      const hits = q === '' ? entries : entries.filter((e) => [e.name, e.med_list_codg, e.barcode].some((s) => s.toLowerCase().includes(q)));
      return hits.slice(0, limit);
    },
  };
}

/** Loads a catalog CSV file. */
export function loadCatalog(file: string): Catalog {
  return createCatalog(parseCatalog(readFileSync(file, 'utf8')));
}
