import { describe, expect, it } from 'vitest';
import { CJK_FONT_CANDIDATES, PdfError, renderPdf, resolveCjkFont, type PdfDocument } from '../../../electron/service/pdf/index.js';
import { pdfPageCount, pdfStreams, pdfText } from './pdf-text.js';

const hasFont = CJK_FONT_CANDIDATES.some((f) => {
  try {
    resolveCjkFont(f);
    return true;
  } catch {
    return false;
  }
});
if (!hasFont) console.warn('[skip] PDF rendering: no CJK font here (apt-get install fonts-noto-cjk)');

const shiftReport: PdfDocument = {
  title: '交班报表 Shift report',
  subtitle: 'MedSettle 演示药店 · 2025-06-16',
  blocks: [
    { kind: 'rows', heading: '合计 Totals', rows: [{ label: '现金 Cash', value: '123.40', money: true }, { label: '笔数 Count', value: '12' }] },
    {
      kind: 'table',
      heading: '明细 Lines',
      columns: [{ header: '名称 Name', width: 3 }, { header: '数量 Qty', align: 'right' }, { header: '金额 Amount', money: true }],
      rows: [['阿莫西林胶囊', '2', '25.00'], ['甘草片', '1', '8.80']],
      footer: ['合计 Total', '', '33.80'],
    },
    { kind: 'text', text: '待医保结算 Awaiting the center', emphasis: true },
    { kind: 'qr', text: 'P33020000001202506161230000000001', caption: 'msgid P33020000001202506161230000000001' },
  ],
  notes: ['培训模式 — 非正式结算 TRAINING'],
};

describe.skipIf(!hasFont)('renderPdf', () => {
  it('writes a PDF whose text, extracted through the font’s ToUnicode map, has the Chinese and the amounts', async () => {
    const pdf = await renderPdf(shiftReport);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfText(pdf);
    for (const s of ['交班报表 Shift report', '阿莫西林胶囊', '甘草片', '33.80', '123.40', '待医保结算 Awaiting the center', '培训模式', 'msgid P33020000001202506161230000000001'])
      expect(text).toContain(s);
    // The font is embedded (a subset), not referenced by name.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile[23]?\s+\d+ 0 R/);
  });

  it('draws the QR code as vector squares: hundreds of filled rectangles', async () => {
    const withQr = pdfStreams(await renderPdf(shiftReport)).join('\n');
    const without = pdfStreams(await renderPdf({ ...shiftReport, blocks: shiftReport.blocks.filter((b) => b.kind !== 'qr') })).join('\n');
    const rects = (s: string) => (s.match(/ re\b/g) ?? []).length;
    expect(rects(withQr) - rects(without)).toBeGreaterThan(200);
  });

  it('right-aligns money: the amount ends at the right margin whatever its length', async () => {
    const positions = async (value: string) => {
      const pdf = await renderPdf({ title: 'T', page: 'receipt80', blocks: [{ kind: 'rows', rows: [{ label: '现金', value, money: true }] }] }, { compress: false });
      // The x of each text object (BT … 1 0 0 1 x y Tm): the title's, the label's, the value's.
      return [...pdfStreams(pdf).join('\n').matchAll(/1 0 0 1 ([\d.]+) ([\d.]+) Tm/g)].map((m) => Number(m[1]));
    };
    const short = await positions('1.00');
    const long = await positions('12345.00');
    expect(short.at(-1)).toBeGreaterThan(long.at(-1) ?? Infinity);
  });

  it('runs onto a second page when a table is longer than a page', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`药品 ${String(i)}`, '1', '1.00']);
    const pdf = await renderPdf({ title: '长表 Long', blocks: [{ kind: 'table', columns: [{ header: '名称' }, { header: '数量' }, { header: '金额', money: true }], rows }] });
    expect(pdfPageCount(pdf)).toBeGreaterThan(1);
    expect(pdfText(pdf)).toContain('药品 119');
  });
});

describe('the CJK font', () => {
  it('refuses with PDF_FONT_MISSING when no candidate exists', () => {
    expect(() => resolveCjkFont(undefined, [{ path: '/nonexistent/font.ttc', name: 'X' }])).toThrow(PdfError);
    try {
      resolveCjkFont(undefined, []);
    } catch (e) {
      expect(e instanceof PdfError && e.code).toBe('PDF_FONT_MISSING');
    }
  });

  it('refuses a configured font that does not exist, rather than silently using another', async () => {
    await expect(renderPdf(shiftReport, { font: { path: '/nonexistent/cjk.ttf' } })).rejects.toMatchObject({ code: 'PDF_FONT_MISSING' });
  });

  it.skipIf(!hasFont)('refuses a font file that is not a font with PDF_FONT_MISSING', async () => {
    await expect(renderPdf(shiftReport, { font: { path: '/etc/hostname' } })).rejects.toMatchObject({ code: 'PDF_FONT_MISSING' });
  });
});
