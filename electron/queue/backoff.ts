/**
 * Exponential backoff with jitter for one outbox item: the delay doubles with each attempt up to a
 * ceiling, and part of it is random so that items failing together do not retry together.
 * The random source is injected (tests and the chaos run seed it).
 */
import type { BackoffConfig } from './config.js';

/** The delay before attempt `attempt + 1`, given `attempt` ≥ 1 attempts so far. */
export function backoffDelayMs(attempt: number, random: () => number, config: BackoffConfig): number {
  const exponent = Math.max(0, Math.min(attempt, 64) - 1);
  const ceiling = Math.min(config.maxMs, config.baseMs * config.factor ** exponent);
  // "Equal jitter": a fixed part keeps retries from collapsing to zero, the random part spreads them.
  const fixed = ceiling * (1 - config.jitter);
  return Math.trunc(fixed + ceiling * config.jitter * random());
}
