/** The supervisor workplace: queue, reconciliation, audit, charts, refunds with approval (issue 5). */
import type { ChannelGroup } from './group.js';

/** The supervisor channels. */
export const supervisorChannels = {} as const satisfies ChannelGroup;
