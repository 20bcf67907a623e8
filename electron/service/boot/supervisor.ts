/** Builds the supervisor channels' dependencies at boot (see handlers/supervisor.ts). */
import type { SupervisorDeps } from '../handlers/supervisor.js';
import type { BootContext, BootedPart } from './part.js';

/** The supervisor group's dependencies for this configuration. */
export function bootSupervisor(_b: BootContext): Promise<BootedPart<SupervisorDeps>> {
  return Promise.resolve({ deps: undefined });
}
