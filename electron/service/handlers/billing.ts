/**
 * The billing channels' handlers (see contract/billing.ts). While the group has no channels
 * this returns none; when it has, its return type becomes GroupHandlers<typeof billingChannels>
 * (from ../context.js), so the compiler checks every channel is handled.
 */
import type { ServiceContext } from '../context.js';

/** What the billing channels need beyond the shared context (built by boot). */
export type BillingDeps = { readonly [key: string]: unknown };

/** The billing channels' handlers over the shared context. */
export function createBillingHandlers(ctx: ServiceContext, deps: BillingDeps | undefined) {
  if (deps !== undefined) ctx.log('billing: dependencies given but no channels yet');
  return {};
}
