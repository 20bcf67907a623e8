/**
 * The kiosk channels' handlers (see contract/kiosk.ts). While the group has no channels
 * this returns none; when it has, its return type becomes GroupHandlers<typeof kioskChannels>
 * (from ../context.js), so the compiler checks every channel is handled.
 */
import type { ServiceContext } from '../context.js';

/** What the kiosk channels need beyond the shared context (built by boot). */
export type KioskDeps = { readonly [key: string]: unknown };

/** The kiosk channels' handlers over the shared context. */
export function createKioskHandlers(ctx: ServiceContext, deps: KioskDeps | undefined) {
  if (deps !== undefined) ctx.log('kiosk: dependencies given but no channels yet');
  return {};
}
