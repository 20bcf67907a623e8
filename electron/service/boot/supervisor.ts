/** Builds the supervisor channels' dependencies at boot (see handlers/supervisor.ts). */
import { DEFAULT_LOCKOUT } from '../handlers/session.js';
import type { SupervisorDeps } from '../handlers/supervisor.js';
import type { BootContext, BootedPart } from './part.js';

/** The supervisor group's dependencies: the queue's center link (reconciliation, 2208). */
export function bootSupervisor(b: BootContext): Promise<BootedPart<SupervisorDeps>> {
  return Promise.resolve({ deps: { queue: b.queue, lockout: DEFAULT_LOCKOUT } });
}
