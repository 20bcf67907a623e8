/**
 * The one place where the engine's decimal yuan strings become integer fen for SQLite and back.
 * decimal.js only: no float ever touches an amount, and nothing is rounded here — a string with
 * more than 2 decimals is refused, never rounded.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { storeError } from './errors.js';

// A private constructor so nothing else in the process can change our precision or rounding.
const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});

const MONEY = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
const MAX_SAFE = new Decimal(Number.MAX_SAFE_INTEGER);

/** Converts a yuan string such as "12.30" to integer fen (1230); refuses more than 2 decimals, exponents, blanks. */
export function yuanToFen(text: string): number {
  const m = MONEY.exec(text);
  if (!m) throw storeError('INVALID_AMOUNT', JSON.stringify(text));
  const frac = m[3] ?? '';
  if (frac.length > 2) throw storeError('TOO_MANY_DECIMALS', JSON.stringify(text));
  // Times 100 is a shift of the decimal point, done on the text: exact by construction and, in
  // the bench, five times cheaper than Decimal#times. decimal.js still does the parsing.
  const digits = `${m[2] ?? ''}${frac.padEnd(2, '0')}`.replace(/^0+(?=[0-9])/, '');
  const fen = new Decimal(`${m[1] ?? ''}${digits}`);
  // Up to 15 digits is always below 2^53; only longer strings need the comparison.
  if (digits.length > 15 && fen.abs().gt(MAX_SAFE))
    throw storeError('AMOUNT_OUT_OF_RANGE', JSON.stringify(text));
  const n = fen.toNumber();
  return Object.is(n, -0) ? 0 : n;
}

/** Formats integer fen as the engine's 2-decimal yuan string (1230 → "12.30"). */
export function fenToYuan(fen: number): string {
  assertFen(fen);
  return new Decimal(fen).dividedBy(100).toFixed(2);
}

/** Throws unless the value is a safe integer number of fen. */
export function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw storeError('AMOUNT_OUT_OF_RANGE', String(fen));
}

/** Exact sum of fen amounts; refuses a total beyond the safe integer range. */
export function sumFen(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    assertFen(v);
    total += v;
    assertFen(total);
  }
  return total;
}
