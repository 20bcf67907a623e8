/** Builds the kiosk channels' dependencies at boot (see handlers/kiosk.ts). */
import type { KioskDeps } from '../handlers/kiosk.js';
import type { BootContext, BootedPart } from './part.js';

/** The kiosk group's dependencies: the queue's center link for the inquiry (none: offline figures only). */
export function bootKiosk(b: BootContext): Promise<BootedPart<KioskDeps>> {
  return Promise.resolve({ deps: b.queue ? { link: b.queue } : {} });
}
