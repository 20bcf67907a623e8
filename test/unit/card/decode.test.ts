import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../electron/card/apdu.js';
import {
  decodeAscii,
  decodeBcdDate,
  decodeBcdFf,
  decodeGbkName,
  isCalendarDate,
  unwrapRecord,
} from '../../../electron/card/decode.js';
import { fieldSpec } from '../../../electron/card/fields.js';

const gbk = (s: string): Uint8Array => Uint8Array.from(iconv.encode(s, 'gbk'));
const pad = (b: Uint8Array, n: number, fill: number): Uint8Array => {
  const out = new Uint8Array(n).fill(fill);
  out.set(b);
  return out;
};

describe('BCD dates', () => {
  it('reads YYYYMMDD as YYYY-MM-DD (SSCard_System example 20211203 / 20311202)', () => {
    expect(decodeBcdDate(fromHex('20211203'))).toBe('2021-12-03');
    expect(decodeBcdDate(fromHex('20311202'))).toBe('2031-12-02');
  });

  it('knows leap days', () => {
    expect(decodeBcdDate(fromHex('20240229'))).toBe('2024-02-29');
    expect(decodeBcdDate(fromHex('20230229'))).toBeUndefined();
    expect(decodeBcdDate(fromHex('19000229'))).toBeUndefined();
    expect(decodeBcdDate(fromHex('20000229'))).toBe('2000-02-29');
  });

  it('refuses non-digit nibbles, month 13, day 00 and the wrong length', () => {
    expect(decodeBcdDate(fromHex('2021120F'))).toBeUndefined();
    expect(decodeBcdDate(fromHex('20211301'))).toBeUndefined();
    expect(decodeBcdDate(fromHex('20211200'))).toBeUndefined();
    expect(decodeBcdDate(fromHex('202112'))).toBeUndefined();
    expect(isCalendarDate('2025-04-31')).toBe(false);
  });
});

describe('FF-padded BCD region codes', () => {
  it('reads 440305 and strips trailing F padding', () => {
    expect(decodeBcdFf(fromHex('440305'))).toBe('440305');
    expect(decodeBcdFf(fromHex('4403FF'))).toBe('4403');
  });

  it('refuses padding in the middle or no digits at all', () => {
    expect(decodeBcdFf(fromHex('44FF05'))).toBeUndefined();
    expect(decodeBcdFf(fromHex('FFFFFF'))).toBeUndefined();
  });
});

describe('GBK names', () => {
  it('trims 0x00 and space padding (YuHang trims both)', () => {
    expect(decodeGbkName(pad(gbk('欧阳华'), 30, 0x00))).toBe('欧阳华');
    expect(decodeGbkName(pad(gbk('陈晓敏'), 30, 0x20))).toBe('陈晓敏');
  });

  it('appends record 4E to record 09 for a name over 30 bytes', () => {
    const full = gbk('买买提江·艾合买提·阿不都热合曼');
    expect(full.length).toBe(32);
    expect(decodeGbkName(full.subarray(0, 30), pad(full.subarray(30), 20, 0x00))).toBe(
      '买买提江·艾合买提·阿不都热合曼',
    );
  });

  it('decodes a character cut between 09 and 4E, because the bytes are joined first', () => {
    const full = gbk('A欧阳华'); // 7 bytes: the cut after byte 2 splits 欧
    expect(decodeGbkName(full.subarray(0, 2), full.subarray(2))).toBe('A欧阳华');
  });

  it('takes an empty (all padding) 4E as no extension', () => {
    expect(decodeGbkName(pad(gbk('张伟'), 30, 0x00), new Uint8Array(20))).toBe('张伟');
  });

  it('refuses bytes that are not GBK', () => {
    expect(decodeGbkName(Uint8Array.of(0x81, 0x20, 0xc9))).toBeUndefined();
  });
});

describe('record framing (tag len value)', () => {
  const ssn = fieldSpec(0x08)!;
  const name = fieldSpec(0x09)!;

  it('unwraps 08 12 + 18 ASCII digits', () => {
    const r = unwrapRecord(ssn, Uint8Array.of(0x08, 0x12, ...Buffer.from('440305197905211235')));
    expect(r.ok && decodeAscii(r.value)).toBe('440305197905211235');
  });

  it('refuses another tag, a length byte that disagrees, or a fixed field of the wrong size', () => {
    const wrongTag = unwrapRecord(ssn, Uint8Array.of(0x09, 0x12, ...new Uint8Array(18)));
    expect(!wrongTag.ok && wrongTag.error).toMatchObject({
      code: 'CARD_DATA_INVALID',
      details: { tag: '08' },
    });
    const longer = unwrapRecord(ssn, Uint8Array.of(0x08, 0x12, ...new Uint8Array(19)));
    expect(!longer.ok && longer.error.en).toContain('length byte says 18 but 19 bytes came back');
    const short = unwrapRecord(ssn, Uint8Array.of(0x08, 0x11, ...new Uint8Array(17)));
    expect(!short.ok && short.error.en).toContain('should be 18 bytes, got 17');
    expect(unwrapRecord(ssn, Uint8Array.of(0x08)).ok).toBe(false);
  });

  it('accepts a shorter name record (20 bytes on 1st-generation cards), not a longer one', () => {
    expect(unwrapRecord(name, Uint8Array.of(0x09, 0x14, ...new Uint8Array(20))).ok).toBe(true);
    expect(unwrapRecord(name, Uint8Array.of(0x09, 0x1f, ...new Uint8Array(31))).ok).toBe(false);
  });

  it('reads "3.00" as ASCII and refuses control bytes', () => {
    expect(decodeAscii(fromHex('332E3030'))).toBe('3.00');
    expect(decodeAscii(fromHex('3300'))).toBeUndefined();
  });
});
