/**
 * Whether the center is presumed down, judged only by request outcomes: an `unreachable` outcome
 * (the request certainly did not arrive) marks it down; any answer (ok or rejected) marks it up.
 * While it is presumed down the counter goes straight to a provisional settlement instead of
 * making every patient wait for a connect timeout; after `probeIntervalMs` it tries again.
 */

/** The outcome classes that say something about reachability. */
export type ReachabilityOutcome = 'ok' | 'rejected' | 'unreachable' | 'unknown';

/** A shared view of the center's reachability. */
export type Connectivity = {
  /** Records what a request to the center ended with. */
  note(outcome: ReachabilityOutcome, now: Date): void;
  /** True while the last unreachable outcome is younger than the probe interval and nothing answered since. */
  presumedDown(now: Date): boolean;
  /** When the center was last found unreachable and not answering since; null when it is up. */
  downSince(): Date | null;
};

/** Creates a connectivity tracker. */
export function createConnectivity(probeIntervalMs: number): Connectivity {
  let downSince: Date | null = null;
  let lastUnreachable: Date | null = null;
  return {
    note(outcome, now) {
      if (outcome === 'unreachable') {
        downSince ??= now;
        lastUnreachable = now;
      } else if (outcome === 'ok' || outcome === 'rejected') {
        downSince = null;
        lastUnreachable = null;
      }
      // `unknown` says the center got something; it is not evidence either way.
    },
    presumedDown(now) {
      return lastUnreachable !== null && now.getTime() - lastUnreachable.getTime() < probeIntervalMs;
    },
    downSince: () => downSince,
  };
}
