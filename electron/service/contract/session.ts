/** Operators: login with a PIN, logout, the session, operator management (issue 5). */
import type { ChannelGroup } from './group.js';

/** The session channels. */
export const sessionChannels = {} as const satisfies ChannelGroup;
