import { describe, expect, it } from 'vitest';
import {
  createFaultPlan,
  describeFaults,
  NO_FAULTS,
  parseFaultObject,
  parseFaults,
  parseFaultSpec,
  seededRandom,
} from '../../../electron/center/sim/faults.js';

describe('the faults spec', () => {
  it('reads the documented example', () => {
    const r = parseFaultSpec(
      'latency=200,5xx=0.1,drop=0.05,timeout=0.05,commit-lose=0.1,dup=0.05,drift=0.02,seed=42',
    );
    expect(r.ok && r.value).toEqual({
      ...NO_FAULTS,
      latencyMs: [200, 200],
      p5xx: 0.1,
      drop: 0.05,
      timeout: 0.05,
      commitLose: 0.1,
      dup: 0.05,
      drift: '0.02',
      seed: 42,
    });
  });

  it('reads a latency range, offline, only and a negative drift', () => {
    const r = parseFaultSpec('latency=50-250, offline, only=2207/2102, drift=-0.1');
    expect(r.ok && r.value).toMatchObject({
      latencyMs: [50, 250],
      offline: true,
      only: ['2207', '2102'],
      drift: '-0.1',
    });
  });

  it('reads the same keys as a JSON object', () => {
    const r = parseFaults(
      '{"latency": [10, 20], "5xx": 0.2, "commit-lose": "0.1", "offline": true, "only": ["2207"], "seed": 9}',
    );
    expect(r.ok && r.value).toMatchObject({
      latencyMs: [10, 20],
      p5xx: 0.2,
      commitLose: 0.1,
      offline: true,
      only: ['2207'],
      seed: 9,
    });
    expect(parseFaultObject([]).ok).toBe(false);
  });

  it.each([
    'drop=1.5',
    'dup=-0.1',
    '5xx=0.6,drop=0.6',
    'latency=fast',
    'latency=300-100',
    'drift=2',
    'drift=0.123456',
    'seed=-1',
    'chaos=1',
    'only=27',
    '{"drop":',
  ])('refuses %s with FAULT_SPEC_INVALID', (spec) => {
    const r = parseFaults(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('FAULT_SPEC_INVALID');
      expect(r.error.zh.length).toBeGreaterThan(0);
    }
  });

  it('writes a configuration back as a spec that parses to the same configuration', () => {
    const r = parseFaultSpec('latency=5-9,drop=0.25,dup=0.05,drift=0.02,offline,only=2207,seed=3');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const again = parseFaultSpec(describeFaults(r.value));
    expect(again.ok && again.value).toEqual(r.value);
    expect(describeFaults(NO_FAULTS)).toBe('seed=1');
  });
});

describe('the fault plan', () => {
  it('is deterministic with a seed and follows the probabilities', () => {
    const parsed = parseFaultSpec('5xx=0.1,drop=0.1,timeout=0.1,commit-lose=0.1,dup=0.1,seed=42');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const run = () => {
      const plan = createFaultPlan(parsed.value);
      return Array.from({ length: 2000 }, () => plan.decide('2207').action);
    };
    const a = run();
    expect(run()).toEqual(a);
    const none = a.filter((x) => x === 'none').length;
    expect(none).toBeGreaterThan(900);
    expect(none).toBeLessThan(1100);
    for (const action of ['5xx', 'drop', 'timeout', 'commit-lose', 'dup'])
      expect(a.filter((x) => x === action).length).toBeGreaterThan(120);
  });

  it('spares the infnos outside `only`', () => {
    const parsed = parseFaultSpec('drop=1,only=2207');
    if (!parsed.ok) throw new Error(parsed.error.en);
    const plan = createFaultPlan(parsed.value);
    expect(plan.decide('2207').action).toBe('drop');
    expect(plan.decide('9001').action).toBe('none');
  });

  it('draws latency within the range', () => {
    const parsed = parseFaultSpec('latency=10-20,seed=5');
    if (!parsed.ok) throw new Error(parsed.error.en);
    const plan = createFaultPlan(parsed.value);
    const lat = Array.from({ length: 200 }, () => plan.decide('2207').latencyMs);
    expect(Math.min(...lat)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...lat)).toBeLessThanOrEqual(20);
    expect(new Set(lat).size).toBeGreaterThan(5);
  });

  it('seededRandom gives the same sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
