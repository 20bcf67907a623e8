/**
 * Everything the counter, the uploader and reconciliation share, put together once by the
 * terminal service (or a CLI, a test, the chaos worker): the store, the center link, the
 * configuration, and the injected clock and randomness.
 */
import type { Store } from '../../db/store.js';
import { createCenterClient, type CenterClient, type CenterIdentity } from '../center/client.js';
import { createHttpGateway } from '../center/http-gateway.js';
import { sqliteMsgidSource } from '../../db/msgid.js';
import { defaultQueueConfig, type QueueConfig } from './config.js';
import { createConnectivity } from './connectivity.js';
import { createSignInSession, type SignInIdentity } from './sign-in.js';
import type { CenterLink, QueueHooks } from './transmit.js';

/** The queue's shared context. */
export type QueueContext = CenterLink & {
  store: Store;
  config: QueueConfig;
  fixmedinsCode: string;
  /** Jitter source: Math.random in production, seeded in tests and chaos. */
  random: () => number;
  /**
   * Outbox rows the counter is sending right now; the uploader leaves them alone. In-process
   * only: one process per store runs the queue (the uploader lock, lock.ts, guards that).
   */
  claims: Set<number>;
};

/** How to build a context around an open store and a center base URL. */
export type QueueContextOptions = {
  store: Store;
  centerUrl: string;
  identity: CenterIdentity;
  signIn: SignInIdentity;
  config?: QueueConfig;
  clock?: () => Date;
  random?: () => number;
  timeoutMs?: number;
  hooks?: QueueHooks;
  /** A client to use instead of the HTTP one (a provincial gateway adapter). */
  client?: CenterClient;
};

/** Builds a context: the HTTP client with msgids from the store's durable sequence. */
export function createQueueContext(options: QueueContextOptions): QueueContext {
  const clock = options.clock ?? (() => new Date());
  const config = options.config ?? defaultQueueConfig();
  const client =
    options.client ??
    createCenterClient({
      gateway: createHttpGateway({ baseUrl: options.centerUrl }),
      msgids: sqliteMsgidSource(options.store.db, options.identity.fixmedins_code),
      clock,
      identity: options.identity,
      timeoutMs: options.timeoutMs ?? 15_000,
    });
  const connectivity = createConnectivity(config.probeIntervalMs);
  const session = createSignInSession(client, options.signIn, { connectivity, clock });
  const ctx: QueueContext = {
    store: options.store,
    client,
    session,
    connectivity,
    clock,
    config,
    fixmedinsCode: options.identity.fixmedins_code,
    random: options.random ?? Math.random,
    claims: new Set<number>(),
  };
  if (options.hooks) ctx.hooks = options.hooks;
  return ctx;
}
