/** Builds the billing channels' dependencies at boot (see handlers/billing.ts). */
import path from 'node:path';
import type { BillingDeps } from '../handlers/billing.js';
import { loadBillingDemo } from '../handlers/billing-demo.js';
import type { BootContext, BootedPart } from './part.js';

/**
 * The billing group's dependencies: in training mode the demo visits and stays (the HIS's
 * stand-in); outside it none, so the desk settles lines entered by hand and no discharges.
 */
export function bootBilling(b: BootContext): Promise<BootedPart<BillingDeps>> {
  if (!b.config.training) return Promise.resolve({ deps: { demo: undefined } });
  const demo = loadBillingDemo(path.join(b.root, 'build', 'demo', 'billing.json'));
  b.log(`billing: demo visits and stays for ${String(Object.keys(demo.patients).length)} patients`);
  return Promise.resolve({ deps: { demo } });
}
