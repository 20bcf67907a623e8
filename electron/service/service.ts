/**
 * The terminal service: plain Node (no Electron), it composes the card reader supervisor, the
 * settlement engine, the catalog and the store, and implements every channel of the contract.
 * Both hosts (Electron's IPC, the web host's HTTP) bind to this object and nothing else.
 */
import type { PcscBinding } from '../card/binding.js';
import type { CardReading } from '../card/card-record.js';
import type { InProcessBinding } from '../card/in-process-binding.js';
import { PROFILES, findProfile } from '../card/profiles.js';
import { ReaderSupervisor } from '../card/supervisor.js';
import { inProcessSlot, type TrainingCardSlot } from './training-card.js';
import { queueSummary, type Store } from '../../db/index.js';
import type { ApiResult, CenterStatus, ChannelName, InputOf, Order, OrderKind, OutputOf, Patient, PreSettlement, QueueStatus, ReaderStatus, SettleHow, SettlementReceipt, TerminalEvent } from './contract.js';
import type { Catalog } from './catalog.js';
import type { TerminalConfig } from './config.js';
import { lookupSource, type Enrolment, type EnrolmentFound, type EnrolmentLookup, type EnrolmentSource } from './enrolment.js';
import { putAccumulators } from '../../db/accumulators.js';
import { failure, fromCardError, success } from './errors.js';
import { patientView } from './patient.js';
import type { Visit } from './pre-settle.js';
import type { CounterRequest, QueueResult, Receipt } from '../queue/index.js';
import { createCartSettler } from './cart-settler.js';
import type { Holder, OrderSettler, PaymentsHooks, ServiceContext } from './context.js';
import { createBillingHandlers, type BillingDeps } from './handlers/billing.js';
import { createKioskHandlers, type KioskDeps } from './handlers/kiosk.js';
import { createPaymentsHandlers, type PaymentsDeps } from './handlers/payments.js';
import { createReceiptHandlers } from './receipts/index.js';
import { createSessionHandlers, guardChannels, type SessionDeps } from './handlers/session.js';
import { createSupervisorHandlers, type SupervisorDeps } from './handlers/supervisor.js';

/** What the service is built from; clock and ids come in, so tests control them. */
export type TerminalServiceOptions = {
  config: TerminalConfig;
  binding: PcscBinding;
  /** The in-process reader holding virtual cards (training mode), to insert and pull them. */
  virtualReader?: TrainingCardSlot | { binding: InProcessBinding; reader: string };
  catalog: Catalog;
  /** A fixed enrolment table (tests, services without a center); enrolmentSource wins when both are given. */
  enrolments?: EnrolmentLookup;
  /** Looks the card holder up when a card is read (the center's 1101 + 5206, offline the store). */
  enrolmentSource?: EnrolmentSource;
  clock: () => Date;
  store?: Store;
  /** Whether the center answers; polled every centerPollMs. */
  centerProbe?: { kind: 'simulator' | 'gateway'; probe: () => Promise<boolean> };
  centerPollMs?: number;
  /** Settles at the counter (the queue's settleAtCounter bound to its context); absent: no settle. */
  settleAtCounter?: (request: CounterRequest) => Promise<QueueResult<Receipt>>;
  /** Who settles, for the audit log and the center (an operator id; the kiosk says "kiosk"). */
  actor?: string;
  log?: (line: string) => void;
  /** Each channel group's own dependencies (boot builds them; absent: the group refuses). */
  session?: SessionDeps;
  supervisor?: SupervisorDeps;
  billing?: BillingDeps;
  kiosk?: KioskDeps;
  payments?: PaymentsDeps;
};

/** One handler per channel: the parsed input in, a result envelope out. */
type Handlers = { [C in ChannelName]: (input: InputOf<C>) => Promise<ApiResult<OutputOf<C>>> };

/** The running service: the contract's channels, events, and its lifecycle. */
export type TerminalService = Handlers & {
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (event: TerminalEvent) => void): () => void;
  /** Tells every window the queue's status (the upload loop calls it after each pass). */
  queueChanged(): void;
  /** Starts the reader supervisor and the center probe. */
  start(): Promise<void>;
  /** Stops everything it started (the store stays open: its owner closes it). */
  stop(): Promise<void>;
};

type Waiter = { resolve: (r: ApiResult<Patient>) => void };


/** Builds the service; call start() before use. */
export function createTerminalService(options: TerminalServiceOptions): TerminalService {
  const { config, catalog, clock } = options;
  const log = options.log ?? (() => undefined);
  const businessDate = (): string =>
    config.training ? config.trainingBusinessDate : new Date(clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const supervisor = new ReaderSupervisor({
    binding: options.binding,
    today: businessDate,
    ...(config.reader !== undefined ? { reader: config.reader } : {}),
    log,
  });
  const listeners = new Set<(event: TerminalEvent) => void>();
  const waiters = new Set<Waiter>();
  let reading: CardReading | undefined;
  let settling = false;
  /**
   * What this terminal's own settlements changed since the enrolment was looked up: the account
   * balance and the year-to-date figures after each one, by psn_no, so the next pre-settlement
   * of the same patient starts from them.
   */
  const settledSince = new Map<string, Pick<Enrolment, 'acct_balance' | 'ytd'> & { at: string }>();
  const source: EnrolmentSource = options.enrolmentSource ?? lookupSource(options.enrolments ?? (() => undefined), clock);
  /** The enrolment found for the card reading in the reader now (looked up once per reading). */
  let found: EnrolmentFound | undefined;
  /** Bumped by every insertion and removal, so a lookup that finishes late is dropped. */
  let readingSeq = 0;
  const enrolmentNow = (): Enrolment | undefined => {
    if (!found?.ok) return undefined;
    const base = found.enrolment;
    const after = settledSince.get(base.psn_no);
    // The center's figures fetched after this terminal's last settlement already include it.
    if (!after || (base.known?.source === 'center' && base.known.asOf >= after.at)) return base;
    return { ...base, acct_balance: after.acct_balance, ytd: after.ytd };
  };
  let serviceDown = false;
  let center: CenterStatus = { state: 'unknown', kind: options.centerProbe?.kind ?? 'none', checkedAt: null };
  let centerTimer: NodeJS.Timeout | undefined;
  let probing: Promise<void> | undefined;

  const emit = (event: TerminalEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (e) {
        log(`event listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  const readerStatus = (): ReaderStatus => {
    if (serviceDown) return { state: 'service-down', reader: null, cardPresent: false, binding: options.binding.kind };
    const readers = supervisor.readers().filter((r) => supervisor.matchesConfigured(r.name));
    const withCard = readers.find((r) => r.present);
    const first = withCard ?? readers[0];
    if (!first) return { state: 'no-reader', reader: null, cardPresent: false, binding: options.binding.kind };
    return { state: 'ready', reader: first.name, cardPresent: first.present, binding: options.binding.kind };
  };

  const patientOf = (r: CardReading): Patient => patientView(r, enrolmentNow(), config.facility.admdvs);

  const settleWaiters = (result: ApiResult<Patient>): void => {
    for (const w of [...waiters]) w.resolve(result);
    waiters.clear();
  };

  supervisor.on((event) => {
    switch (event.type) {
      case 'reader-attached':
      case 'reader-detached':
        emit({ type: 'reader', reader: readerStatus() });
        return;
      case 'card-inserted':
        reading = undefined;
        found = undefined;
        readingSeq += 1;
        emit({ type: 'card-inserted', reader: event.reader });
        emit({ type: 'reader', reader: readerStatus() });
        return;
      case 'card-read': {
        // The card is shown once its holder is looked up (the center's 1101, or the store offline).
        const card = event.card;
        const seq = (readingSeq += 1);
        const lookup = card.needs_psam ? Promise.resolve<EnrolmentFound>({ ok: false, code: 'NOT_ENROLLED', reason: 'the card needs a PSAM' }) : source(card);
        void lookup
          .catch((e: unknown): EnrolmentFound => ({ ok: false, code: 'NOT_ENROLLED_OFFLINE', reason: e instanceof Error ? e.message : String(e) }))
          .then((result) => {
            if (seq !== readingSeq) return;
            reading = card;
            found = result;
            const patient = patientOf(card);
            settleWaiters(success(patient));
            emit({ type: 'card-read', patient });
          });
        return;
      }
      case 'card-error': {
        reading = undefined;
        found = undefined;
        readingSeq += 1;
        const error = fromCardError(event.error);
        settleWaiters({ ok: false, error });
        emit({ type: 'card-error', error });
        return;
      }
      case 'card-removed':
        reading = undefined;
        found = undefined;
        readingSeq += 1;
        emit({ type: 'card-removed', reader: event.reader });
        emit({ type: 'reader', reader: readerStatus() });
        return;
      case 'service-down':
        serviceDown = true;
        emit({ type: 'reader', reader: readerStatus() });
        return;
      case 'service-up':
        serviceDown = false;
        emit({ type: 'reader', reader: readerStatus() });
        return;
    }
  });

  const queueStatus = (): QueueStatus | null => {
    if (!options.store) return null;
    const q = queueSummary(options.store.db, clock());
    return { depth: q.provisional.count, oldestAgeMs: q.provisional.oldestAgeMs };
  };

  const probeCenter = async (): Promise<void> => {
    const probe = options.centerProbe;
    if (!probe) return;
    let up: boolean;
    try {
      up = await probe.probe();
    } catch (e) {
      log(`center probe failed: ${e instanceof Error ? e.message : String(e)}`);
      up = false;
    }
    const next: CenterStatus = { state: up ? 'online' : 'offline', kind: probe.kind, checkedAt: clock().toISOString() };
    const changed = next.state !== center.state;
    center = next;
    if (changed) emit({ type: 'center', center });
  };

  /** The card in the reader, its holder's enrolment and the visit, or why there is none. */
  const holder = (): ApiResult<Holder> => {
    if (!reading) return failure('NO_CARD');
    if (reading.needs_psam) return failure('CARD_NEEDS_PSAM');
    if (found && !found.ok) return failure(found.code, { reason: found.reason });
    const enrolment = enrolmentNow();
    if (!enrolment) return failure('NOT_ENROLLED');
    const visit: Visit = {
      fixmedins_code: config.facility.fixmedins_code,
      admdvs: config.facility.admdvs,
      date: businessDate(),
      cardValidTo: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(reading.valid_to) ? reading.valid_to : null,
    };
    return success({ reading, enrolment, visit });
  };

  // Training's card slot: in-process (given as its binding and reader) or a vpcd reader of pcscd.
  const trainingSlot: TrainingCardSlot | undefined =
    options.virtualReader && 'binding' in options.virtualReader ? inProcessSlot(options.virtualReader.binding, options.virtualReader.reader) : options.virtualReader;
  const requireTraining = <T>(): ApiResult<T> | undefined =>
    config.training && options.virtualReader ? undefined : failure<T>('TRAINING_ONLY');

  const queueChanged = (): void => {
    const queue = queueStatus();
    if (queue) emit({ type: 'queue', queue });
  };

  // Each kind of order and how it settles; the core's is the cart (pharmacy, kiosk).
  const settlers = new Map<OrderKind, OrderSettler<OrderKind>>();
  const settlerOf = (kind: OrderKind): OrderSettler<OrderKind> | undefined => settlers.get(kind);

  const preSettleOrder = (order: Order): ApiResult<PreSettlement> => {
    const settler = settlerOf(order.kind);
    if (!settler) return failure('SETTLE_UNAVAILABLE', { kind: order.kind });
    const who = holder();
    if (!who.ok) return who;
    return settler.preSettle(order, who.value);
  };

  const settleOrder = async (order: Order, how: SettleHow): Promise<ApiResult<SettlementReceipt>> => {
    const settler = settlerOf(order.kind);
    if (!settler || !options.settleAtCounter) return failure('SETTLE_UNAVAILABLE', { kind: order.kind });
    // One settlement at a time: a double click or a second window must not settle an order twice.
    if (settling) return failure('SETTLE_IN_PROGRESS');
    const who = holder();
    if (!who.ok) return who;
    settling = true;
    let result: ApiResult<SettlementReceipt>;
    try {
      result = await settler.settle(order, who.value, how);
    } finally {
      settling = false;
    }
    if (result.ok) {
      emit({ type: 'settled', receipt: result.value });
      queueChanged();
    }
    return result;
  };

  let paymentsHooks: PaymentsHooks | undefined;
  const ctx: ServiceContext = {
    config,
    clock,
    businessDate,
    store: options.store,
    catalog,
    log,
    emit,
    reading: () => reading,
    patient: () => (reading ? patientOf(reading) : null),
    holder,
    carryForward: (psn_no, after) => {
      const now = clock();
      settledSince.set(psn_no, { ...after, at: now.toISOString() });
      // The local accumulators: what the next estimate starts from when the center offers no 5206.
      if (options.store) {
        const y = after.ytd;
        try {
          putAccumulators(options.store.db, { psnNo: psn_no, year: Number(businessDate().slice(0, 4)), ytd: { deductible_paid: y.deductible_paid, inscp_accumulated: y.inscp_accumulated, admissions: y.admissions, fund_paid: y.fund_paid ?? {}, layer_base: y.layer_base ?? {} }, source: 'local' }, now);
        } catch (e) {
          log(`accumulators not kept for the next estimate: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    },
    settlementUndone: async (psn_no) => {
      settledSince.delete(psn_no);
      const card = reading;
      if (!card || !found?.ok || found.enrolment.psn_no !== psn_no) return;
      const seq = readingSeq;
      try {
        const result = await source(card);
        if (seq === readingSeq && result.ok) found = result;
      } catch (e) {
        log(`enrolment not looked up again after a refund: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    settleAtCounter: options.settleAtCounter,
    // The logged-in operator; a service without sessions (tests, tools) acts as options.actor.
    actor: () => options.session?.state.current()?.id ?? options.actor ?? 'cashier',
    operatorPresent: () => (options.session ? options.session.state.current() !== null : true),
    centerStatus: () => center,
    queueChanged,
    registerSettler: (kind, settler) => {
      // The map holds settlers of every kind; each is only ever called with its own kind's orders.
      settlers.set(kind, settler as unknown as OrderSettler<OrderKind>);
    },
    preSettleOrder,
    settleOrder,
    amountDueOf: (order, psn_cash_pay) => settlerOf(order.kind)?.amountDue?.(order, psn_cash_pay) ?? psn_cash_pay,
    payments: () => paymentsHooks,
    registerPayments: (hooks) => {
      paymentsHooks = hooks;
    },
  };
  ctx.registerSettler('cart', createCartSettler(ctx));

  // Every channel passes the access guard (contract access levels; handlers/session.ts).
  return guardChannels(options.session?.state, {
    ...createSessionHandlers(ctx, options.session),
    ...createSupervisorHandlers(ctx, options.supervisor),
    ...createBillingHandlers(ctx, options.billing),
    ...createKioskHandlers(ctx, options.kiosk),
    ...createPaymentsHandlers(ctx, options.payments),
    ...createReceiptHandlers(ctx),

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    queueChanged,

    async start() {
      supervisor.start();
      await supervisor.whenScanned();
      if (options.centerProbe) {
        probing = probeCenter();
        await probing;
        centerTimer = setInterval(() => {
          probing = probeCenter();
        }, options.centerPollMs ?? 5000);
        centerTimer.unref();
      }
    },

    async stop() {
      if (centerTimer) clearInterval(centerTimer);
      await probing;
      settleWaiters(failure('NO_CARD'));
      await supervisor.stop();
    },

    status() {
      return Promise.resolve(
        success({
          trainingMode: config.training,
          facility: { ...config.facility },
          businessDate: businessDate(),
          reader: readerStatus(),
          center,
          queue: queueStatus(),
          canSettle: options.settleAtCounter !== undefined,
        }),
      );
    },

    cardProfiles() {
      const refused = requireTraining<OutputOf<'cardProfiles'>>();
      if (refused) return Promise.resolve(refused);
      return Promise.resolve(success(PROFILES.map((p) => ({ id: p.id, summary: p.summary }))));
    },

    async insertVirtualCard({ profileId }) {
      const refused = requireTraining<OutputOf<'insertVirtualCard'>>();
      const slot = trainingSlot;
      if (refused || !slot) return refused ?? failure('TRAINING_ONLY');
      const profile = findProfile(profileId);
      if (!profile) return failure('UNKNOWN_PROFILE', { profileId });
      await slot.remove();
      reading = undefined;
      found = undefined;
      readingSeq += 1;
      await slot.insert(profile);
      return success({ reader: slot.reader });
    },

    removeVirtualCard() {
      const refused = requireTraining<OutputOf<'removeVirtualCard'>>();
      if (refused || !options.virtualReader) return Promise.resolve(refused ?? failure('TRAINING_ONLY'));
      const had = readerStatus().cardPresent;
      return (trainingSlot?.remove() ?? Promise.resolve()).then(() => success({ removed: had }));
    },

    readCard({ timeoutMs }) {
      if (reading) return Promise.resolve(success(patientOf(reading)));
      return new Promise<ApiResult<Patient>>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(failure(readerStatus().cardPresent ? 'CARD_READ_TIMEOUT' : 'NO_CARD'));
        }, timeoutMs ?? 10_000);
        const waiter: Waiter = {
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        waiters.add(waiter);
      });
    },

    currentPatient() {
      return Promise.resolve(success(reading ? patientOf(reading) : null));
    },

    searchCatalog({ query, limit }) {
      return Promise.resolve(success(catalog.search(query, limit ?? 20)));
    },

    lookupBarcode({ barcode }) {
      const entry = catalog.byBarcode(barcode);
      return Promise.resolve(entry ? success(entry) : failure('NOT_FOUND', { barcode }));
    },

    preSettle({ lines }) {
      return Promise.resolve(preSettleOrder({ kind: 'cart', lines }));
    },

    preSettleOrder({ order }) {
      return Promise.resolve(preSettleOrder(order));
    },

    settle({ lines }) {
      return settleOrder({ kind: 'cart', lines }, { opter_type: '1' });
    },
  });
}
