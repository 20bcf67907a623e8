/** Builds the billing channels' dependencies at boot (see handlers/billing.ts). */
import type { BillingDeps } from '../handlers/billing.js';
import type { BootContext, BootedPart } from './part.js';

/** The billing group's dependencies for this configuration. */
export function bootBilling(_b: BootContext): Promise<BootedPart<BillingDeps>> {
  return Promise.resolve({ deps: undefined });
}
