/**
 * The session channels' handlers (see contract/session.ts). While the group has no channels
 * this returns none; when it has, its return type becomes GroupHandlers<typeof sessionChannels>
 * (from ../context.js), so the compiler checks every channel is handled.
 */
import type { ServiceContext } from '../context.js';

/** What the session channels need beyond the shared context (built by boot). */
export type SessionDeps = { readonly [key: string]: unknown };

/** The session channels' handlers over the shared context. */
export function createSessionHandlers(ctx: ServiceContext, deps: SessionDeps | undefined) {
  if (deps !== undefined) ctx.log('session: dependencies given but no channels yet');
  return {};
}
