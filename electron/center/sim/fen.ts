/**
 * Amounts in the simulator's SQLite are integer fen, as everywhere in MedSettle's storage;
 * decimal strings outside. Conversion goes through decimal.js, never through a float product.
 */
import { dec, Decimal } from '../../../settlement/money.js';

/** "12.30" → 1230. Throws on more than 2 decimals: callers pass validated amounts. */
export function toFen(amount: string): number {
  const fen = dec(amount).times(100);
  if (!fen.isInteger()) throw new RangeError(`${amount} has more than 2 decimals`);
  return fen.toNumber();
}

/** 1230 → "12.30". */
export function fromFen(fen: number): string {
  return new Decimal(fen).dividedBy(100).toFixed(2);
}
