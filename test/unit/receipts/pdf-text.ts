/**
 * A small PDF text extractor for tests: inflates the streams, reads the fonts' ToUnicode CMaps
 * and decodes the hex glyph strings of the content streams' TJ/Tj operators. Enough for what
 * pdfkit writes with one Identity-H font; it fails loudly rather than guess on anything else.
 */
import { inflateSync } from 'node:zlib';

/** The streams of a PDF, inflated when FlateDecode. */
export function pdfStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  const re = /<<((?:(?!>>\s*stream)[\s\S])*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) throw new Error('a stream without endstream');
    const raw = pdf.subarray(start, end);
    const dict = m[1] ?? '';
    out.push(/\/FlateDecode/.test(dict) ? inflateSync(raw).toString('latin1') : raw.toString('latin1'));
  }
  return out;
}

/** Glyph code → text from every ToUnicode CMap in the streams. */
export function toUnicode(streams: readonly string[]): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (hex: string): string => {
    const units: number[] = [];
    for (let i = 0; i < hex.length; i += 4) units.push(Number.parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const s of streams) {
    if (!s.includes('begincmap')) continue;
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const lo = Number.parseInt(r[1] ?? '', 16);
        const hi = Number.parseInt(r[2] ?? '', 16);
        const dst = r[3] ?? '';
        if (dst.startsWith('[')) {
          // A ligature maps to several units written with spaces: <0066 0066> is "ff".
          const items = [...dst.matchAll(/<([0-9a-fA-F ]+)>/g)].map((x) => (x[1] ?? '').replaceAll(' ', ''));
          items.forEach((h, i) => map.set(lo + i, hexText(h)));
        } else {
          const first = Number.parseInt(dst.slice(1, -1), 16);
          for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(first + c - lo));
        }
      }
    }
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const r of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(Number.parseInt(r[1] ?? '', 16), hexText(r[2] ?? ''));
  }
  return map;
}

/** The text drawn by the content streams, one line per TJ/Tj. */
export function pdfText(pdf: Buffer): string {
  const streams = pdfStreams(pdf);
  const cmap = toUnicode(streams);
  if (cmap.size === 0) throw new Error('no ToUnicode CMap in the PDF');
  const lines: string[] = [];
  for (const s of streams) {
    for (const op of s.matchAll(/(\[(?:[^\]]*)\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g)) {
      let line = '';
      for (const h of (op[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)) {
        const hex = h[1] ?? '';
        for (let i = 0; i < hex.length; i += 4) {
          const code = Number.parseInt(hex.slice(i, i + 4), 16);
          const ch = cmap.get(code);
          if (ch === undefined) throw new Error(`glyph ${code} has no Unicode mapping`);
          line += ch;
        }
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}

/** The page count from the page tree's root /Count. */
export function pdfPageCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages[\s\S]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  if (counts.length === 0) throw new Error('no page tree');
  return Math.max(...counts);
}
