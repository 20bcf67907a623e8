/**
 * The billing desk's source of visits and stays. A real desk takes them from the HIS (fee lines
 * uploaded by the wards and clinics); training mode reads build/demo/billing.json: the facility's
 * medical service items and, per demo patient (psn_no), pending visits and stays.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { cartLineSchema, catalogEntrySchema, day, money, zhEn } from '../contract/schemas.js';

const serviceSchema = catalogEntrySchema.omit({ barcode: true }).strict();
const visitSchema = z
  .object({ visitId: z.string().min(1).max(40), date: day, med_type: z.string().regex(/^[0-9]{2,6}$/), dept: zhEn, doctor: z.string(), lines: z.array(cartLineSchema).min(1) })
  .strict();
const staySchema = z
  .object({
    stayId: z.string().min(1).max(40),
    med_type: z.string().regex(/^[0-9]{2,6}$/),
    adm_date: day,
    dscg_date: day,
    dept: zhEn,
    dise_codg: z.string().max(30),
    dise_name: z.string().max(100),
    deposit: money,
    lines: z.array(cartLineSchema).min(1),
  })
  .strict()
  .refine((s) => s.dscg_date >= s.adm_date, 'dscg_date before adm_date');

/** The demo file's shape. */
export const billingDemoSchema = z.object({
  $comment: z.string().optional(),
  services: z.array(serviceSchema),
  patients: z.record(z.string().regex(/^[0-9A-Za-z]{1,30}$/), z.object({ visits: z.array(visitSchema), stays: z.array(staySchema) }).strict()),
});
/** The demo data: services and each patient's pending visits and stays. */
export type BillingDemo = z.infer<typeof billingDemoSchema>;
/** One visit as the HIS (demo) gives it. */
export type HisVisit = z.infer<typeof visitSchema>;
/** One stay as the HIS (demo) gives it. */
export type HisStay = z.infer<typeof staySchema>;

/** Reads and checks the demo file; throws naming the first problem. */
export function loadBillingDemo(file: string): BillingDemo {
  const parsed = billingDemoSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}
