/**
 * Yuan strings ↔ integer fen for the counter's own arithmetic (cash tendered and change). Money
 * is never a float: "12.30" becomes 1230n exactly, and back.
 */

/** Fen of a non-negative yuan string with at most 2 decimals; undefined if it is not one. */
export function yuanToFen(text: string): bigint | undefined {
  const m = /^([0-9]{1,9})(?:\.([0-9]{0,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const whole = m[1] ?? '0';
  const cents = (m[2] ?? '').padEnd(2, '0');
  return BigInt(whole) * 100n + BigInt(cents);
}

/** A yuan string with 2 decimals for a fen amount (negative amounts keep their sign). */
export function fenToYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}
