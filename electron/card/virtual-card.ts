/**
 * A virtual social security card: a card file system (MF → SSSE → EF05, EF06) answering
 * command APDUs the way a T=0 card does: 61xx on SELECT and INTERNAL AUTHENTICATE, 6Cxx on a
 * wrong Le, 6982 on records locked behind EXTERNAL AUTHENTICATE, 6A83 on a missing record.
 * APDU in, reply out; the attachments (in-process binding, vpcd link) carry the bytes.
 */
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { EF05, EF06, SSSE_AID, fromHex } from './apdu.js';
import {
  DEFAULT_ALGORITHM,
  diversifyKey,
  externalCryptogram,
  internalAnswer,
  type AlgorithmId,
} from './card-crypto.js';
import type { CardFault } from './faults.js';
import type { CardProfile } from './profiles.js';
import { TEST_MASTER_KEYS } from './psam.js';

/** What the card does with one command: answer, leave the reader, or say nothing at all. */
export type CardReply = { type: 'response'; bytes: Uint8Array } | { type: 'removed' } | { type: 'mute' };

/** Options of a virtual card: faults to show and, for reproducible transcripts, its random source. */
export type VirtualCardOptions = { faults?: readonly CardFault[]; random?: (length: number) => Uint8Array };

type CardRecordEntry = { tag: number; value: Uint8Array };

const SW = (sw: number): Uint8Array => Uint8Array.of(sw >> 8, sw & 0xff);
const EXTERNAL_AUTH_TRIES = 3;

/** A deterministic random source (xorshift32) for recorded transcripts and repeatable tests. */
export function seededRandom(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0 || 0x9e3779b9;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}

function bcd(digits: string, length: number): Uint8Array {
  return fromHex(digits.padEnd(length * 2, 'F'));
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

function padded(bytes: Uint8Array, length: number, pad: number): Uint8Array {
  const out = new Uint8Array(length).fill(pad);
  out.set(bytes.subarray(0, length));
  return out;
}

/** The records of EF05 and EF06 for a profile, in file order (record number = index + 1). */
export function buildCardImage(
  profile: CardProfile,
  faults: readonly CardFault[] = [],
): Map<number, CardRecordEntry[]> {
  const expired = faults.some((f) => f.kind === 'expired');
  const e5 = profile.ef05;
  const e6 = profile.ef06;
  const name = Uint8Array.from(iconv.encode(e6.name, 'gbk'));
  const ef05: CardRecordEntry[] = [
    { tag: 0x01, value: fromHex(e5.card_sn) },
    { tag: 0x02, value: ascii(e5.card_type) },
    { tag: 0x03, value: ascii(e5.spec_version) },
    { tag: 0x04, value: fromHex(e5.init_org) },
    { tag: 0x05, value: bcd(expired ? '20140101' : e5.issue_date, 4) },
    { tag: 0x06, value: bcd(expired ? '20240101' : e5.valid_to, 4) },
    { tag: 0x07, value: ascii(e5.card_no) },
  ];
  const ef06: CardRecordEntry[] = [
    { tag: 0x08, value: ascii(e6.ssn) },
    { tag: 0x09, value: padded(name, profile.nameLength, profile.padding) },
  ];
  if (profile.nameExtension)
    ef06.push({ tag: 0x4e, value: padded(name.subarray(profile.nameLength), 20, profile.padding) });
  ef06.push(
    { tag: 0x0a, value: ascii(e6.gender) },
    { tag: 0x0b, value: fromHex(e6.ethnicity) },
    { tag: 0x0c, value: bcd(e6.birthplace, 3) },
    { tag: 0x0d, value: bcd(e6.birth_date, 4) },
  );
  return new Map([
    [EF05, ef05],
    [EF06, ef06],
  ]);
}

function fci(algorithm: AlgorithmId | null): Uint8Array {
  const body = [0x84, SSSE_AID.length, ...SSSE_AID];
  if (algorithm !== null) body.push(0xa5, 0x06, 0x9f, 0x0c, 0x03, 0x86, 0x01, Number.parseInt(algorithm, 16));
  return Uint8Array.of(0x6f, body.length, ...body);
}

function fcp(fid: number): Uint8Array {
  // Linear variable-length record file (82 01 04) with its identifier (83 02).
  return Uint8Array.of(0x62, 0x07, 0x82, 0x01, 0x04, 0x83, 0x02, fid >> 8, fid & 0xff);
}

/** One virtual card: a profile, its faults, and the card's volatile state. */
export class VirtualCard {
  readonly atr: Uint8Array;
  private readonly files: Map<number, CardRecordEntry[]>;
  private readonly random: (length: number) => Uint8Array;
  private readonly keys: { internal: Uint8Array; external: Uint8Array } | undefined;
  private readonly algorithm: AlgorithmId;
  private count = 0;
  private gone: 'removed' | 'mute' | undefined;
  private appSelected = false;
  private currentEf: number | undefined;
  private authenticated = false;
  private pending: Uint8Array | undefined;
  private challenges: Uint8Array[] = [];
  private triesLeft = EXTERNAL_AUTH_TRIES;

  constructor(
    readonly profile: CardProfile,
    private readonly options: VirtualCardOptions = {},
  ) {
    this.atr = fromHex(profile.atr);
    this.files = buildCardImage(profile, options.faults);
    this.random = options.random ?? ((n) => Uint8Array.from(randomBytes(n)));
    this.algorithm = profile.algorithm ?? DEFAULT_ALGORITHM;
    if (profile.locked.length > 0) {
      const sn = fromHex(profile.ef05.card_sn);
      this.keys = {
        internal: diversifyKey(this.algorithm, TEST_MASTER_KEYS.internal, sn),
        external: diversifyKey(this.algorithm, TEST_MASTER_KEYS.external, sn),
      };
    }
  }

  /** APDUs answered (or refused) since the card was made; ATR requests are not APDUs. */
  get apduCount(): number {
    return this.count;
  }

  /** Power-on or reset: back to the MF, nothing selected, security state cleared. */
  reset(): void {
    this.appSelected = false;
    this.currentEf = undefined;
    this.authenticated = false;
    this.pending = undefined;
    this.challenges = [];
  }

  /** Answers one command APDU. */
  process(apdu: Uint8Array): CardReply {
    if (this.gone) return { type: this.gone };
    this.count += 1;
    for (const f of this.options.faults ?? []) {
      if (f.kind === 'remove-after' && this.count > f.apdus) this.gone = 'removed';
      if (f.kind === 'mute-after' && this.count > f.apdus) this.gone = 'mute';
    }
    if (this.gone) return { type: this.gone };
    return { type: 'response', bytes: this.answer(apdu) };
  }

  private answer(apdu: Uint8Array): Uint8Array {
    if (apdu.length < 4) return SW(0x6700);
    const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
    // A GET RESPONSE may only follow the answer that announced it.
    const pending = this.pending;
    this.pending = undefined;
    if (cla !== 0x00) return SW(0x6e00);
    const lc = apdu.length > 5 ? (apdu[4] ?? 0) : 0;
    const data = apdu.subarray(5, 5 + lc);
    if (apdu.length > 5 && data.length !== lc) return SW(0x6700);
    const le = apdu.length === 5 ? (apdu[4] ?? 0) : apdu.length === 6 + lc ? (apdu[5 + lc] ?? 0) : undefined;
    switch (ins) {
      case 0xa4:
        return this.select(p1, p2, data);
      case 0xc0:
        if (!pending) return SW(0x6985);
        if (le !== pending.length) {
          this.pending = pending;
          return SW(0x6c00 | pending.length);
        }
        return Uint8Array.of(...pending, 0x90, 0x00);
      case 0xb2:
        return this.readRecord(p1, p2, le);
      case 0x84:
        return this.getChallenge(le);
      case 0x88:
        return this.internalAuthenticate(data);
      case 0x82:
        return this.externalAuthenticate(p2, data);
      default:
        return SW(0x6d00);
    }
  }

  private respond(data: Uint8Array): Uint8Array {
    // T=0: the data waits for GET RESPONSE.
    this.pending = data;
    return SW(0x6100 | data.length);
  }

  private select(p1: number, p2: number, data: Uint8Array): Uint8Array {
    const faults = this.options.faults ?? [];
    if (p1 === 0x04) {
      if (!Buffer.from(data).equals(Buffer.from(SSSE_AID))) return SW(0x6a82);
      if (faults.some((f) => f.kind === 'not-found')) return SW(0x6a82);
      if (faults.some((f) => f.kind === 'locked')) return SW(0x9303);
      this.appSelected = true;
      this.currentEf = undefined;
      this.authenticated = false;
      return p2 === 0x0c ? SW(0x9000) : this.respond(fci(this.profile.algorithm));
    }
    if ((p1 === 0x02 || p1 === 0x00) && data.length === 2) {
      const fid = ((data[0] ?? 0) << 8) | (data[1] ?? 0);
      if (!this.appSelected || !this.files.has(fid)) return SW(0x6a82);
      this.currentEf = fid;
      return p2 === 0x0c ? SW(0x9000) : this.respond(fcp(fid));
    }
    return SW(0x6a86);
  }

  private findRecord(p1: number, p2: number): CardRecordEntry | number {
    if (p2 === 0x00) {
      // Record identifier = tag, in the current EF (domain.md §1.3 form 1).
      if (this.currentEf === undefined) return 0x6986;
      return this.files.get(this.currentEf)?.find((r) => r.tag === p1) ?? 0x6a83;
    }
    if ((p2 & 0x07) === 0x04) {
      // Record number, in the current EF (SFI 0) or the EF with that short identifier.
      const sfi = p2 >> 3;
      const fid = sfi === 0 ? this.currentEf : sfi === 5 ? EF05 : sfi === 6 ? EF06 : undefined;
      if (fid === undefined) return sfi === 0 ? 0x6986 : 0x6a82;
      if (sfi !== 0 && !this.appSelected) return 0x6a82;
      return this.files.get(fid)?.[p1 - 1] ?? 0x6a83;
    }
    return 0x6a86;
  }

  private readRecord(p1: number, p2: number, le: number | undefined): Uint8Array {
    const found = this.findRecord(p1, p2);
    if (typeof found === 'number') return SW(found);
    if (this.profile.locked.includes(found.tag) && !this.authenticated) return SW(0x6982);
    const tlv = Uint8Array.of(found.tag, found.value.length, ...found.value);
    for (const f of this.options.faults ?? []) {
      if (f.kind === 'garbled-tlv' && f.tag === found.tag) {
        const junk = new Uint8Array(le ?? tlv.length).fill(0xa5);
        junk[0] = found.tag ^ 0x55;
        if (junk.length > 1) junk[1] = 0xee;
        return Uint8Array.of(...junk, 0x90, 0x00);
      }
      if (f.kind === 'wrong-length' && f.tag === found.tag) return Uint8Array.of(...tlv, 0x00, 0x90, 0x00);
    }
    if (le !== tlv.length) return SW(0x6c00 | tlv.length);
    return Uint8Array.of(...tlv, 0x90, 0x00);
  }

  private getChallenge(le: number | undefined): Uint8Array {
    if (le !== 0x08) return SW(0x6c08);
    const challenge = this.random(8);
    this.challenges = [...this.challenges, challenge].slice(-2);
    return Uint8Array.of(...challenge, 0x90, 0x00);
  }

  private internalAuthenticate(data: Uint8Array): Uint8Array {
    if (!this.keys) return SW(0x6a88);
    if (!this.appSelected) return SW(0x6985);
    if (data.length !== 16) return SW(0x6700);
    return this.respond(internalAnswer(this.algorithm, this.keys.internal, data));
  }

  private externalAuthenticate(p2: number, data: Uint8Array): Uint8Array {
    if (!this.keys || p2 !== 0x0a) return SW(0x6a88);
    if (this.triesLeft === 0) return SW(0x6983);
    if (data.length !== 16) return SW(0x6700);
    const [c1, c2] = this.challenges;
    this.challenges = [];
    if (!c1 || !c2) return SW(0x6985);
    const expected = externalCryptogram(this.algorithm, this.keys.external, Uint8Array.of(...c1, ...c2));
    if (!Buffer.from(expected).equals(Buffer.from(data))) {
      this.triesLeft -= 1;
      return SW(this.triesLeft === 0 ? 0x6983 : 0x63c0 | this.triesLeft);
    }
    this.triesLeft = EXTERNAL_AUTH_TRIES;
    this.authenticated = true;
    return SW(0x9000);
  }
}
