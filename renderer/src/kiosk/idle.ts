/**
 * The kiosk's idle timer as a pure reducer, so it is tested without a browser: after
 * `idleSeconds` without a touch or key the warning dialog counts `warnSeconds` down; "继续
 * Continue" extends, reaching zero expires (the kiosk resets to its start screen). The screen
 * drives it with one `tick` per second and `activity` on every touch or key.
 */

/** Where the timer stands. `off`: nothing to protect (the start screen, or paused while paying). */
export type IdleState =
  | { phase: 'off' }
  | { phase: 'active'; idleMs: number }
  | { phase: 'warning'; leftMs: number }
  | { phase: 'expired' };

/** What happens to the timer. */
export type IdleEvent =
  | { type: 'arm' }
  | { type: 'disarm' }
  | { type: 'tick'; ms: number }
  | { type: 'activity' }
  | { type: 'extend' };

/** The timer's settings in milliseconds. */
export type IdleSettings = { idleMs: number; warnMs: number };

/** The timer before anything happened. */
export const IDLE_OFF: IdleState = { phase: 'off' };

/** The next state of the timer. */
export function idleReducer(settings: IdleSettings, state: IdleState, event: IdleEvent): IdleState {
  switch (event.type) {
    case 'arm':
      // Arming an armed timer keeps its count: a new screen of the same visit is not a touch.
      return state.phase === 'off' || state.phase === 'expired' ? { phase: 'active', idleMs: 0 } : state;
    case 'disarm':
      return IDLE_OFF;
    case 'activity':
      // While the warning shows, only its own "Continue" extends: a stray touch elsewhere is not an answer.
      return state.phase === 'active' ? { phase: 'active', idleMs: 0 } : state;
    case 'extend':
      return state.phase === 'warning' || state.phase === 'active' ? { phase: 'active', idleMs: 0 } : state;
    case 'tick': {
      if (state.phase === 'active') {
        const idleMs = state.idleMs + event.ms;
        if (idleMs < settings.idleMs) return { phase: 'active', idleMs };
        const over = idleMs - settings.idleMs;
        return over >= settings.warnMs ? { phase: 'expired' } : { phase: 'warning', leftMs: settings.warnMs - over };
      }
      if (state.phase === 'warning') {
        const leftMs = state.leftMs - event.ms;
        return leftMs <= 0 ? { phase: 'expired' } : { phase: 'warning', leftMs };
      }
      return state;
    }
  }
}

/** The whole seconds left on the warning, as the dialog shows them (rounded up: 20, 19, … 1). */
export function secondsLeft(state: IdleState): number {
  return state.phase === 'warning' ? Math.ceil(state.leftMs / 1000) : 0;
}
