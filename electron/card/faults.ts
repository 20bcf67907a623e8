/**
 * Fault switches of the virtual card: the ways real cards and real hands go wrong at a counter.
 * Written on the command line as `remove-after:5`, `garbled-tlv`, `garbled-tlv:0D`, `locked`….
 */

/** One fault the virtual card can be told to show. */
export type CardFault =
  /** The card answers N APDUs, then leaves the reader instead of answering the next one. */
  | { kind: 'remove-after'; apdus: number }
  /** The card answers N APDUs, then never answers again (a hung card: the APDU timeout fires). */
  | { kind: 'mute-after'; apdus: number }
  /** The record with this tag comes back as bytes that are not its TLV. */
  | { kind: 'garbled-tlv'; tag: number }
  /** The record with this tag comes back one byte longer than its length byte says. */
  | { kind: 'wrong-length'; tag: number }
  /** SELECT SSSE answers 6A82: not a social security card. */
  | { kind: 'not-found' }
  /** The card's validity ended (valid_to 2024-01-01). */
  | { kind: 'expired' }
  /** SELECT SSSE answers 9303: the application is permanently locked. */
  | { kind: 'locked' };

/** Every fault name, for help texts. */
export const FAULT_NAMES = [
  'remove-after:N',
  'mute-after:N',
  'garbled-tlv[:TAG]',
  'wrong-length[:TAG]',
  'not-found',
  'expired',
  'locked',
] as const;

/** Parses `name[:arg]`; the error message says what is accepted. */
export function parseFault(text: string): { ok: true; fault: CardFault } | { ok: false; message: string } {
  const [name = '', arg] = text.split(':', 2);
  const count = arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : undefined;
  const tag =
    arg === undefined ? undefined : /^[0-9a-fA-F]{2}$/.test(arg) ? Number.parseInt(arg, 16) : Number.NaN;
  switch (name) {
    case 'remove-after':
    case 'mute-after':
      if (count === undefined) return { ok: false, message: `${name} needs an APDU count, e.g. ${name}:5` };
      return { ok: true, fault: { kind: name, apdus: count } };
    case 'garbled-tlv':
    case 'wrong-length':
      if (Number.isNaN(tag))
        return { ok: false, message: `${name} takes a record tag in hex, e.g. ${name}:09` };
      return { ok: true, fault: { kind: name, tag: tag ?? (name === 'garbled-tlv' ? 0x09 : 0x08) } };
    case 'not-found':
    case 'expired':
    case 'locked':
      if (arg !== undefined) return { ok: false, message: `${name} takes no argument` };
      return { ok: true, fault: { kind: name } };
    default:
      return { ok: false, message: `unknown fault "${text}"; known: ${FAULT_NAMES.join(', ')}` };
  }
}
