import { describe, expect, it } from 'vitest';
import { checkOfflineLimits } from '../../../electron/queue/limits.js';
import { backoffDelayMs } from '../../../electron/queue/backoff.js';
import { defaultQueueConfig, resolveQueueConfig } from '../../../electron/queue/config.js';
import { createConnectivity } from '../../../electron/queue/connectivity.js';
import { seededRandom } from '../../../electron/center/sim/faults.js';

const HOUR = 3_600_000;
const limits = defaultQueueConfig().offline;
const none = { count: 0, exposureFen: 0, medfeeFen: 0, oldestCreatedAt: null, oldestAgeMs: null };

describe('offline limits, with their safe defaults', () => {
  it('defaults to 500.00 per settlement, 5,000.00 and 50 outstanding, 72 hours', () => {
    expect(limits).toEqual({ maxPerSettlementFen: 50_000, maxOutstandingFen: 500_000, maxOutstandingCount: 50, maxOldestAgeMs: 72 * HOUR });
  });

  it('allows a settlement inside every limit, up to the limit itself', () => {
    expect(checkOfflineLimits(none, 50_000, limits)).toEqual({ ok: true });
    expect(checkOfflineLimits({ ...none, count: 49, exposureFen: 450_000, oldestAgeMs: 72 * HOUR }, 50_000, limits)).toEqual({ ok: true });
  });

  it('refuses each limit with its own code and a plain self-pay message', () => {
    const cases = [
      [none, 50_001, 'OFFLINE_LIMIT_AMOUNT'],
      [{ ...none, count: 50 }, 1, 'OFFLINE_LIMIT_COUNT'],
      [{ ...none, count: 1, exposureFen: 450_000 }, 50_000 + 1, 'OFFLINE_LIMIT_AMOUNT'],
      [{ ...none, count: 1, exposureFen: 460_000 }, 40_001, 'OFFLINE_LIMIT_EXPOSURE'],
      [{ ...none, count: 1, oldestAgeMs: 72 * HOUR + 1 }, 1, 'OFFLINE_LIMIT_AGE'],
    ] as const;
    for (const [summary, amount, code] of cases) {
      const r = checkOfflineLimits(summary, amount, limits);
      expect(r).toMatchObject({ ok: false, error: { code } });
      if (!r.ok) {
        expect(r.error.zh).toContain('自费');
        expect(r.error.en).toContain('self-pay');
      }
    }
  });

  it('reads limits from configuration, in yuan and hours, and refuses nonsense', () => {
    const r = resolveQueueConfig({ offline: { maxPerSettlement: '120.50', maxOldestAgeHours: 24 } });
    expect(r).toMatchObject({ ok: true, value: { offline: { maxPerSettlementFen: 12_050, maxOldestAgeMs: 24 * HOUR, maxOutstandingCount: 50 } } });
    expect(resolveQueueConfig({ offline: { maxPerSettlement: 120.5 } })).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
    expect(resolveQueueConfig({ offline: { maxPerSettlement: '1.005' } })).toMatchObject({ ok: false });
    expect(resolveQueueConfig({ backoff: { jitter: 2 } })).toMatchObject({ ok: false });
  });
});

describe('exponential backoff with jitter', () => {
  const config = defaultQueueConfig().backoff;
  it('doubles from the base up to the ceiling, half of it random', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, low, config))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(backoffDelayMs(1, high, config)).toBe(999);
    expect(backoffDelayMs(40, low, config)).toBe(150_000);
    expect(backoffDelayMs(40, high, config)).toBeLessThan(300_000);
  });

  it('spreads items that fail together', () => {
    const random = seededRandom(3);
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(5, random, config)));
    expect(delays.size).toBeGreaterThan(15);
  });
});

describe('reachability judged by outcomes', () => {
  it('is presumed down after an unreachable outcome for the probe interval, up again after any answer', () => {
    const c = createConnectivity(30_000);
    const t = (ms: number) => new Date(1_000_000 + ms);
    expect(c.presumedDown(t(0))).toBe(false);
    c.note('unreachable', t(0));
    expect(c.presumedDown(t(29_999))).toBe(true);
    expect(c.presumedDown(t(30_000))).toBe(false);
    c.note('unknown', t(31_000));
    expect(c.downSince()).toEqual(t(0));
    c.note('rejected', t(32_000));
    expect(c.downSince()).toBeNull();
  });
});
