/** Builds the session channels' dependencies at boot (see handlers/session.ts). */
import type { SessionDeps } from '../handlers/session.js';
import type { BootContext, BootedPart } from './part.js';

/** The session group's dependencies for this configuration. */
export function bootSession(_b: BootContext): Promise<BootedPart<SessionDeps>> {
  return Promise.resolve({ deps: undefined });
}
