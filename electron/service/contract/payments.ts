/** Collecting the patient's share: cash, scan-to-pay, bank card; end of shift (issue 6). */
import type { ChannelGroup } from './group.js';

/** The payments channels. */
export const paymentsChannels = {} as const satisfies ChannelGroup;
