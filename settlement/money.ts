/**
 * Money for the engine: decimal.js only, parsed from strings only, rounded in one place.
 *
 * A private Decimal constructor keeps the engine's precision and rounding independent of
 * anything else in the process that configures the global Decimal.
 */
import { Decimal as DecimalJs } from 'decimal.js';

/** The engine's decimal type: 40 significant digits, far beyond 16,2 amounts times 16,4 counts. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/** Rounding modes the engine names at each call; the contract uses only half-up. */
export type RoundingMode = 'half-up';

const modes: Record<RoundingMode, DecimalJs.Rounding> = { 'half-up': DecimalJs.ROUND_HALF_UP };

/** Rounds to 0.01 yuan: the one rounding function; the contract lists the four places it is called. */
export function roundMoney(value: Decimal, mode: RoundingMode): Decimal {
  return value.toDecimalPlaces(2, modes[mode]);
}

/** Parses a decimal string already checked by the request schema. */
export function dec(text: string): Decimal {
  return new Decimal(text);
}

/** Formats an amount as the contract's 2-decimal string; the value must already be in fen. */
export function yuan(value: Decimal): string {
  if (value.isZero()) return '0.00';
  if (value.decimalPlaces() > 2) return value.toFixed(2);
  // toString is exact here (no exponent below 1e40) and far cheaper than toFixed: pad by text.
  const text = value.toString();
  const dot = text.indexOf('.');
  if (dot < 0) return `${text}.00`;
  return text.length - dot === 2 ? `${text}0` : text;
}

/** Formats a ratio as the contract's 4-decimal string. */
export function ratio4(value: Decimal): string {
  return value.toFixed(4);
}

/** Formats a validated ratio string (at most 4 decimals, no sign) with exactly 4, by text alone. */
export function ratioText(text: string): string {
  if (text === '0') return '0.0000';
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  return `${whole.length > 1 ? String(Number(whole)) : whole}.${frac.padEnd(4, '0')}`;
}

/** The smaller of two decimals. */
export function min(a: Decimal, b: Decimal): Decimal {
  return a.lt(b) ? a : b;
}

/** The larger of two decimals. */
export function max(a: Decimal, b: Decimal): Decimal {
  return a.gt(b) ? a : b;
}

/** Clamps a ratio into [0, 1]. */
export function clampRatio(value: Decimal): Decimal {
  return value.lt(ZERO) ? ZERO : value.gt(ONE) ? ONE : value;
}

/** Exact sum of decimals. */
export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
