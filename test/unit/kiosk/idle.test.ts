import { describe, expect, it } from 'vitest';
import { IDLE_OFF, idleReducer, secondsLeft, type IdleEvent, type IdleState } from '../../../renderer/src/kiosk/idle.js';

const settings = { idleMs: 60_000, warnMs: 20_000 };
const run = (events: IdleEvent[], from: IdleState = IDLE_OFF): IdleState => events.reduce((s, e) => idleReducer(settings, s, e), from);
const seconds = (n: number): IdleEvent[] => Array.from({ length: n }, () => ({ type: 'tick', ms: 1000 }) as const);

describe('the kiosk idle timer', () => {
  it('does nothing while off (the start screen)', () => {
    expect(run(seconds(500))).toEqual(IDLE_OFF);
  });

  it('warns after 60 s without a touch and counts 20 s down, then expires', () => {
    const armed = run([{ type: 'arm' }]);
    expect(run(seconds(59), armed)).toEqual({ phase: 'active', idleMs: 59_000 });
    const warning = run(seconds(60), armed);
    expect(warning).toEqual({ phase: 'warning', leftMs: 20_000 });
    expect(secondsLeft(warning)).toBe(20);
    expect(secondsLeft(run(seconds(1), warning))).toBe(19);
    expect(run(seconds(19), warning)).toEqual({ phase: 'warning', leftMs: 1000 });
    expect(run(seconds(20), warning)).toEqual({ phase: 'expired' });
  });

  it('starts the 60 s again on every touch while active', () => {
    const s = run([{ type: 'arm' }, ...seconds(50), { type: 'activity' }, ...seconds(50)]);
    expect(s).toEqual({ phase: 'active', idleMs: 50_000 });
  });

  it('ignores a stray touch during the warning; only Continue extends it', () => {
    const warning = run([{ type: 'arm' }, ...seconds(65)]);
    expect(run([{ type: 'activity' }], warning)).toEqual(warning);
    const extended = run([{ type: 'extend' }], warning);
    expect(extended).toEqual({ phase: 'active', idleMs: 0 });
    // Extended: a full 60 s again before the next warning.
    expect(run(seconds(59), extended).phase).toBe('active');
    expect(run(seconds(60), extended).phase).toBe('warning');
  });

  it('keeps its count when armed again (a new screen is not a touch), and stops when disarmed', () => {
    const s = run([{ type: 'arm' }, ...seconds(30), { type: 'arm' }]);
    expect(s).toEqual({ phase: 'active', idleMs: 30_000 });
    expect(run([{ type: 'disarm' }, ...seconds(100)], s)).toEqual(IDLE_OFF);
  });

  it('expires at once when one late tick covers idle and warning together (a sleeping machine)', () => {
    expect(run([{ type: 'arm' }, { type: 'tick', ms: 90_000 }])).toEqual({ phase: 'expired' });
    expect(run([{ type: 'arm' }, { type: 'tick', ms: 70_000 }])).toEqual({ phase: 'warning', leftMs: 10_000 });
  });

  it('re-arms after expiry for the next visit', () => {
    expect(run([{ type: 'arm' }, { type: 'tick', ms: 90_000 }, { type: 'arm' }])).toEqual({ phase: 'active', idleMs: 0 });
  });
});
