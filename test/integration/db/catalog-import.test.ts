import { afterEach, describe, expect, it } from 'vitest';
import { catalogSize, getCatalogItem, importCatalogCsv } from '../../../db/catalog.js';
import { StoreError } from '../../../db/errors.js';
import { verifyAuditChain } from '../../../db/audit.js';
import { T0, tempStore } from '../../unit/db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  return t.store.db;
}

const GOOD = [
  'med_list_codg,name,chrgitm_lv,selfpay_prop,pric_uplmt_amt',
  'XA10BFA001,阿卡波糖片,01,0,',
  'XA10BXR001,瑞格列奈片,02,0.10,30.000000',
  'XN99ZZZ001,美容项目,03,1,',
].join('\r\n');

describe('importing the local catalog (就医地目录) from CSV', () => {
  it('imports a good file and looks entries up by code', () => {
    const db = setup();
    expect(importCatalogCsv(db, { text: GOOD, source: 'catalog-2025-03.csv', actor: 'sup1' }, T0)).toEqual({
      importId: 1,
      rows: 3,
    });
    expect(getCatalogItem(db, 'XA10BXR001')).toEqual({
      med_list_codg: 'XA10BXR001',
      name: '瑞格列奈片',
      chrgitm_lv: '02',
      selfpay_prop: '0.10',
      pric_uplmt_amt: '30.000000',
    });
    expect(getCatalogItem(db, 'XA10BFA001')?.pric_uplmt_amt).toBeNull();
    expect(getCatalogItem(db, 'NOPE')).toBeUndefined();
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, count: 1 });
  });

  it('updates in upsert mode and drops absent entries in replace mode', () => {
    const db = setup();
    importCatalogCsv(db, { text: GOOD, source: 'a.csv', actor: 'sup1' }, T0);
    const update =
      'med_list_codg,name,chrgitm_lv,selfpay_prop,pric_uplmt_amt\nXA10BXR001,瑞格列奈片,02,0.15,28\n';
    importCatalogCsv(db, { text: update, source: 'b.csv', actor: 'sup1' }, T0);
    expect(catalogSize(db)).toBe(3);
    expect(getCatalogItem(db, 'XA10BXR001')?.selfpay_prop).toBe('0.15');
    importCatalogCsv(db, { text: update, source: 'c.csv', mode: 'replace', actor: 'sup1' }, T0);
    expect(catalogSize(db)).toBe(1);
  });

  it('imports nothing from a file with bad lines, and names each line', () => {
    const db = setup();
    const bad = `${GOOD}\r\nXB01,坏等级,9,0,\r\nXB02,坏比例,02,abc,\r\n`;
    let caught: unknown;
    try {
      importCatalogCsv(db, { text: bad, source: 'bad.csv', actor: 'sup1' }, T0);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StoreError);
    if (!(caught instanceof StoreError)) return;
    expect(caught.code).toBe('CATALOG_CSV_INVALID');
    expect(caught.en).toContain('line 5 (chrgitm_lv)');
    expect(caught.en).toContain('line 6 (selfpay_prop)');
    expect(caught.zh).toContain('共 2 处错误');
    expect(caught.details).toEqual({
      errors: [
        { line: 5, column: 'chrgitm_lv', message: '"9" is not 01, 02 or 03' },
        { line: 6, column: 'selfpay_prop', message: '"abc" is not a decimal' },
      ],
    });
    expect(catalogSize(db)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM catalog_imports').pluck().get()).toBe(0);
  });
});
