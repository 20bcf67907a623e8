/**
 * The reader supervisor: watches PC/SC readers, reads the card slid into the reader in use, and
 * turns everything into typed CardEvents. It survives what the counter throws at it: readers
 * unplugged and plugged back, cards pulled mid-read, cards that stop answering (per-APDU
 * timeout), and pcscd dying and coming back (it reconnects on its own; no restart of the app).
 */
import { toHex } from './apdu.js';
import type { CardSession, PcscBinding, PcscContext, ReaderSnapshot } from './binding.js';
import { maskCard } from './card-record.js';
import { CardIoError, cardError, toCardError, type CardError } from './errors.js';
import type { CardEvent, CardEventListener } from './events.js';
import { readCard } from './protocol.js';
import type { CardAuthenticator } from './psam.js';
import type { CardTransport } from './t0.js';

/** How the supervisor is set up; only binding and today are required. */
export type SupervisorOptions = {
  binding: PcscBinding;
  /** Today as YYYY-MM-DD (the injected clock), asked once per read. */
  today: () => string;
  /** The reader to use (exact name, else a unique case-insensitive part of it); else the first with a card. */
  reader?: string;
  /** Opens 3rd-generation cards; without it they read with needs_psam. */
  authenticator?: CardAuthenticator;
  /** Longest wait for one APDU's answer. Default 5000 ms. */
  apduTimeoutMs?: number;
  /** Longest wait for a reader change before the reader list is polled again. Default 500 ms. */
  pollMs?: number;
  /** Pause between attempts to reach a service that is down. Default 500 ms. */
  retryMs?: number;
  /** After an I/O failure, how long to look for the card having left. Default 1500 ms. */
  removalConfirmMs?: number;
  /** Log lines (personal data masked). */
  log?: (line: string) => void;
};

type KnownReader = { present: boolean; events: number; atr: string };

/** Watches readers and reads cards; subscribe with `on`, then `start`. */
export class ReaderSupervisor {
  private readonly listeners = new Set<CardEventListener>();
  private readonly known = new Map<string, KnownReader>();
  private readonly reads = new Set<Promise<void>>();
  private ctx: PcscContext | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private down = false;
  private active: string | undefined;
  private scanned: { promise: Promise<void>; resolve: () => void };
  private wake: (() => void) | undefined;

  constructor(private readonly options: SupervisorOptions) {
    let resolve = (): void => undefined;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.scanned = { promise, resolve };
  }

  /** Subscribes to card events; returns the unsubscribe function. */
  on(listener: CardEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts watching (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops watching, waits for reads in progress to end (each bounded by the APDU timeout). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.ctx?.cancel();
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.reads]);
    this.closeContext();
  }

  /** Resolves once the reader list has been seen for the first time. */
  whenScanned(): Promise<void> {
    return this.scanned.promise;
  }

  /** The readers known now, with whether a card is in each. */
  readers(): { name: string; present: boolean }[] {
    return [...this.known].map(([name, r]) => ({ name, present: r.present }));
  }

  /** Whether this reader is the one cards are read from when a reader is configured. */
  matchesConfigured(name: string): boolean {
    const wanted = this.options.reader;
    if (wanted === undefined) return true;
    if (this.known.has(wanted)) return name === wanted;
    const matches = [...this.known.keys()].filter((n) => n.toLowerCase().includes(wanted.toLowerCase()));
    return matches.length === 1 && matches[0] === name;
  }

  private stopping(): boolean {
    return !this.running;
  }

  private emit(event: CardEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 500;
    const retryMs = this.options.retryMs ?? 500;
    while (this.running) {
      if (!this.ctx) {
        try {
          this.ctx = this.options.binding.open();
        } catch (e: unknown) {
          this.serviceLost(toCardError(e));
          await this.sleep(retryMs);
          continue;
        }
        if (this.down) {
          this.down = false;
          this.log(`pcsc: service back (${this.options.binding.kind})`);
          this.emit({ type: 'service-up' });
        }
      }
      try {
        const snapshot = this.ctx.listReaders();
        this.reconcile(snapshot);
        this.scanned.resolve();
        const started = performance.now();
        const outcome = await this.ctx.waitForChange(snapshot, pollMs);
        // A state word that keeps differing without a visible change must not spin the loop.
        if (outcome === 'changed' && performance.now() - started < 5) await this.sleep(20);
      } catch (e: unknown) {
        if (this.stopping()) break;
        this.closeContext();
        this.serviceLost(toCardError(e));
        await this.sleep(retryMs);
      }
    }
  }

  private closeContext(): void {
    const ctx = this.ctx;
    this.ctx = undefined;
    if (!ctx) return;
    try {
      ctx.close();
    } catch (e: unknown) {
      this.log(`pcsc: closing the watch context failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private serviceLost(error: CardError): void {
    // Whatever the service knew is gone with it: report every card and reader as gone.
    for (const [name, r] of this.known) {
      if (r.present) this.emit({ type: 'card-removed', reader: name });
      this.emit({ type: 'reader-detached', reader: name });
    }
    this.known.clear();
    this.active = undefined;
    if (this.down) return;
    this.down = true;
    this.log(`pcsc: service down: ${error.code} ${error.details?.reason ?? ''}`.trim());
    this.emit({
      type: 'service-down',
      error: error.code === 'PCSC_SERVICE_DOWN' ? error : cardError('PCSC_SERVICE_DOWN', error.details),
    });
  }

  private reconcile(snapshot: readonly ReaderSnapshot[]): void {
    const seen = new Set<string>();
    for (const r of snapshot) {
      seen.add(r.name);
      let known = this.known.get(r.name);
      if (!known) {
        known = { present: false, events: r.events, atr: '' };
        this.known.set(r.name, known);
        this.emit({ type: 'reader-attached', reader: r.name });
      }
      const swapped = known.present && r.present && r.events !== known.events;
      if (swapped || (known.present && !r.present)) {
        known.present = false;
        if (this.active === r.name) this.active = undefined;
        this.emit({ type: 'card-removed', reader: r.name });
      }
      if (r.present && !known.present) {
        known.present = true;
        known.atr = r.atr ? toHex(r.atr) : '';
        this.emit({ type: 'card-inserted', reader: r.name, atr: known.atr });
        this.maybeRead(r.name);
      }
      known.events = r.events;
    }
    for (const [name, r] of [...this.known]) {
      if (seen.has(name)) continue;
      if (r.present) this.emit({ type: 'card-removed', reader: name });
      if (this.active === name) this.active = undefined;
      this.known.delete(name);
      this.emit({ type: 'reader-detached', reader: name });
    }
  }

  private maybeRead(reader: string): void {
    if (this.options.reader !== undefined) {
      if (!this.matchesConfigured(reader)) return;
    } else if (this.active !== undefined && this.active !== reader && this.known.get(this.active)?.present) {
      // No reader configured: the first reader with a card is in use until its card leaves.
      return;
    }
    this.active = reader;
    const read = this.read(reader).catch((e: unknown) => {
      // read() returns its failures as events; reaching here is a bug, reported as one.
      this.emit({ type: 'card-error', reader, error: toCardError(e) });
    });
    this.reads.add(read);
    void read.finally(() => this.reads.delete(read));
  }

  private async read(reader: string): Promise<void> {
    let session: CardSession | undefined;
    for (let attempt = 1; !session; attempt += 1) {
      try {
        session = await this.options.binding.connect(reader);
      } catch (e: unknown) {
        const error = toCardError(e);
        // Another program holding the card usually lets go within a second.
        if (error.code === 'CARD_IN_USE' && attempt < 4 && this.running) {
          await new Promise((r) => setTimeout(r, 300));
          continue;
        }
        this.log(`card: connect to ${reader} failed: ${error.code}`);
        if (this.running) this.emit({ type: 'card-error', reader, error });
        return;
      }
    }
    let apdus = 0;
    const guarded = this.guard(session, () => {
      apdus += 1;
    });
    const started = performance.now();
    let result: Awaited<ReturnType<typeof readCard>>;
    try {
      result = await readCard(guarded, {
        today: this.options.today(),
        authenticator: this.options.authenticator,
      });
    } finally {
      // With a PSAM the card may have opened its personal data to us: reset it as we let go, so
      // that no other program finds it open.
      session.release(this.options.authenticator !== undefined);
    }
    const elapsedMs = performance.now() - started;
    if (!this.running) return;
    if (!result.ok) {
      this.log(
        `card: read in ${reader} failed after ${apdus} APDUs: ${result.error.code} ${result.error.en}`,
      );
      this.emit({ type: 'card-error', reader, error: result.error });
      return;
    }
    const card = { ...result.value, reader, atr: toHex(session.atr) };
    const m = maskCard(card);
    this.log(
      `card: read ${reader} card_sn=${card.card_sn} region=${card.region} v${card.spec_version} ssn=${m.ssn ?? '-'} name=${m.name ?? '-'} needs_psam=${String(card.needs_psam)} apdus=${apdus} ms=${elapsedMs.toFixed(0)}`,
    );
    this.emit({ type: 'card-read', reader, card, apdus, elapsedMs });
  }

  /** The session as a CardTransport with the per-APDU timeout and removal confirmation. */
  private guard(session: CardSession, counted: () => void): CardTransport {
    const timeoutMs = this.options.apduTimeoutMs ?? 5000;
    const confirmMs = this.options.removalConfirmMs ?? 1500;
    return {
      transmit: async (command) => {
        counted();
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(
              new CardIoError(cardError('CARD_TIMEOUT', { reason: `no answer within ${timeoutMs} ms` })),
            );
          }, timeoutMs);
        });
        try {
          return await Promise.race([session.transmit(command), timeout]);
        } catch (e: unknown) {
          const error = toCardError(e);
          // A pulled card shows first as a failed or empty exchange, then as an empty reader.
          if (error.code === 'CARD_IO_ERROR' && (await session.confirmRemoved(confirmMs))) {
            throw new CardIoError(cardError('CARD_REMOVED', error.details), { cause: e });
          }
          throw e;
        } finally {
          clearTimeout(timer);
        }
      },
    };
  }
}
