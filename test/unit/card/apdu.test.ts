import { describe, expect, it } from 'vitest';
import {
  EF05,
  EF06,
  externalAuthenticate,
  fromHex,
  getChallenge,
  getResponse,
  internalAuthenticate,
  readRecord,
  selectEf,
  selectSsse,
  splitResponse,
  swError,
  toHex,
  withLe,
} from '../../../electron/card/apdu.js';
import { EF05_FIELDS, EF06_FIELDS } from '../../../electron/card/fields.js';

// Byte sequences below are copied from domain.md §1.1, §1.3, §1.4 and §1.7, not retyped.
const hex = (b: Uint8Array): string => toHex(b);
const domain = (s: string): string => toHex(fromHex(s));

describe('command APDUs match domain.md byte for byte', () => {
  it('selects SSSE by its AID "sx1.sh." + 社会保障 in GBK', () => {
    expect(hex(selectSsse())).toBe(domain('00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF'));
  });

  it('selects EF05 and EF06 by file identifier', () => {
    expect(hex(selectEf(EF05))).toBe(domain('00 A4 02 00 02 EF 05'));
    expect(hex(selectEf(EF06))).toBe(domain('00 A4 02 00 02 EF 06'));
  });

  it('reads every record by tag with the exact Le of domain.md §1.7', () => {
    const sequence = [
      '00 B2 01 00 12',
      '00 B2 02 00 03',
      '00 B2 03 00 06',
      '00 B2 04 00 0E',
      '00 B2 05 00 06',
      '00 B2 06 00 06',
      '00 B2 07 00 0B',
      '00 B2 08 00 14',
      '00 B2 09 00 20',
      '00 B2 4E 00 16',
      '00 B2 0A 00 03',
      '00 B2 0B 00 03',
      '00 B2 0C 00 05',
      '00 B2 0D 00 06',
    ].map(domain);
    expect([...EF05_FIELDS, ...EF06_FIELDS].map((f) => hex(readRecord(f.tag, f.le)))).toEqual(sequence);
  });

  it('reads the tag-addressed forms quoted from public readers (§1.3 form 1)', () => {
    for (const apdu of ['00B2010012', '00B2030006', '00B207000B', '00B2080014', '00B2090020', '00B24E0016']) {
      const f = [...EF05_FIELDS, ...EF06_FIELDS].find((x) => x.tag === fromHex(apdu)[2]);
      expect(hex(readRecord(f!.tag, f!.le))).toBe(apdu);
    }
  });

  it('builds GET RESPONSE, GET CHALLENGE and the two AUTHENTICATE commands of §1.4', () => {
    expect(hex(getResponse(0x13))).toBe(domain('00C0000013'));
    expect(hex(getChallenge())).toBe(domain('00 84 00 00 08'));
    const sixteen = new Uint8Array(16).fill(0xab);
    expect(hex(internalAuthenticate(sixteen))).toBe(domain('00 88 00 00 10') + 'AB'.repeat(16));
    expect(hex(externalAuthenticate(sixteen))).toBe(domain('00 82 00 0A 10') + 'AB'.repeat(16));
  });

  it('replaces Le for the 6Cxx resend, and appends one to a bare header', () => {
    expect(hex(withLe(fromHex('00B2090020'), 0x16))).toBe('00B2090016');
    expect(hex(withLe(fromHex('00840000'), 0x08))).toBe('0084000008');
  });
});

describe('responses and status words', () => {
  it('splits the response of domain.md §1.3 into the record and 9000', () => {
    const r = splitResponse(fromHex('01 10 33 03 00 D1 56 00 00 05 99 11 01 45 FF FF FF FF 90 00'));
    expect(r?.sw).toBe(0x9000);
    expect(hex(r!.data)).toBe(domain('01 10 33 03 00 D1 56 00 00 05 99 11 01 45 FF FF FF FF'));
  });

  it('refuses a response shorter than its status word', () => {
    expect(splitResponse(new Uint8Array(0))).toBeUndefined();
    expect(splitResponse(Uint8Array.of(0x90))).toBeUndefined();
  });

  it.each([
    [0x6982, 'CARD_SECURITY'],
    [0x6983, 'CARD_AUTH_BLOCKED'],
    [0x63c2, 'CARD_AUTH_FAILED'],
    [0x6a82, 'CARD_FILE_NOT_FOUND'],
    [0x6a83, 'CARD_RECORD_NOT_FOUND'],
    [0x9303, 'CARD_APP_LOCKED'],
    [0x6a81, 'CARD_APP_LOCKED'],
    [0x6581, 'CARD_STATUS'],
    [0x6700, 'CARD_STATUS'],
    [0x6e00, 'CARD_STATUS'],
  ])('maps SW %s to %s with the SW and a bilingual message', (sw, code) => {
    const e = swError(sw, 'READ RECORD EF06/08', 0x08);
    expect(e.code).toBe(code);
    expect(e.details?.sw).toBe(sw.toString(16).toUpperCase());
    expect(e.details?.tag).toBe('08');
    expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(e.en).toContain(sw.toString(16).toUpperCase());
  });

  it('says how many tries are left on 63Cx', () => {
    expect(swError(0x63c1, 'EXTERNAL AUTHENTICATE').en).toContain('1 tries left');
    expect(swError(0x63c1, 'EXTERNAL AUTHENTICATE').zh).toContain('还剩 1 次');
  });
});
