/** The self-service kiosk: its settlement flow and the patient inquiry (issues 5 and 6). */
import type { ChannelGroup } from './group.js';

/** The kiosk channels. */
export const kioskChannels = {} as const satisfies ChannelGroup;
