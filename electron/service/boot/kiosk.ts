/** Builds the kiosk channels' dependencies at boot (see handlers/kiosk.ts). */
import type { KioskDeps } from '../handlers/kiosk.js';
import type { BootContext, BootedPart } from './part.js';

/** The kiosk group's dependencies for this configuration. */
export function bootKiosk(_b: BootContext): Promise<BootedPart<KioskDeps>> {
  return Promise.resolve({ deps: undefined });
}
