/** What a group of channels is: each channel's input and output schema, and who may call it. */
import type { z } from 'zod';

/**
 * Who may call a channel. `any`: no login needed (status, the kiosk's own flow); a role name:
 * an operator logged in with that role (a supervisor may call every operator channel).
 * Absent means `operator`: any logged-in operator.
 */
export type ChannelAccess = 'any' | 'operator' | 'cashier' | 'billing' | 'supervisor';

/** One channel of the contract. */
export type ChannelSpec = { input: z.ZodType; output: z.ZodType; access?: ChannelAccess };

/** A group of channels, one file per workplace or concern. */
export type ChannelGroup = Record<string, ChannelSpec>;
