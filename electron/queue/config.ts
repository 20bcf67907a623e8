/**
 * The queue's settings: offline limits, the uploader's backoff and timing. One validated object
 * with safe defaults; no configuration at all gives the defaults. Money is a yuan string here and
 * integer fen once parsed (`resolveQueueConfig`).
 */
import { z } from 'zod';
import { yuanToFen } from '../../db/fen.js';
import { queueError, type QueueResult } from './errors.js';

const yuan = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan, at most 2 decimals');

/** Limits on provisional (offline) settlements; beyond any of them the counter says self-pay only. */
export const offlineLimitsSchema = z.object({
  /** Largest insured share (funds + personal account) of one provisional settlement, yuan. */
  maxPerSettlement: yuan.default('500.00'),
  /** Largest insured share of all provisional settlements awaiting confirmation, yuan. */
  maxOutstandingAmount: yuan.default('5000.00'),
  /** Most provisional settlements awaiting confirmation. */
  maxOutstandingCount: z.number().int().nonnegative().default(50),
  /** Oldest a provisional settlement awaiting confirmation may be before no new one is allowed, hours. */
  maxOldestAgeHours: z.number().positive().max(24 * 30).default(72),
});

/** Exponential backoff with jitter, per outbox item. */
export const backoffSchema = z.object({
  baseMs: z.number().int().positive().default(1_000),
  maxMs: z.number().int().positive().default(5 * 60_000),
  factor: z.number().min(1).max(10).default(2),
  /** Share of each delay that is random: 0 = none, 1 = "full jitter". */
  jitter: z.number().min(0).max(1).default(0.5),
});

/** The queue's whole configuration. */
export const queueConfigSchema = z.object({
  offline: offlineLimitsSchema.prefault({}),
  backoff: backoffSchema.prefault({}),
  /** Send 2206/2101 before 2207/2102 and compare it with the local estimate. */
  preSettleOnline: z.boolean().default(true),
  /** After an `unreachable` outcome, the counter goes straight to provisional for this long. */
  probeIntervalMs: z.number().int().nonnegative().default(30_000),
  /** How long the uploader waits before trying a center it found unreachable again. */
  idleMs: z.number().int().positive().default(5_000),
  /** Different persons' messages sent side by side; one person's always one after another. */
  uploadLanes: z.number().int().min(1).max(16).default(4),
});

/** The configuration as written (yuan strings, hours). */
export type QueueConfigInput = z.input<typeof queueConfigSchema>;

/** Offline limits in the units the checks use. */
export type OfflineLimits = {
  maxPerSettlementFen: number;
  maxOutstandingFen: number;
  maxOutstandingCount: number;
  maxOldestAgeMs: number;
};

/** Backoff settings. */
export type BackoffConfig = z.infer<typeof backoffSchema>;

/** The configuration ready to use. */
export type QueueConfig = {
  offline: OfflineLimits;
  backoff: BackoffConfig;
  preSettleOnline: boolean;
  probeIntervalMs: number;
  idleMs: number;
  uploadLanes: number;
};

/** Validates a configuration and converts money to fen and hours to milliseconds. */
export function resolveQueueConfig(raw: unknown = {}): QueueResult<QueueConfig> {
  const parsed = queueConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
    return { ok: false, error: queueError('CONFIG_INVALID', { en: where, zh: where }) };
  }
  const c = parsed.data;
  return {
    ok: true,
    value: {
      offline: {
        maxPerSettlementFen: yuanToFen(c.offline.maxPerSettlement),
        maxOutstandingFen: yuanToFen(c.offline.maxOutstandingAmount),
        maxOutstandingCount: c.offline.maxOutstandingCount,
        maxOldestAgeMs: Math.trunc(c.offline.maxOldestAgeHours * 3_600_000),
      },
      backoff: c.backoff,
      preSettleOnline: c.preSettleOnline,
      probeIntervalMs: c.probeIntervalMs,
      idleMs: c.idleMs,
      uploadLanes: c.uploadLanes,
    },
  };
}

/** The defaults, resolved; used when a caller gives no configuration. */
export function defaultQueueConfig(): QueueConfig {
  const r = resolveQueueConfig({});
  // The defaults are constants of this file; failing here is a bug in them, not bad input.
  if (!r.ok) throw new Error(`queue defaults are invalid: ${r.error.en}`);
  return r.value;
}
