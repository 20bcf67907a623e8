/**
 * Which policy the simulated center applies: the pack configured for the person's insured region
 * and insutype whose year holds the visit date, with the fault configuration's drift added to
 * every benefit's ratio_adjust (so its split can differ from the terminal's on purpose).
 */
import { bundledPolicy } from '../../../settlement/index.js';
import { dec } from '../../../settlement/money.js';
import type { SimConfig } from './config.js';

type RawPolicy = Record<string, unknown>;

const asObject = (value: unknown): RawPolicy | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RawPolicy) : undefined;

function covers(policy: RawPolicy, date: string): boolean {
  const from = policy.valid_from;
  const to = policy.valid_to;
  return typeof from === 'string' && typeof to === 'string' && from <= date && date <= to;
}

/** Adds `drift` to each benefit's ratio_adjust, clamped to [−1, 1], as a 4-decimal string. */
export function withDrift(policy: RawPolicy, drift: string): RawPolicy {
  if (dec(drift).isZero()) return policy;
  const benefits = Array.isArray(policy.benefits) ? policy.benefits : [];
  return {
    ...policy,
    benefits: benefits.map((b: unknown) => {
      const benefit = asObject(b);
      if (!benefit) return b;
      const current = typeof benefit.ratio_adjust === 'string' ? benefit.ratio_adjust : '0';
      let adjusted = dec(current).plus(dec(drift));
      if (adjusted.gt(1)) adjusted = dec('1');
      if (adjusted.lt(-1)) adjusted = dec('-1');
      return { ...benefit, ratio_adjust: adjusted.toFixed(4) };
    }),
  };
}

/** The raw policy for a person's region and insutype on a date, or undefined when none is configured. */
export function routePolicy(
  config: SimConfig,
  admdvs: string,
  insutype: string,
  date: string,
  drift: string,
): RawPolicy | undefined {
  const route = config.policies.find((r) => r.admdvs === admdvs && r.insutype === insutype);
  if (!route) return undefined;
  const candidates = route.packs
    .map((p) => asObject(typeof p === 'string' ? bundledPolicy(p) : p))
    .filter((p) => p !== undefined);
  // Outside every pack's year the first one still goes to the engine, which answers POLICY_NOT_APPLICABLE.
  const chosen = candidates.find((p) => covers(p, date)) ?? candidates[0];
  return chosen ? withDrift(chosen, drift) : undefined;
}
