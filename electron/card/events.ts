/**
 * The domain events of the card reader, as the rest of the terminal sees them. Plain data:
 * they cross the IPC and HTTP boundaries as they are. Personal data appears only in card-read.
 */
import type { CardReading } from './card-record.js';
import type { CardError } from './errors.js';

/** Something happened at a card reader. */
export type CardEvent =
  | { type: 'reader-attached'; reader: string }
  | { type: 'reader-detached'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: string }
  | { type: 'card-removed'; reader: string }
  /** A whole card was read; `apdus` and `elapsedMs` are for performance monitoring. */
  | { type: 'card-read'; reader: string; card: CardReading; apdus: number; elapsedMs: number }
  /** A card could not be read; nothing of it was kept. */
  | { type: 'card-error'; reader: string; error: CardError }
  /** The PC/SC service went away; every reader is gone until service-up. */
  | { type: 'service-down'; error: CardError }
  | { type: 'service-up' };

/** Receives card events. */
export type CardEventListener = (event: CardEvent) => void;
