/**
 * The supervisor channels' handlers (see contract/supervisor.ts). While the group has no channels
 * this returns none; when it has, its return type becomes GroupHandlers<typeof supervisorChannels>
 * (from ../context.js), so the compiler checks every channel is handled.
 */
import type { ServiceContext } from '../context.js';

/** What the supervisor channels need beyond the shared context (built by boot). */
export type SupervisorDeps = { readonly [key: string]: unknown };

/** The supervisor channels' handlers over the shared context. */
export function createSupervisorHandlers(ctx: ServiceContext, deps: SupervisorDeps | undefined) {
  if (deps !== undefined) ctx.log('supervisor: dependencies given but no channels yet');
  return {};
}
