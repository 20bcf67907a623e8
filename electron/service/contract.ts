/**
 * The terminal's one API contract: every channel's input and output, and every event, as zod
 * schemas. The service implements it, both hosts validate with it, and the renderer imports its
 * types only (a lint rule). Nothing here may import Node, Electron or the database.
 *
 * Channels come in groups, one file each under contract/: core (card, catalog, pharmacy),
 * session (operators), supervisor, billing, kiosk, payments. This file composes them.
 */
import type { z } from 'zod';
import { billingChannels } from './contract/billing.js';
import { coreChannels } from './contract/core.js';
import type { terminalEventSchema } from './contract/events.js';
import { kioskChannels } from './contract/kiosk.js';
import { paymentsChannels } from './contract/payments.js';
import { sessionChannels } from './contract/session.js';
import { supervisorChannels } from './contract/supervisor.js';
import type { ChannelAccess, ChannelSpec } from './contract/group.js';
import type { ApiResult } from './contract/schemas.js';

export * from './contract/schemas.js';
export * from './contract/events.js';
export * from './contract/orders.js';
export type { ChannelAccess, ChannelGroup, ChannelSpec } from './contract/group.js';

/** Every channel: its input and output schemas. The HTTP path is `/api/<name>`. */
export const channels = {
  ...coreChannels,
  ...sessionChannels,
  ...supervisorChannels,
  ...billingChannels,
  ...kioskChannels,
  ...paymentsChannels,
} as const;

/** A channel's name. */
export type ChannelName = keyof typeof channels;
/** What a channel takes, as the caller writes it. */
export type InputOf<C extends ChannelName> = z.input<(typeof channels)[C]['input']>;
/** What a channel gives back. */
export type OutputOf<C extends ChannelName> = z.output<(typeof channels)[C]['output']>;

/** The channel names, for hosts that bind them all. */
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/** Whether a string names a channel. */
export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

/** Who may call a channel (absent in its spec: any logged-in operator). */
export function channelAccess(name: ChannelName): ChannelAccess {
  const spec: ChannelSpec = channels[name];
  return spec.access ?? 'operator';
}

/** Something the service tells every window. */
export type TerminalEvent = z.infer<typeof terminalEventSchema>;

/** The object the renderer talks to; the preload or the HTTP client provides it. */
export type TerminalApi = {
  [C in ChannelName]: (input: InputOf<C>) => Promise<ApiResult<OutputOf<C>>>;
} & {
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (event: TerminalEvent) => void): () => void;
};
