/**
 * The one banded-payment function. The basic fund and every further layer pay through it:
 * each band's ratio (plus the rule's adjustment, clamped to [0, 1]) on the part of a span of
 * the cumulative axis that lies inside the band.
 */
import type { Band } from './schema.js';
import type { Decimal} from './money.js';
import { clampRatio, dec, max, min, ZERO } from './money.js';

/** One band's share of a span: the axis interval it covered, its ratio, the exact payment. */
export type BandPortion = { index: number; from: Decimal; to: Decimal; ratio: Decimal; exact: Decimal };

/** What a span pays: exact (unrounded) total, each band's portion, and the ratio at the top. */
export type BandPayment = { exact: Decimal; portions: BandPortion[]; topRatio: Decimal };

/**
 * Pays `bands` on the axis span [from, to]. Band i covers (previous up_to, up_to]; the first
 * starts at 0, the last is open. `topRatio` is the effective ratio of the band that holds
 * `to` (0 when the span is empty): the contract's `pool_prop_selfpay`.
 */
export function payBands(bands: readonly Band[], ratioAdjust: Decimal, from: Decimal, to: Decimal): BandPayment {
  const portions: BandPortion[] = [];
  let exact = ZERO;
  let topRatio = ZERO;
  if (!to.gt(from)) return { exact, portions, topRatio };
  let lower = ZERO;
  for (const [index, band] of bands.entries()) {
    const upper = band.up_to === undefined ? undefined : dec(band.up_to);
    const ratio = clampRatio(dec(band.ratio).plus(ratioAdjust));
    const lo = max(from, lower);
    const hi = upper === undefined ? to : min(to, upper);
    if (hi.gt(lo)) {
      const pay = hi.minus(lo).times(ratio);
      portions.push({ index, from: lo, to: hi, ratio, exact: pay });
      exact = exact.plus(pay);
    }
    if (to.gt(lower) && (upper === undefined || !to.gt(upper))) {
      topRatio = ratio;
      break;
    }
    if (upper !== undefined) lower = upper;
  }
  return { exact, portions, topRatio };
}
