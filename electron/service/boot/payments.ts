/** Builds the payments channels' dependencies at boot (see handlers/payments.ts). */
import type { PaymentsDeps } from '../handlers/payments.js';
import type { BootContext, BootedPart } from './part.js';

/** The payments group's dependencies for this configuration. */
export function bootPayments(_b: BootContext): Promise<BootedPart<PaymentsDeps>> {
  return Promise.resolve({ deps: undefined });
}
