/**
 * How often a crashed or hung renderer is reloaded: at most `max` times within `windowMs`.
 * Past that the window shows an error instead of looping (a renderer that dies on every load
 * would otherwise spin the CPU at the counter and fill the log).
 */

/** A budget of renderer restarts. */
export type RestartBudget = {
  /** Records a restart now; false when the budget is spent (do not restart). */
  take(): boolean;
  /** Restarts within the current window. */
  readonly used: number;
};

/** A restart budget over an injected clock. */
export function createRestartBudget(options: { max: number; windowMs: number; now: () => number }): RestartBudget {
  let times: number[] = [];
  return {
    take() {
      const now = options.now();
      times = times.filter((t) => now - t < options.windowMs);
      if (times.length >= options.max) return false;
      times.push(now);
      return true;
    },
    get used() {
      const now = options.now();
      return times.filter((t) => now - t < options.windowMs).length;
    },
  };
}
