/**
 * A person's accumulators for one year and insutype (the engine's `ytd` / `ytd_after` shape).
 * A settlement stores the change it made, so a cancellation or reversal can take exactly that
 * change back out (and a reversed cancellation can put it back).
 */
import { z } from 'zod';
import { dec, yuan } from '../../../settlement/money.js';

const amount = z.string().regex(/^-?\d+(\.\d+)?$/);
/** The accumulators, every key present. */
export const ytdSchema = z.object({
  deductible_paid: amount.default('0.00'),
  inscp_accumulated: amount.default('0.00'),
  admissions: z.number().int().default(0),
  fund_paid: z.record(z.string(), amount).default({}),
  layer_base: z.record(z.string(), amount).default({}),
});
export type Ytd = z.infer<typeof ytdSchema>;

/** Reads stored accumulators (absent → all zero). */
export function readYtd(raw: unknown): Ytd {
  return ytdSchema.parse(raw ?? {});
}

function combine(a: Record<string, string>, b: Record<string, string>, sign: 1 | -1): Record<string, string> {
  const out: Record<string, string> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = yuan(dec(out[k] ?? '0').plus(dec(v).times(sign)));
  return out;
}

/** after − before. */
export function ytdDelta(before: Ytd, after: Ytd): Ytd {
  return {
    deductible_paid: yuan(dec(after.deductible_paid).minus(dec(before.deductible_paid))),
    inscp_accumulated: yuan(dec(after.inscp_accumulated).minus(dec(before.inscp_accumulated))),
    admissions: after.admissions - before.admissions,
    fund_paid: combine(after.fund_paid, before.fund_paid, -1),
    layer_base: combine(after.layer_base, before.layer_base, -1),
  };
}

/** current + sign × delta. */
export function applyYtd(current: Ytd, delta: Ytd, sign: 1 | -1): Ytd {
  return {
    deductible_paid: yuan(dec(current.deductible_paid).plus(dec(delta.deductible_paid).times(sign))),
    inscp_accumulated: yuan(dec(current.inscp_accumulated).plus(dec(delta.inscp_accumulated).times(sign))),
    admissions: current.admissions + sign * delta.admissions,
    fund_paid: combine(current.fund_paid, delta.fund_paid, sign),
    layer_base: combine(current.layer_base, delta.layer_base, sign),
  };
}
