/**
 * PDF documents of the terminal: receipts, the end-of-shift report, kiosk statements. One small
 * declarative shape (PdfDocument) rendered by pdfkit with an embedded CJK font, so Chinese text
 * prints the same on every machine. Plain Node; the service's handlers call it and hand the
 * renderer base64.
 *
 * Usage (any handler):
 *
 *   import { renderPdf, pdfBase64, PdfError, type PdfDocument } from '../pdf/index.js';
 *   const doc: PdfDocument = {
 *     title: '交班报表 Shift report',
 *     subtitle: 'MedSettle 演示药店 · 2025-06-16',
 *     page: 'a4',                                   // or 'receipt80' (80 mm roll)
 *     blocks: [
 *       { kind: 'rows', heading: '合计 Totals', rows: [
 *           { label: '现金 Cash', value: '123.40', money: true },
 *           { label: '笔数 Count', value: '12' } ] },
 *       { kind: 'table', heading: '明细 Lines',
 *         columns: [{ header: '名称 Name' }, { header: '数量 Qty', align: 'right' },
 *                   { header: '金额 Amount', money: true }],
 *         rows: [['阿莫西林胶囊', '2', '25.00']], footer: ['合计', '', '25.00'] },
 *       { kind: 'text', text: '待医保结算 Awaiting the center', emphasis: true },
 *       { kind: 'qr', text: msgid, caption: 'msgid ' + msgid },
 *     ],
 *     notes: ['培训模式 — 非正式结算 TRAINING'],
 *   };
 *   const pdf = await renderPdf(doc, { font: config.pdf?.font });   // Buffer, starts with %PDF
 *
 * Money values are the decimal strings of the contract (never numbers); money columns and rows
 * are right-aligned. Fonts: `font.path` (a .ttf/.otf/.ttc) and, for a collection, `font.name`
 * (its PostScript name, e.g. NotoSansCJKsc-Regular); otherwise the first CJK font found among
 * CJK_FONT_CANDIDATES (Debian/Ubuntu fonts-noto-cjk, which .ci/run installs; WenQuanYi; Windows
 * Microsoft YaHei / SimSun; macOS PingFang). No CJK font: PdfError with code PDF_FONT_MISSING.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** A label and its value; money values are right-aligned decimal strings. */
export type PdfRow = { label: string; value: string; money?: boolean; strong?: boolean };
/** A table column; `money` implies right alignment. `width` is a share of the line (default equal). */
export type PdfColumn = { header: string; money?: boolean; align?: 'left' | 'right'; width?: number };
/** One block of a document, drawn top to bottom. */
export type PdfBlock =
  | { kind: 'rows'; heading?: string; rows: PdfRow[] }
  | { kind: 'table'; heading?: string; columns: PdfColumn[]; rows: string[][]; footer?: string[] }
  | { kind: 'text'; text: string; emphasis?: boolean }
  | { kind: 'qr'; text: string; caption?: string };
/** A document: a title, blocks, notes at the end. */
export type PdfDocument = {
  title: string;
  subtitle?: string;
  /** 'a4' (default) or 'receipt80': an 80 mm roll (72 mm printable), pages as long as needed. */
  page?: 'a4' | 'receipt80';
  blocks: PdfBlock[];
  notes?: string[];
  /** The document's metadata (PDF Info): author, subject. */
  author?: string;
  subject?: string;
};
/** Where the CJK font is: a file and, for a .ttc collection, the PostScript name in it. */
export type PdfFont = { path: string; name?: string };
/** Rendering options: the font (config.pdf.font), and compression (tests turn it off). */
export type PdfOptions = { font?: PdfFont | undefined; compress?: boolean };

/** The codes PdfError carries. */
export type PdfErrorCode = 'PDF_FONT_MISSING' | 'PDF_RENDER_FAILED';
/** A PDF that could not be made, with a stable code. */
export class PdfError extends Error {
  override readonly name = 'PdfError';
  constructor(
    readonly code: PdfErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** CJK fonts looked for when none is configured, in order. */
export const CJK_FONT_CANDIDATES: readonly PdfFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', name: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', name: 'WenQuanYiZenHei' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', name: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simsun.ttc', name: 'SimSun' },
  { path: '/System/Library/Fonts/PingFang.ttc', name: 'PingFangSC-Regular' },
];

/** The font to use: the configured one (which must exist) or the first candidate present. */
export function resolveCjkFont(configured?: PdfFont, candidates: readonly PdfFont[] = CJK_FONT_CANDIDATES): PdfFont {
  if (configured) {
    if (existsSync(configured.path)) return configured;
    throw new PdfError('PDF_FONT_MISSING', `the configured PDF font ${configured.path} does not exist / 配置的PDF字体文件不存在`);
  }
  const found = candidates.find((f) => existsSync(f.path));
  if (found) return found;
  throw new PdfError(
    'PDF_FONT_MISSING',
    'no CJK font for PDF documents: install fonts-noto-cjk or set pdf.font.path in the configuration / 没有可用的中文字体',
  );
}

const MM = 72 / 25.4;
const PAGES = { a4: { size: 'A4' as const, margin: 48, base: 10 }, receipt80: { size: [80 * MM, 297 * MM] as [number, number], margin: 4 * MM, base: 8 } };

/** Renders a document to PDF bytes (starts with %PDF). Throws PdfError. */
export async function renderPdf(doc: PdfDocument, options: PdfOptions = {}): Promise<Buffer> {
  const font = resolveCjkFont(options.font);
  const layout = PAGES[doc.page ?? 'a4'];
  const pdf = new PDFDocument({
    size: layout.size,
    margin: layout.margin,
    compress: options.compress ?? true,
    info: { Title: doc.title, Author: doc.author ?? 'MedSettle', Subject: doc.subject ?? doc.title },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    pdf.on('error', reject);
  });
  try {
    pdf.registerFont('cjk', font.path, font.name);
    pdf.font('cjk');
  } catch (cause) {
    pdf.end();
    throw new PdfError('PDF_FONT_MISSING', `cannot load the PDF font ${font.path}${font.name ? ` (${font.name})` : ''} / 无法加载PDF字体`, { cause });
  }
  try {
    await draw(pdf, doc, layout.base);
  } catch (cause) {
    pdf.end();
    throw new PdfError('PDF_RENDER_FAILED', `the PDF could not be drawn / 无法生成PDF: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  pdf.end();
  return ended;
}

/** The PDF as base64, for a channel's output. */
export async function pdfBase64(doc: PdfDocument, options: PdfOptions = {}): Promise<string> {
  return (await renderPdf(doc, options)).toString('base64');
}

async function draw(pdf: PDFKit.PDFDocument, doc: PdfDocument, base: number): Promise<void> {
  const left = pdf.page.margins.left;
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
  const line = (text: string, size: number, align: 'left' | 'center' = 'left'): void => {
    pdf.fontSize(size).text(text, left, pdf.y, { width, align });
  };
  line(doc.title, base * 1.6, 'center');
  if (doc.subtitle) line(doc.subtitle, base, 'center');
  pdf.moveDown(0.5);
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'rows':
        if (block.heading) heading(pdf, block.heading, base, left, width);
        for (const row of block.rows) cells(pdf, [row.label, row.value], [{ header: '' }, { header: '', money: row.money ?? false, align: 'right' }], base * (row.strong ? 1.15 : 1), left, width);
        break;
      case 'table':
        if (block.heading) heading(pdf, block.heading, base, left, width);
        cells(pdf, block.columns.map((c) => c.header), block.columns, base * 0.9, left, width);
        rule(pdf, left, width);
        for (const row of block.rows) cells(pdf, row, block.columns, base, left, width);
        if (block.footer) {
          rule(pdf, left, width);
          cells(pdf, block.footer, block.columns, base, left, width);
        }
        break;
      case 'text':
        pdf.moveDown(0.3);
        line(block.text, block.emphasis ? base * 1.3 : base, block.emphasis ? 'center' : 'left');
        break;
      case 'qr':
        await qr(pdf, block.text, block.caption, base, left, width);
        break;
    }
    pdf.moveDown(0.4);
  }
  for (const note of doc.notes ?? []) line(note, base * 0.85);
}

function heading(pdf: PDFKit.PDFDocument, text: string, base: number, left: number, width: number): void {
  pdf.moveDown(0.3);
  pdf.fontSize(base * 1.15).text(text, left, pdf.y, { width });
  rule(pdf, left, width);
}

function rule(pdf: PDFKit.PDFDocument, left: number, width: number): void {
  const y = pdf.y + 1;
  pdf.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).stroke();
  pdf.y = y + 2;
}

/** One line of cells; each column gets its share of the width; money columns right-aligned. */
function cells(pdf: PDFKit.PDFDocument, values: readonly string[], columns: readonly PdfColumn[], size: number, left: number, width: number): void {
  const shares = columns.map((c) => c.width ?? 1);
  const total = shares.reduce((a, b) => a + b, 0);
  const gap = 4;
  const top = pdf.y;
  let x = left;
  let bottom = top;
  pdf.fontSize(size);
  columns.forEach((column, i) => {
    const w = (width * (shares[i] ?? 1)) / total;
    const align = column.money === true || column.align === 'right' ? 'right' : 'left';
    pdf.text(values[i] ?? '', x, top, { width: Math.max(w - gap, 1), align });
    bottom = Math.max(bottom, pdf.y);
    x += w;
  });
  pdf.x = left;
  pdf.y = bottom;
  if (pdf.y > pdf.page.height - pdf.page.margins.bottom - size * 2) pdf.addPage();
}

/** The QR code as vector squares (no image), centred, with its caption under it. */
async function qr(pdf: PDFKit.PDFDocument, text: string, caption: string | undefined, base: number, left: number, width: number): Promise<void> {
  // create() is synchronous; the await keeps the door open for an async encoder.
  const code = await Promise.resolve(QRCode.create(text, { errorCorrectionLevel: 'M' }));
  const n = code.modules.size;
  const side = Math.min(width, base * 12);
  const cell = side / (n + 8);
  if (pdf.y + side > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
  const x0 = left + (width - side) / 2 + 4 * cell;
  const y0 = pdf.y + 4 * cell;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (code.modules.get(r, c)) pdf.rect(x0 + c * cell, y0 + r * cell, cell, cell);
  pdf.fill('black');
  pdf.y = y0 + (n + 4) * cell;
  if (caption) pdf.fontSize(base * 0.8).text(caption, left, pdf.y, { width, align: 'center' });
}
