import { describe, expect, it } from 'vitest';
import { chaosLine, runChaos } from '../../../electron/queue/chaos/run-chaos.js';

describe('the crash test with payments, small (npm run -s chaos runs 200 trials)', () => {
  it('SIGKILLs a real terminal process around payments and settlements: every settled bill paid once, every refund for a failed settlement', async () => {
    const r = await runChaos({ trials: 16, seed: 6_060, payments: true });
    expect(r.payments?.problems).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.workerErrors).toEqual([]);
    expect(r.kills.pay).toBeGreaterThan(0);
    expect(r.payments?.counts.settledPaid).toBeGreaterThan(5);
    expect(r.payments?.counts.openCheckouts).toBe(0);
    expect(chaosLine(r)).toBe('trials=16 lost=0 duplicated=0 mismatched=0 unpaid=0 double_charged=0');
  }, 240_000);
});
