/**
 * What can be settled: an order. The pharmacy's (and the kiosk's) cart today; the billing desk
 * adds its outpatient visit and inpatient discharge as further members of this union. Payments
 * collect the patient's share of an order before it is settled (issue 6), so every workplace
 * settles through the same ordering.
 */
import { z } from 'zod';
import { cartLineSchema } from './schemas.js';

/** A cart of catalog items (pharmacy 2102, med_type 41). */
export const cartOrderSchema = z.object({ kind: z.literal('cart'), lines: z.array(cartLineSchema).min(1).max(200) }).strict();

/**
 * An outpatient visit at the billing desk (2207): its fee lines (catalog items or medical
 * services, priced by the facility's lists) and med_type (11 普通门诊 by default). `visitId` names
 * the HIS visit being settled, or null for lines the clerk entered.
 */
export const outpatientOrderSchema = z
  .object({
    kind: z.literal('outpatient'),
    visitId: z.string().min(1).max(40).nullable(),
    med_type: z.string().regex(/^[0-9]{2,6}$/, 'a med_type code'),
    lines: z.array(cartLineSchema).min(1).max(500),
  })
  .strict();

/**
 * An inpatient discharge at the billing desk (2304): the stay by its id, and the fee lines the
 * clerk saw (they must be the stay's: a stay that changed meanwhile is refused).
 */
export const inpatientOrderSchema = z
  .object({ kind: z.literal('inpatient'), stayId: z.string().min(1).max(40), lines: z.array(cartLineSchema).min(1).max(1000) })
  .strict();

/** Every kind of order, by `kind`. */
export const orderSchema = z.discriminatedUnion('kind', [cartOrderSchema, outpatientOrderSchema, inpatientOrderSchema]);
/** An order to pre-settle and settle. */
export type Order = z.infer<typeof orderSchema>;
/** One kind of order. */
export type OrderKind = Order['kind'];

/** Who settles and how the center is told (opter_type 1 = an operator at a counter, 2 = self-service). */
export const settleHowSchema = z.object({ opter_type: z.enum(['1', '2']) }).strict();
/** How an order is settled. */
export type SettleHow = z.infer<typeof settleHowSchema>;
