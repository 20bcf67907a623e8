/**
 * Virtual card readers inside the process: the demo and training mode's PC/SC (no pcscd needed)
 * and the reader supervisor's unit-test rig. Readers can be attached and detached, cards
 * inserted and pulled, and the "service" stopped and started, all synchronously.
 */
import type { CardSession, ChangeOutcome, PcscBinding, PcscContext, ReaderSnapshot } from './binding.js';
import { CardIoError, cardError } from './errors.js';
import type { VirtualCard } from './virtual-card.js';

type Slot = { card: VirtualCard | undefined; events: number };
type Pending = { reject: (e: unknown) => void };

function serviceDown(): CardIoError {
  return new CardIoError(cardError('PCSC_SERVICE_DOWN', { reason: 'in-process service stopped' }));
}

/** The in-process PC/SC: readers holding virtual cards. */
export class InProcessBinding implements PcscBinding {
  readonly kind = 'in-process';
  private readonly slots = new Map<string, Slot>();
  private readonly watchers = new Set<() => void>();
  private readonly pending = new Map<string, Set<Pending>>();
  private up = true;
  /** Bumped when the service stops: contexts from an older epoch are dead. */
  private epoch = 0;

  constructor(
    readerNames: readonly string[] = ['MedSettle Virtual Reader 00'],
    private readonly latencyMs = 0,
  ) {
    for (const name of readerNames) this.slots.set(name, { card: undefined, events: 0 });
  }

  /** Plugs a reader in. */
  attachReader(name: string): void {
    if (!this.slots.has(name)) this.slots.set(name, { card: undefined, events: 0 });
    this.notify();
  }

  /** Unplugs a reader (with any card in it). */
  detachReader(name: string): void {
    this.failPending(name, new CardIoError(cardError('READER_NOT_FOUND', { reason: `${name} unplugged` })));
    this.slots.delete(name);
    this.notify();
  }

  /** Slides a card into a reader. */
  insert(reader: string, card: VirtualCard): void {
    const slot = this.slots.get(reader);
    if (!slot) throw new Error(`no reader ${reader}`);
    card.reset();
    slot.card = card;
    slot.events += 1;
    this.notify();
  }

  /** Pulls the card out of a reader; an APDU in flight fails with CARD_REMOVED. */
  remove(reader: string): void {
    const slot = this.slots.get(reader);
    if (!slot?.card) return;
    slot.card = undefined;
    slot.events += 1;
    this.failPending(reader, new CardIoError(cardError('CARD_REMOVED')));
    this.notify();
  }

  /** Stops the service, as when pcscd is killed: every context and session fails. */
  stopService(): void {
    this.up = false;
    this.epoch += 1;
    for (const reader of this.pending.keys()) this.failPending(reader, serviceDown());
    this.notify();
  }

  /** Starts the service again. */
  startService(): void {
    this.up = true;
    this.notify();
  }

  open(): PcscContext {
    if (!this.up) throw serviceDown();
    const epoch = this.epoch;
    const alive = (): void => {
      if (!this.up || epoch !== this.epoch) throw serviceDown();
    };
    let cancelWait: (() => void) | undefined;
    return {
      listReaders: (): ReaderSnapshot[] => {
        alive();
        return [...this.slots].map(([name, slot]) => ({
          name,
          present: slot.card !== undefined,
          atr: slot.card?.atr ?? null,
          state: slot.events,
          events: slot.events,
        }));
      },
      waitForChange: (_known, timeoutMs): Promise<ChangeOutcome> => {
        alive();
        return new Promise<ChangeOutcome>((resolve, reject) => {
          const done = (outcome: ChangeOutcome | Error): void => {
            clearTimeout(timer);
            this.watchers.delete(onChange);
            cancelWait = undefined;
            if (outcome instanceof Error) reject(outcome);
            else resolve(outcome);
          };
          const onChange = (): void => {
            done(this.up && epoch === this.epoch ? 'changed' : serviceDown());
          };
          const timer = setTimeout(() => {
            done('timeout');
          }, timeoutMs);
          this.watchers.add(onChange);
          cancelWait = () => {
            done('cancelled');
          };
        });
      },
      cancel: () => cancelWait?.(),
      close: () => cancelWait?.(),
    };
  }

  async connect(reader: string): Promise<CardSession> {
    await Promise.resolve();
    if (!this.up) throw serviceDown();
    const slot = this.slots.get(reader);
    if (!slot) throw new CardIoError(cardError('READER_NOT_FOUND', { reason: reader }));
    const card = slot.card;
    if (!card) throw new CardIoError(cardError('CARD_REMOVED'));
    const events = slot.events;
    const stillThere = (): boolean =>
      this.slots.get(reader)?.card === card && this.slots.get(reader)?.events === events;
    return {
      reader,
      atr: card.atr,
      transmit: (command) =>
        new Promise<Uint8Array>((resolve, reject) => {
          if (!this.up) {
            reject(serviceDown());
            return;
          }
          if (!stillThere()) {
            reject(new CardIoError(cardError('CARD_REMOVED')));
            return;
          }
          const entry: Pending = { reject };
          const set = this.pending.get(reader) ?? new Set<Pending>();
          this.pending.set(reader, set);
          set.add(entry);
          setTimeout(() => {
            if (!set.has(entry)) return; // already failed: pulled, unplugged or service stopped
            const reply = card.process(command);
            if (reply.type === 'mute') return; // never answers: only removal or the APDU timeout ends it
            set.delete(entry);
            if (reply.type === 'removed') {
              this.remove(reader);
              reject(new CardIoError(cardError('CARD_REMOVED')));
              return;
            }
            resolve(reply.bytes);
          }, this.latencyMs);
        }),
      confirmRemoved: () => Promise.resolve(!stillThere()),
      release: (reset) => {
        if (reset && stillThere()) card.reset();
      },
    };
  }

  private failPending(reader: string, error: CardIoError): void {
    const set = this.pending.get(reader);
    if (!set) return;
    for (const p of set) p.reject(error);
    set.clear();
  }

  private notify(): void {
    for (const w of [...this.watchers]) w();
  }
}
