/**
 * The line split: each fee line into fully self-paid, over the price ceiling, self-pay first,
 * and in scope. Identity 1 holds per line because `inscp_scp_amt` is the exact remainder.
 */
import type { Item } from './schema.js';
import type { Decimal} from './money.js';
import { dec, ONE, roundMoney, ZERO } from './money.js';

/** One line after the split; every amount is already in fen. */
export type SplitLine = {
  item: Item;
  amount: Decimal;
  fulamt_ownpay_amt: Decimal;
  overlmt_amt: Decimal;
  preselfpay_amt: Decimal;
  inscp_scp_amt: Decimal;
};

/** A line's amount: round(pric × cnt), half-up to the fen. */
export function lineAmount(item: Item): Decimal {
  return roundMoney(dec(item.pric).times(dec(item.cnt)), 'half-up');
}

/** Splits one fee line per the contract (its amount is given, already checked against pric × cnt). */
export function splitLine(item: Item, amount: Decimal): SplitLine {
  const selfpayProp = dec(item.selfpay_prop);
  if (item.chrgitm_lv === '03' || selfpayProp.gte(ONE)) {
    // Class C or a self-pay-first ratio of 1: the whole line is the patient's; a ceiling is moot.
    return { item, amount, fulamt_ownpay_amt: amount, overlmt_amt: ZERO, preselfpay_amt: ZERO, inscp_scp_amt: ZERO };
  }
  const pric = dec(item.pric);
  const ceiling = item.pric_uplmt_amt === undefined ? undefined : dec(item.pric_uplmt_amt);
  const overlmt =
    ceiling !== undefined && pric.gt(ceiling) ? roundMoney(pric.minus(ceiling).times(dec(item.cnt)), 'half-up') : ZERO;
  const preselfpay = roundMoney(amount.minus(overlmt).times(selfpayProp), 'half-up');
  return {
    item,
    amount,
    fulamt_ownpay_amt: ZERO,
    overlmt_amt: overlmt,
    preselfpay_amt: preselfpay,
    inscp_scp_amt: amount.minus(overlmt).minus(preselfpay),
  };
}
