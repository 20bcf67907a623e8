/**
 * The leaves of the national interface as zod schemas. Money, prices, quantities and ratios are
 * decimal strings on the wire, never JSON numbers: a float never touches money. What we send is
 * strict; what a center answers is read tolerantly where domain.md §2.7 warns that stub answers
 * leave amounts blank (a blank or null amount becomes `undefined`, never a made-up zero).
 */
import { z } from 'zod';

/** An amount in yuan (16,2): signed (2208 answers negated amounts), at most 2 decimals. */
export const money = z
  .string()
  .regex(/^-?\d{1,14}(\.\d{1,2})?$/, 'an amount is a decimal string with at most 2 decimals');
/** A price (16,6). */
export const price = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,6})?$/, 'a price is a decimal string with at most 6 decimals');
/** A quantity (16,4). */
export const quantity = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,4})?$/, 'a quantity is a decimal string with at most 4 decimals');
/** A ratio within [0, 1] (5,4). */
export const ratio = z
  .string()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'a ratio is a decimal string within [0, 1]');
/** A 6-character region code (医保区划). */
export const admdvs = z.string().regex(/^\d{6}$/, 'a region code has 6 digits');
/** `yyyy-MM-dd HH:mm:ss`. */
export const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'a time is yyyy-MM-dd HH:mm:ss');
/** `yyyy-MM-dd`. */
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is yyyy-MM-dd');
/** An opaque code or text: a non-empty string of at most `max` characters. */
export const code = (max: number) => z.string().min(1).max(max);
/** A "0"/"1" flag. */
export const flag = z.enum(['0', '1']);

/** An amount a center answers: blank or null reads as absent (domain.md §2.7). */
export const answeredMoney = z
  .union([money, z.literal(''), z.null()])
  .optional()
  .transform((v) => (v === '' || v === null ? undefined : v));
/** A ratio a center answers: blank or null reads as absent. */
export const answeredRatio = z
  .union([z.string().regex(/^\d+(\.\d+)?$/), z.literal(''), z.null()])
  .optional()
  .transform((v) => (v === '' || v === null ? undefined : v));
/** A text a center answers: null reads as absent. */
export const answeredText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v === null ? undefined : v));
/** A count or age a center answers, as a JSON number or a digit string. */
export const answeredCount = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/), z.literal(''), z.null()])
  .optional()
  .transform((v) => (v === '' || v === null || v === undefined ? undefined : String(v)));
/** A 4-digit transaction code (infno, oinfno). */
export const infnoText = z.string().regex(/^\d{4}$/, 'infno is 4 digits');
