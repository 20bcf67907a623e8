/**
 * The line split: each fee line into fully self-paid, over the price ceiling, self-pay first,
 * and in scope. Identity 1 holds per line because `inscp_scp_amt` is the exact remainder.
 */
import type { Item } from './schema.js';
import { dec, ONE, roundMoney, ZERO } from './money.js';
import type { Decimal } from './money.js';

/** A fee line's numbers, each parsed once from its decimal string. */
export type LineNumbers = { pric: Decimal; cnt: Decimal; selfpayProp: Decimal; ceiling: Decimal | undefined };

/** One line after the split; every amount is already in fen. */
export type SplitLine = {
  item: Item;
  amount: Decimal;
  fulamt_ownpay_amt: Decimal;
  overlmt_amt: Decimal;
  preselfpay_amt: Decimal;
  inscp_scp_amt: Decimal;
};

/** Parses a validated line's decimal strings. */
export function lineNumbers(item: Item): LineNumbers {
  return {
    pric: dec(item.pric),
    cnt: dec(item.cnt),
    selfpayProp: item.selfpay_prop === '0' ? ZERO : dec(item.selfpay_prop),
    ceiling: item.pric_uplmt_amt === undefined ? undefined : dec(item.pric_uplmt_amt),
  };
}

/** A line's amount: round(pric × cnt), half-up to the fen. */
export function lineAmount(n: LineNumbers): Decimal {
  return roundMoney(n.pric.times(n.cnt), 'half-up');
}

/** Splits one fee line per the contract (its amount is given, already checked against pric × cnt). */
export function splitLine(item: Item, n: LineNumbers, amount: Decimal): SplitLine {
  if (item.chrgitm_lv === '03' || n.selfpayProp.gte(ONE)) {
    // Class C or a self-pay-first ratio of 1: the whole line is the patient's; a ceiling is moot.
    return { item, amount, fulamt_ownpay_amt: amount, overlmt_amt: ZERO, preselfpay_amt: ZERO, inscp_scp_amt: ZERO };
  }
  const overlmt =
    n.ceiling !== undefined && n.pric.gt(n.ceiling) ? roundMoney(n.pric.minus(n.ceiling).times(n.cnt), 'half-up') : ZERO;
  const scoped = amount.minus(overlmt);
  const preselfpay = n.selfpayProp.isZero() ? ZERO : roundMoney(scoped.times(n.selfpayProp), 'half-up');
  return {
    item,
    amount,
    fulamt_ownpay_amt: ZERO,
    overlmt_amt: overlmt,
    preselfpay_amt: preselfpay,
    inscp_scp_amt: scoped.minus(preselfpay),
  };
}
