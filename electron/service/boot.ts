/**
 * Boots the terminal service from a configuration: opens the store, loads the catalog, picks
 * the PC/SC binding (the in-process virtual reader in training mode, pcscd otherwise) and, in
 * training mode, starts the center simulator on loopback. Returns the service and its shutdown.
 */
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { InProcessBinding } from '../card/in-process-binding.js';
import { loadSmartcardBinding } from '../card/smartcard-binding.js';
import type { CenterSimulator } from '../center/sim/index.js';
import { createQueueContext, resolveQueueConfig, settleAtCounter, type QueueConfig, type QueueContext } from '../queue/index.js';
import { closeStore, fileKeyProvider, openStore } from '../../db/index.js';
import { loadCatalog } from './catalog.js';
import type { TerminalConfig } from './config.js';
import { centerEnrolments } from './enrolment.js';
import { startTrainingCenter } from './training-center.js';
import { startUploadLoop, type UploadLoop } from './upload-loop.js';
import { inProcessSlot, VpcdCardSlot, type TrainingCardSlot } from './training-card.js';
import { VPCD_PORT } from '../card/vpcd-link.js';
import { createTerminalService, type TerminalService } from './service.js';
import { bootBilling } from './boot/billing.js';
import { bootKiosk } from './boot/kiosk.js';
import type { BootContext } from './boot/part.js';
import { bootPayments } from './boot/payments.js';
import { bootSession } from './boot/session.js';
import { bootSupervisor } from './boot/supervisor.js';

/** A booted terminal: the service and how to shut everything down. */
export type BootedTerminal = {
  service: TerminalService;
  close(): Promise<void>;
  simulator: CenterSimulator | undefined;
  /** Training's card slot: slide a card in (with faults, as `card sim --fault`) or pull it, as a hand would. */
  trainingCard: TrainingCardSlot | undefined;
};

function trainingQueueConfig(): QueueConfig {
  const resolved = resolveQueueConfig({ probeIntervalMs: 2000 });
  if (!resolved.ok) throw new Error(`training queue configuration: ${resolved.error.en}`);
  return resolved.value;
}
const TRAINING_QUEUE_CONFIG = trainingQueueConfig();

/** The vpcd reader (port 35963) of training's pcscd binding, unless the configuration names one. */
export const VPCD_TRAINING_READER = 'Virtual PCD 00 00';

/** The operator id training mode settles as. */
const TRAINING_OPERATOR = 'training-cashier';

/** The virtual reader's name in training mode. */
export const TRAINING_READER = 'MedSettle 培训读卡器 (Training Reader) 00';

/** Whether something accepts TCP connections on 127.0.0.1:port within timeoutMs. */
export function probePort(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

/** Starts the service for a configuration; `root` resolves relative paths in it. */
export async function bootTerminal(
  config: TerminalConfig,
  options: {
    root: string;
    clock?: () => Date;
    log?: (line: string) => void;
    centerPollMs?: number;
    /** Delay of each APDU of the training card, to see the read in progress (demos, screenshots). */
    trainingCardLatencyMs?: number;
    /** Pause between upload passes (default 2000 ms). */
    uploadIntervalMs?: number;
  },
): Promise<BootedTerminal> {
  const clock = options.clock ?? (() => new Date());
  const dataDir = path.resolve(options.root, config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dbPath = path.join(dataDir, 'terminal.sqlite');
  const store = openStore(dbPath, fileKeyProvider(path.join(dataDir, 'keys', 'data.key')));
  const catalog = loadCatalog(path.resolve(options.root, config.catalogCsv));

  let simulator: CenterSimulator | undefined;
  let trainingCard: TrainingCardSlot | undefined;
  let service: TerminalService;
  let queueCtx: QueueContext | undefined;
  let uploads: UploadLoop | undefined;
  const closers: (() => Promise<void>)[] = [];
  /** Boots every channel group's dependencies, in order, remembering how to close each. */
  const bootGroups = async (b: BootContext) => {
    const session = await bootSession(b);
    const supervisor = await bootSupervisor(b);
    const billing = await bootBilling(b);
    const kiosk = await bootKiosk(b);
    const payments = await bootPayments(b);
    for (const part of [session, supervisor, billing, kiosk, payments]) if (part.close) closers.push(part.close);
    const groups = { session: session.deps, supervisor: supervisor.deps, billing: billing.deps, kiosk: kiosk.deps, payments: payments.deps };
    // exactOptionalPropertyTypes: leave out the groups that have nothing.
    return Object.fromEntries(Object.entries(groups).filter(([, v]) => v !== undefined)) as Partial<typeof groups>;
  };
  const log = options.log ?? (() => undefined);
  try {
    if (config.training) {
      // The card: the in-process reader, or (cardBinding 'pcscd') a vpcd reader of the real pcscd
      // with the virtual card held by a child process.
      const onPcscd = config.cardBinding === 'pcscd';
      const inProcess = onPcscd ? undefined : new InProcessBinding([TRAINING_READER], options.trainingCardLatencyMs ?? 0);
      const binding = inProcess ?? (await loadSmartcardBinding());
      const vpcdReader = config.reader ?? VPCD_TRAINING_READER;
      const slot = inProcess ? inProcessSlot(inProcess, TRAINING_READER) : new VpcdCardSlot({ root: options.root, port: VPCD_PORT, reader: vpcdReader, log });
      closers.push(() => slot.close());
      trainingCard = slot;
      const sim = await startTrainingCenter({ dataDir, businessDate: config.trainingBusinessDate, clock, log: options.log ?? (() => undefined) });
      simulator = sim;
      const queue = createQueueContext({
        store,
        centerUrl: sim.url,
        identity: {
          fixmedins_code: config.facility.fixmedins_code,
          fixmedins_name: config.facility.name,
          mdtrtarea_admvs: config.facility.admdvs,
          recer_sys_code: 'MEDSETTLE',
          infver: 'V1.0',
          opter_type: '1',
          opter: TRAINING_OPERATOR,
          opter_name: '培训收银员',
        },
        signIn: { opter_no: TRAINING_OPERATOR, mac: '00-00-00-00-00-00', ip: '127.0.0.1' },
        // Training's center comes back quickly: look for it every 2 s, not every 30 s.
        config: TRAINING_QUEUE_CONFIG,
        clock,
        timeoutMs: 5_000,
      });
      queueCtx = queue;
      const groups = await bootGroups({ config, root: options.root, dataDir, store, clock, log, simulator: sim, queue });
      service = createTerminalService({
        ...groups,
        config: onPcscd ? { ...config, reader: vpcdReader } : config,
        binding,
        virtualReader: slot,
        catalog,
        // Who the card holder is comes from the (simulated) center: 1101 + 5206, offline the store.
        enrolmentSource: centerEnrolments({
          link: queue,
          store,
          clock,
          year: () => config.trainingBusinessDate.slice(0, 4),
          facilityAdmdvs: config.facility.admdvs,
          log,
          // Nobody logged in: the card was read at the self-service kiosk.
          who: () => (groups.session?.state.current() ? undefined : { opter_type: '2', opter: 'kiosk' }),
        }),
        clock,
        store,
        centerProbe: { kind: 'simulator', probe: () => (sim.isOnline() ? probePort(sim.port) : Promise.resolve(false)) },
        ...(options.centerPollMs !== undefined ? { centerPollMs: options.centerPollMs } : {}),
        settleAtCounter: (request) => settleAtCounter(queue, request),
        actor: TRAINING_OPERATOR,
        ...(options.log ? { log: options.log } : {}),
      });
    } else {
      // A real facility: pcscd; enrolment comes from the center's 1101, which is not wired yet.
      const groups = await bootGroups({ config, root: options.root, dataDir, store, clock, log, simulator: undefined, queue: undefined });
      service = createTerminalService({
        ...groups,
        config,
        binding: await loadSmartcardBinding(),
        catalog,
        enrolments: () => undefined,
        clock,
        store,
        ...(options.log ? { log: options.log } : {}),
      });
    }
    await service.start();
    if (queueCtx) {
      const started = service;
      uploads = startUploadLoop({
        ctx: queueCtx,
        dbPath,
        intervalMs: options.uploadIntervalMs ?? 2000,
        onPass: () => {
          started.queueChanged();
        },
        log: options.log ?? (() => undefined),
      });
    }
  } catch (e) {
    for (const close of closers.reverse()) await close();
    await simulator?.close();
    closeStore(store);
    throw e;
  }
  return {
    service,
    simulator,
    trainingCard,
    async close() {
      await uploads?.stop();
      await service.stop();
      for (const close of closers.reverse()) await close();
      await simulator?.close();
      closeStore(store);
    },
  };
}
