/** The hospital billing desk: outpatient visits and inpatient discharge settlement (issue 5). */
import type { ChannelGroup } from './group.js';

/** The billing channels. */
export const billingChannels = {} as const satisfies ChannelGroup;
