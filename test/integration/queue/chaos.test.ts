import { describe, expect, it } from 'vitest';
import { chaosLine, runChaos } from '../../../electron/queue/chaos/run-chaos.js';

describe('the crash test, small (npm run -s chaos runs 200 trials in CI)', () => {
  it('kills a real terminal process 30 times against the faulty center: nothing lost, nothing paid twice, nothing mismatched', async () => {
    const r = await runChaos({ trials: 30, seed: 4_242 });
    expect(r.problems).toEqual([]);
    expect(r.workerErrors).toEqual([]);
    expect(r.drain.finished).toBe(true);
    expect(r.auditOk).toBe(true);
    expect(r.counts.localSettled).toBeGreaterThan(10);
    expect(r.kills.time + r.kills.send + r.kills.tx).toBeGreaterThan(20);
    expect(chaosLine(r)).toBe('trials=30 lost=0 duplicated=0 mismatched=0');
  }, 240_000);
});
