/**
 * Fault injection for the payment simulators, in the center simulator's style: a spec string
 * (`decline=0.1,timeout=0.05,unknown=0.05,dup=0.2,latency=0-50,seed=7`) replaceable at runtime
 * through POST /sim/faults.
 *
 * - decline=P: refuse the payment (insufficient funds) / fail the refund;
 * - timeout=P: never answer and never handle the request;
 * - unknown=P: handle and commit it, then destroy the socket (paid but the answer lost);
 * - dup=P: send each notification twice;
 * - latency=MS or MIN-MAX: wait before handling (slow);
 * - seed=N: the random sequence.
 * Per-request faults are exclusive: one draw picks at most one.
 */
import { seededRandom } from '../../center/sim/faults.js';

/** A validated fault configuration. */
export type PayFaults = { decline: number; timeout: number; unknown: number; dup: number; latencyMs: readonly [number, number]; seed: number };

/** No faults. */
export const NO_PAY_FAULTS: PayFaults = { decline: 0, timeout: 0, unknown: 0, dup: 0, latencyMs: [0, 0], seed: 1 };

/** Parses a spec; an error message names the bad pair. */
export function parsePayFaults(spec: string): { ok: true; value: PayFaults } | { ok: false; error: string } {
  const out: { -readonly [K in keyof PayFaults]: PayFaults[K] } = { ...NO_PAY_FAULTS };
  for (const pair of spec.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [key = '', value = ''] = pair.split('=');
    if (key === 'latency') {
      const m = /^(\d{1,6})(?:-(\d{1,6}))?$/.exec(value);
      if (!m) return { ok: false, error: `latency must be MS or MIN-MAX, got "${value}"` };
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      if (hi < lo) return { ok: false, error: `latency ${value}: MIN above MAX` };
      out.latencyMs = [lo, hi];
    } else if (key === 'seed') {
      if (!/^\d{1,10}$/.test(value)) return { ok: false, error: `seed must be a whole number, got "${value}"` };
      out.seed = Number(value);
    } else if (key === 'decline' || key === 'timeout' || key === 'unknown' || key === 'dup') {
      if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(value)) return { ok: false, error: `${key} must be a probability 0..1, got "${value}"` };
      out[key] = Number(value);
    } else {
      return { ok: false, error: `unknown fault "${key}" (decline, timeout, unknown, dup, latency, seed)` };
    }
  }
  return { ok: true, value: out };
}

/** What goes wrong with one request. */
export type PayFaultAction = 'none' | 'decline' | 'timeout' | 'unknown';

/** Draws faults request by request. */
export function payFaultPlan(config: PayFaults): { config: PayFaults; decide: () => { action: PayFaultAction; latencyMs: number }; dup: () => boolean } {
  const random = seededRandom(config.seed);
  return {
    config,
    decide() {
      const [lo, hi] = config.latencyMs;
      const latencyMs = lo + Math.floor(random() * (hi - lo + 1));
      const r = random();
      let edge = config.decline;
      if (r < edge) return { action: 'decline', latencyMs };
      edge += config.timeout;
      if (r < edge) return { action: 'timeout', latencyMs };
      edge += config.unknown;
      if (r < edge) return { action: 'unknown', latencyMs };
      return { action: 'none', latencyMs };
    },
    dup: () => random() < config.dup,
  };
}
