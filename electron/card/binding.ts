/**
 * The PC/SC surface the reader supervisor needs, small enough for two implementations: the
 * `smartcard` N-API binding over the real pcscd, and an in-process binding holding virtual
 * cards (demo and training mode, and the supervisor's unit tests). Failures are thrown as
 * CardIoError with a card error code (PCSC_SERVICE_DOWN, CARD_REMOVED, CARD_IO_ERROR, …).
 */

/** One reader as the service sees it at one moment. */
export type ReaderSnapshot = {
  name: string;
  /** A card is in the reader (and powered or poweable). */
  present: boolean;
  atr: Uint8Array | null;
  /** Binding-specific state word, passed back to waitForChange to wait for a change from it. */
  state: number;
  /** Card insert/remove counter: a change while present both times means the card was swapped. */
  events: number;
};

/** What waitForChange saw. */
export type ChangeOutcome = 'changed' | 'timeout' | 'cancelled';

/** A connection to the service used to watch readers. */
export interface PcscContext {
  /** The readers now; throws PCSC_SERVICE_DOWN when the service has gone away. */
  listReaders(): ReaderSnapshot[];
  /** Waits until a reader differs from `known` (or the reader list changes), at most timeoutMs. */
  waitForChange(known: readonly ReaderSnapshot[], timeoutMs: number): Promise<ChangeOutcome>;
  /** Makes a pending waitForChange resolve 'cancelled'. */
  cancel(): void;
  /** Releases the connection; the context is unusable afterwards. */
  close(): void;
}

/** A connected card, in a context of its own so that a hung card blocks nothing else. */
export interface CardSession {
  readonly reader: string;
  readonly atr: Uint8Array;
  /** Sends one APDU; rejects with CardIoError (CARD_REMOVED, CARD_IO_ERROR, PCSC_SERVICE_DOWN). */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  /** After an I/O failure: whether the card has left the reader, polling up to waitMs. */
  confirmRemoved(waitMs: number): Promise<boolean>;
  /**
   * Disconnects and frees the context; if an APDU is still in flight, as soon as it settles.
   * `reset` resets the card on the way out, closing whatever a PSAM authentication opened.
   */
  release(reset?: boolean): void;
}

/** A PC/SC implementation. */
export interface PcscBinding {
  /** `pcscd` or `in-process`, for logs. */
  readonly kind: string;
  /** Opens a watching context; throws PCSC_SERVICE_DOWN when the service is not there. */
  open(): PcscContext;
  /** Connects to the card in a reader. */
  connect(reader: string): Promise<CardSession>;
}
