/**
 * A small RFC 4180 CSV reader: comma-separated, double-quoted fields with "" escapes, quoted
 * newlines, CRLF or LF, an optional UTF-8 BOM. Each record keeps the line it starts on so
 * errors can name it.
 */

/** One record and the 1-based line number where it starts. */
export type CsvRecord = { line: number; fields: string[] };

/** A syntax error in the file, with its line. */
export type CsvSyntaxError = { line: number; message: string };

/** Splits CSV text into records; syntax errors are returned, not thrown. Blank lines are skipped. */
export function parseCsv(text: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let afterQuote = false;
    let bad: string | undefined;
    let ended = false;
    while (i < src.length && !ended) {
      const c = src.charAt(i);
      if (quoted) {
        if (c === '"') {
          if (src.charAt(i + 1) === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          afterQuote = true;
        } else {
          if (c === '\n') line += 1;
          field += c;
        }
        i += 1;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n' || (c === '\r' && src.charAt(i + 1) === '\n')) {
        i += c === '\r' ? 1 : 0;
        line += 1;
        ended = true;
      } else if (c === '"' && field === '' && !afterQuote) {
        quoted = true;
      } else if (afterQuote) {
        bad ??= 'text after a closing quote';
      } else if (c === '"') {
        bad ??= 'a quote inside an unquoted field';
      } else {
        field += c;
      }
      i += 1;
    }
    if (quoted) {
      errors.push({ line: start, message: 'a quoted field is never closed' });
      break;
    }
    fields.push(field);
    if (bad !== undefined) errors.push({ line: start, message: bad });
    else if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return { records, errors };
}
