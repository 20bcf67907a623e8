/**
 * The payments channels' handlers (see contract/payments.ts). While the group has no channels
 * this returns none; when it has, its return type becomes GroupHandlers<typeof paymentsChannels>
 * (from ../context.js), so the compiler checks every channel is handled.
 */
import type { ServiceContext } from '../context.js';

/** What the payments channels need beyond the shared context (built by boot). */
export type PaymentsDeps = { readonly [key: string]: unknown };

/** The payments channels' handlers over the shared context. */
export function createPaymentsHandlers(ctx: ServiceContext, deps: PaymentsDeps | undefined) {
  if (deps !== undefined) ctx.log('payments: dependencies given but no channels yet');
  return {};
}
