/**
 * The real PC/SC binding: the `smartcard` N-API package over pcscd. Loaded lazily, so demo mode
 * runs on machines without libpcsclite. Every card connection gets a PC/SC context of its own:
 * pcsc-lite serialises calls per context, and a card that never answers would otherwise freeze
 * the watching context (and with it the event loop, since listReaders is synchronous).
 */
import type * as Smartcard from 'smartcard';
import type { CardInterface, ContextInterface } from 'smartcard';
import type { CardSession, ChangeOutcome, PcscBinding, PcscContext, ReaderSnapshot } from './binding.js';
import { CardIoError, cardError, type CardErrorCode } from './errors.js';

type SmartcardModule = typeof Smartcard;

/** Options of the real binding. */
export type SmartcardBindingOptions = {
  /** Let the binding answer 61xx/6Cxx itself (the protocol copes either way). Default false. */
  autoGetResponse?: boolean;
  /** Where cleanup failures are reported (they change nothing, but are never swallowed). */
  warn?: (line: string) => void;
};

/** Loads the `smartcard` package and returns the pcscd binding; PCSC_SERVICE_DOWN if it cannot load. */
export async function loadSmartcardBinding(options: SmartcardBindingOptions = {}): Promise<PcscBinding> {
  let sc: SmartcardModule;
  try {
    sc = await import('smartcard');
  } catch (e: unknown) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CardIoError(
      cardError(
        'PCSC_SERVICE_DOWN',
        { reason },
        { zh: `无法加载 smartcard 模块：${reason}`, en: `the smartcard module did not load: ${reason}` },
      ),
      { cause: e },
    );
  }
  return new SmartcardBinding(sc, options);
}

const messageCodes: readonly [string, CardErrorCode][] = [
  ['PC/SC service not running', 'PCSC_SERVICE_DOWN'],
  ['PC/SC service stopped', 'PCSC_SERVICE_DOWN'],
  ['Communication error', 'PCSC_SERVICE_DOWN'],
  ['Invalid handle', 'PCSC_SERVICE_DOWN'],
  ['Card was removed', 'CARD_REMOVED'],
  ['No smart card present', 'CARD_REMOVED'],
  ['Reader unavailable', 'READER_NOT_FOUND'],
  ['Unknown reader', 'READER_NOT_FOUND'],
  ['Operation timed out', 'CARD_TIMEOUT'],
  ['Sharing violation', 'CARD_IN_USE'],
];

/** The card error for a `smartcard` rejection (the package rejects with plain messages). */
export function mapPcscError(e: unknown, fallback: CardErrorCode = 'CARD_IO_ERROR'): CardIoError {
  if (e instanceof CardIoError) return e;
  const reason = e instanceof Error ? e.message : String(e);
  const code = messageCodes.find(([m]) => reason.includes(m))?.[1] ?? fallback;
  return new CardIoError(cardError(code, { reason }), { cause: e });
}

class SmartcardBinding implements PcscBinding {
  readonly kind = 'pcscd';

  constructor(
    private readonly sc: SmartcardModule,
    private readonly options: SmartcardBindingOptions,
  ) {}

  open(): PcscContext {
    return new SmartcardContext(this.sc, this.newContext(), this.options.warn ?? (() => undefined));
  }

  async connect(reader: string): Promise<CardSession> {
    const ctx = this.newContext();
    const warn = this.options.warn ?? (() => undefined);
    try {
      const found = ctx.listReaders().find((r) => r.name === reader);
      if (!found) throw new CardIoError(cardError('READER_NOT_FOUND', { reason: reader }));
      // Exclusive for the few hundred milliseconds of a read: the read is a sequence of
      // stateful commands (SELECT, then READ RECORD in the selected file), and another program
      // sending its own SELECT in between would answer our READ RECORD from its file.
      const card = await found.connect(
        this.sc.SCARD_SHARE_EXCLUSIVE,
        this.sc.SCARD_PROTOCOL_T0 | this.sc.SCARD_PROTOCOL_T1,
      );
      const atr = card.atr ?? found.atr ?? Buffer.alloc(0);
      return new SmartcardSession(
        this.sc,
        ctx,
        card,
        reader,
        Uint8Array.from(atr),
        this.options.autoGetResponse ?? false,
        found.state >>> 16,
        warn,
      );
    } catch (e: unknown) {
      closeQuietly(ctx, warn);
      throw mapPcscError(e, 'READER_CONNECT_FAILED');
    }
  }

  private newContext(): ContextInterface {
    try {
      return new this.sc.Context();
    } catch (e: unknown) {
      throw mapPcscError(e, 'PCSC_SERVICE_DOWN');
    }
  }
}

function closeQuietly(ctx: ContextInterface, warn: (line: string) => void): void {
  try {
    ctx.close();
  } catch (e: unknown) {
    warn(`pcsc: closing a context failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

class SmartcardContext implements PcscContext {
  private sleeper: { timer: NodeJS.Timeout; resolve: (o: ChangeOutcome) => void } | undefined;

  constructor(
    private readonly sc: SmartcardModule,
    private readonly ctx: ContextInterface,
    private readonly warn: (line: string) => void,
  ) {}

  listReaders(): ReaderSnapshot[] {
    try {
      return this.ctx.listReaders().map((r) => ({
        name: r.name,
        present: (r.state & this.sc.SCARD_STATE_PRESENT) !== 0,
        atr: r.atr ? Uint8Array.from(r.atr) : null,
        state: r.state & ~this.sc.SCARD_STATE_CHANGED,
        // pcsc-lite keeps the card event counter in the upper 16 bits of the state.
        events: r.state >>> 16,
      }));
    } catch (e: unknown) {
      throw mapPcscError(e, 'PCSC_SERVICE_DOWN');
    }
  }

  async waitForChange(known: readonly ReaderSnapshot[], timeoutMs: number): Promise<ChangeOutcome> {
    if (known.length === 0) {
      // With no reader to watch, SCardGetStatusChange would return at once: sleep instead,
      // and let the next listReaders notice a reader that appeared.
      return new Promise<ChangeOutcome>((resolve) => {
        this.sleeper = {
          timer: setTimeout(() => {
            resolve('timeout');
          }, timeoutMs),
          resolve,
        };
      });
    }
    try {
      const states = known.map((r) => ({ name: r.name, state: r.state, changed: false, atr: null }));
      const changes = await this.ctx.waitForChange(states, timeoutMs);
      if (changes === null) return 'cancelled';
      return changes.length === 0 ? 'timeout' : 'changed';
    } catch (e: unknown) {
      throw mapPcscError(e, 'PCSC_SERVICE_DOWN');
    }
  }

  cancel(): void {
    if (this.sleeper) {
      clearTimeout(this.sleeper.timer);
      this.sleeper.resolve('cancelled');
      this.sleeper = undefined;
    }
    try {
      this.ctx.cancel();
    } catch (e: unknown) {
      // Cancelling a context whose service is gone fails; the pending wait fails on its own.
      this.warn(`pcsc: cancel failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  close(): void {
    this.ctx.close();
  }
}

class SmartcardSession implements CardSession {
  private inflight: Promise<void> | undefined;
  private released = false;

  constructor(
    private readonly sc: SmartcardModule,
    private readonly ctx: ContextInterface,
    private readonly card: CardInterface,
    readonly reader: string,
    readonly atr: Uint8Array,
    private readonly autoGetResponse: boolean,
    /** pcsc-lite's card event counter at connect: it moves when the card leaves or another comes. */
    private readonly events: number,
    private readonly warn: (line: string) => void,
  ) {}

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.released) throw new CardIoError(cardError('CARD_IO_ERROR', { reason: 'session released' }));
    const pending = this.card.transmit(Buffer.from(command), { autoGetResponse: this.autoGetResponse });
    const settled = pending.then(
      () => undefined,
      () => undefined,
    );
    this.inflight = settled;
    let response: Buffer;
    try {
      response = await pending;
    } catch (e: unknown) {
      throw mapPcscError(e);
    } finally {
      if (this.inflight === settled) this.inflight = undefined;
    }
    // vpcd answers an APDU with nothing when the card's connection dropped mid-command.
    if (response.length === 0)
      throw new CardIoError(cardError('CARD_IO_ERROR', { reason: 'empty response' }));
    return Uint8Array.from(response);
  }

  async confirmRemoved(waitMs: number): Promise<boolean> {
    const until = performance.now() + waitMs;
    for (;;) {
      let present: boolean;
      try {
        const r = this.ctx.listReaders().find((x) => x.name === this.reader);
        // A card swapped faster than pcscd polls is present, but it is not the card we read.
        present =
          r !== undefined && (r.state & this.sc.SCARD_STATE_PRESENT) !== 0 && r.state >>> 16 === this.events;
      } catch (e: unknown) {
        // The service went away: that is not a card removal.
        this.warn(`pcsc: presence check failed: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
      if (!present) return true;
      if (performance.now() >= until) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  release(reset = false): void {
    if (this.released) return;
    this.released = true;
    const finish = (): void => {
      try {
        // A reset does not move pcscd's card event counter, so it is not taken for a new card.
        this.card.disconnect(reset ? this.sc.SCARD_RESET_CARD : this.sc.SCARD_LEAVE_CARD);
      } catch (e: unknown) {
        this.warn(
          `pcsc: disconnect from ${this.reader} failed: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      closeQuietly(this.ctx, this.warn);
    };
    // A hung APDU holds the context's lock: disconnecting now would block the event loop.
    if (this.inflight) void this.inflight.then(finish);
    else finish();
  }
}
