/**
 * A queue test rig on real parts: the center simulator over HTTP on a random loopback port with
 * its own SQLite file, a store on a temp file, and a queue context whose clock and jitter the
 * test controls. `advance` moves the one clock both sides read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../db/store.js';
import { fileKeyProvider } from '../../../db/key-provider.js';
import { NO_FAULTS, parseFaults, seededRandom, startCenterSimulator, type CenterSimulator, type FaultConfig } from '../../../electron/center/sim/index.js';
import { createQueueContext, type QueueContext } from '../../../electron/queue/context.js';
import { resolveQueueConfig, type QueueConfigInput } from '../../../electron/queue/config.js';
import { createUploader, type Uploader } from '../../../electron/queue/uploader.js';
import type { CounterRequest } from '../../../electron/queue/counter.js';
import { demoIdentity, demoNow } from '../center/fixtures.js';

/** A running rig. */
export type Rig = {
  sim: CenterSimulator;
  store: Store;
  dbPath: string;
  ctx: QueueContext;
  uploader: Uploader;
  now(): Date;
  /** Moves the shared clock forward. */
  advance(ms: number): void;
  /** A sleep for `drain` that moves the clock instead of waiting. */
  fakeSleep(ms: number): Promise<void>;
  setFaults(spec: string): Promise<void>;
  /** Opens a second context on the same store (a restarted terminal), sharing the clock. */
  restart(): { ctx: QueueContext; uploader: Uploader };
  stop(): Promise<void>;
};

/** Parses a fault spec, failing loudly. */
export function faults(spec: string): FaultConfig {
  const r = parseFaults(spec);
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
}

/** Starts a rig; `config` is the queue configuration as written (yuan, hours). */
export async function startRig(options: { faults?: string; config?: QueueConfigInput; timeoutMs?: number; seed?: number } = {}): Promise<Rig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'queue-test-'));
  let t = demoNow.getTime();
  const clock = () => new Date(t);
  const started = await startCenterSimulator({
    dbPath: path.join(dir, 'center.sqlite'),
    faults: options.faults ? faults(options.faults) : NO_FAULTS,
    clock,
    log: () => undefined,
  });
  if (!started.ok) throw new Error(started.error.en);
  const sim = started.value;
  const dbPath = path.join(dir, 'terminal.sqlite');
  const store = openStore(dbPath, fileKeyProvider(path.join(dir, 'keys', 'data.key')));
  const config = resolveQueueConfig(options.config ?? {});
  if (!config.ok) throw new Error(config.error.en);
  const random = seededRandom(options.seed ?? 7);
  const build = () => {
    const ctx = createQueueContext({
      store,
      centerUrl: sim.url,
      identity: demoIdentity,
      signIn: { opter_no: 'cashier-01', mac: '00-11-22-33-44-55', ip: '127.0.0.1' },
      config: config.value,
      clock,
      random,
      timeoutMs: options.timeoutMs ?? 2_000,
    });
    return { ctx, uploader: createUploader(ctx) };
  };
  const first = build();
  const contexts = [first.ctx];
  return {
    sim,
    store,
    dbPath,
    ctx: first.ctx,
    uploader: first.uploader,
    now: clock,
    advance(ms) {
      t += ms;
    },
    fakeSleep(ms) {
      t += ms;
      return Promise.resolve();
    },
    async setFaults(spec) {
      await sim.setFaults(spec === '' ? NO_FAULTS : faults(spec));
    },
    restart() {
      const next = build();
      contexts.push(next.ctx);
      return next;
    },
    async stop() {
      for (const c of contexts) c.client.close();
      await sim.close();
      if (store.db.open) store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The local resident (张三, 390, Ningbo) as 1101 describes him, for the engine. */
export const RESIDENT = {
  psn_no: '33020000000000000001',
  insutype: '390',
  psn_type: 'resident_adult',
  age: 35,
  insuplc_admdvs: '330200',
  psn_insu_stas: '1',
  acct_balance: '800.00',
} as const;

/**
 * An outpatient visit of the resident: class A lines and a class B line with 10% self-pay first.
 * `scale` multiplies the quantities (a bigger bill), `sn` makes the fee line numbers unique.
 */
export function visitRequest(
  options: { scale?: number; acct?: '0' | '1'; psnNo?: string; date?: string; ytd?: Record<string, unknown> } = {},
): CounterRequest {
  const scale = options.scale ?? 1;
  return {
    infno: '2207',
    actor: 'cashier-01',
    certificate: { mdtrt_cert_type: '03', mdtrt_cert_no: 'A33020001' },
    person: { psn_name: '张三', certno: '330200199001010011' },
    begntime: `${options.date ?? '2025-03-01'} 09:30:00`,
    request: {
      policyRef: 'demo-330200-2025-390',
      person: { ...RESIDENT, psn_no: options.psnNo ?? RESIDENT.psn_no, ...(options.ytd ? { ytd: options.ytd } : {}) },
      encounter: {
        med_type: '11',
        mdtrtarea_admvs: '330200',
        fixmedins_code: demoIdentity.fixmedins_code,
        hosp_lv: '3',
        date: options.date ?? '2025-03-01',
        acct_used_flag: options.acct ?? '0',
      },
      items: [
        { feedetl_sn: '1', med_list_codg: 'XA10BAA001', name: '二甲双胍片', pric: '400.00', cnt: String(2 * scale), chrgitm_lv: '01', selfpay_prop: '0' },
        { feedetl_sn: '2', med_list_codg: 'XA10BXR001', name: '瑞格列奈片', pric: '200.00', cnt: String(scale), chrgitm_lv: '02', selfpay_prop: '0.10' },
      ],
    },
  };
}
