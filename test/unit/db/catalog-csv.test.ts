import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../db/csv.js';
import { parseCatalogCsv } from '../../../db/catalog.js';

const HEADER = 'med_list_codg,name,chrgitm_lv,selfpay_prop,pric_uplmt_amt';

describe('the CSV reader', () => {
  it("reads quoted fields with commas, doubled quotes and newlines, and keeps each record's first line", () => {
    const { records, errors } = parseCsv('a,b\r\n"x, y","he said ""hi"""\n"two\nlines",z\n\nlast,1');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'he said "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 6, fields: ['last', '1'] },
    ]);
  });

  it('skips a UTF-8 BOM', () => {
    expect(parseCsv('\uFEFFa,b').records[0]?.fields).toEqual(['a', 'b']);
  });

  it('reports an unclosed quote and stray quotes with their line', () => {
    expect(parseCsv('a,b\n"open,b\nc,d').errors).toEqual([
      { line: 2, message: 'a quoted field is never closed' },
    ]);
    expect(parseCsv('a,b\nx"y,1').errors).toEqual([{ line: 2, message: 'a quote inside an unquoted field' }]);
    expect(parseCsv('a,b\n"x"y,1').errors).toEqual([{ line: 2, message: 'text after a closing quote' }]);
  });
});

describe('catalog CSV validation', () => {
  it('accepts a good file in any column order, an empty ceiling meaning none', () => {
    const parsed = parseCatalogCsv(
      'name,med_list_codg,chrgitm_lv,pric_uplmt_amt,selfpay_prop\n阿卡波糖片,XA10BFA001,01,,0\n"瑞格列奈片, 1mg",XA10BXR001,02,10.500000,0.10\n',
    );
    expect(parsed).toEqual({
      ok: true,
      items: [
        {
          med_list_codg: 'XA10BFA001',
          name: '阿卡波糖片',
          chrgitm_lv: '01',
          selfpay_prop: '0',
          pric_uplmt_amt: null,
        },
        {
          med_list_codg: 'XA10BXR001',
          name: '瑞格列奈片, 1mg',
          chrgitm_lv: '02',
          selfpay_prop: '0.10',
          pric_uplmt_amt: '10.500000',
        },
      ],
    });
  });

  it('names every bad line and column', () => {
    const text = [
      HEADER,
      'A1,好药,01,0,',
      'A2,坏等级,09,0,',
      'A3,比例太大,02,1.5,',
      'A4,小数太多,02,0.12345,',
      'A5,负的限价,02,0,-1',
      'A1,重复,01,0,',
      'A6,少一列,01,0',
      ',无编码,01,0,',
    ].join('\n');
    const parsed = parseCatalogCsv(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'chrgitm_lv'],
      [4, 'selfpay_prop'],
      [5, 'selfpay_prop'],
      [6, 'pric_uplmt_amt'],
      [7, 'med_list_codg'],
      [8, undefined],
      [9, 'med_list_codg'],
    ]);
    expect(parsed.errors[4]?.message).toContain('already on line 2');
  });

  it('refuses a header with an unknown or missing column', () => {
    const parsed = parseCatalogCsv('med_list_codg,name,chrgitm_lv,selfpay,pric_uplmt_amt\nA,b,01,0,\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      { line: 1, column: 'selfpay', message: 'unknown column "selfpay"' },
      { line: 1, column: 'selfpay_prop', message: 'missing column "selfpay_prop"' },
    ]);
  });

  it('refuses an empty file', () => {
    expect(parseCatalogCsv('')).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'the file is empty: a header line is required' }],
    });
  });
});
