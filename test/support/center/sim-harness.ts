/**
 * Starts a center simulator on a random loopback port with its own temp SQLite file, and builds
 * clients for it over real HTTP. Every test gets a fresh center; `stop()` closes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createCenterClient,
  type CallContext,
  type CallOutcome,
  type CenterClient,
} from '../../../electron/center/client.js';
import type { Infno } from '../../../electron/center/transactions.js';
import { createHttpGateway } from '../../../electron/center/http-gateway.js';
import {
  NO_FAULTS,
  parseFaults,
  startCenterSimulator,
  type CenterSimulator,
  type FaultConfig,
} from '../../../electron/center/sim/index.js';
import { memoryMsgidSource } from './memory-msgid-source.js';
import { demoIdentity, demoNow } from './fixtures.js';

/** A running simulator and what a test needs around it. */
export type Harness = {
  sim: CenterSimulator;
  /** A new client (own connection pool) against the simulator. */
  client(options?: { timeoutMs?: number }): CenterClient;
  /** Signs in once and returns the call context for the local resident. */
  signIn(client: CenterClient): Promise<string>;
  stop(): Promise<void>;
};

/** Parses a fault spec for a test, failing loudly when it is wrong. */
export function faults(spec: string): FaultConfig {
  const r = parseFaults(spec);
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
}

/** Starts a simulator whose clock stands at `now` (default: the demo time). */
export async function startHarness(
  options: { faults?: FaultConfig; now?: () => Date } = {},
): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'center-test-'));
  const clock = options.now ?? (() => demoNow);
  const started = await startCenterSimulator({
    dbPath: path.join(dir, 'center.sqlite'),
    faults: options.faults ?? NO_FAULTS,
    clock,
    log: () => undefined,
  });
  if (!started.ok) throw new Error(started.error.en);
  const sim = started.value;
  const clients: CenterClient[] = [];
  const msgids = memoryMsgidSource(demoIdentity.fixmedins_code);
  return {
    sim,
    client(o = {}) {
      const c = createCenterClient({
        gateway: createHttpGateway({ baseUrl: sim.url }),
        msgids,
        clock,
        identity: demoIdentity,
        timeoutMs: o.timeoutMs ?? 5_000,
      });
      clients.push(c);
      return c;
    },
    async signIn(client) {
      const r = await client.call('9001', {
        signIn: { opter_no: 'cashier-01', mac: '00-11-22-33-44-55', ip: '127.0.0.1' },
      });
      if (!r.ok) throw new Error(`sign-in failed: ${r.error.en}`);
      return r.value.signinoutb.sign_no;
    },
    async stop() {
      for (const c of clients) c.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The call context of the local resident after sign-in. */
export const residentCtx = (signNo: string, extra: CallContext = {}): CallContext => ({
  insuplc_admdvs: '330200',
  sign_no: signNo,
  ...extra,
});

/** The center's err_msg of a rejected outcome ('' when ok; the error text otherwise). */
export function errMsg(o: CallOutcome<Infno>): string {
  if (o.ok) return '';
  return o.outcome === 'rejected' ? o.err_msg : o.error.en;
}
