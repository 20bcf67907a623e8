import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fromHex, toSpacedHex } from '../../../electron/card/apdu.js';
import { parseFault, type CardFault } from '../../../electron/card/faults.js';
import { findProfile, PROFILES } from '../../../electron/card/profiles.js';
import { VirtualCard, buildCardImage, seededRandom } from '../../../electron/card/virtual-card.js';

const SELECT_SSSE = '00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF';

function card(id: string, faults: CardFault[] = []): VirtualCard {
  return new VirtualCard(findProfile(id)!, { faults, random: seededRandom(1) });
}

function send(c: VirtualCard, apdu: string): string {
  const r = c.process(fromHex(apdu));
  return r.type === 'response' ? toSpacedHex(r.bytes) : `!${r.type}`;
}

function fault(text: string): CardFault {
  const p = parseFault(text);
  if (!p.ok) throw new Error(p.message);
  return p.fault;
}

describe('the virtual card answers like a T=0 card', () => {
  it('answers SELECT SSSE with 61xx and the FCI on GET RESPONSE', () => {
    const c = card('zhang-3g');
    expect(send(c, SELECT_SSSE)).toBe('61 1B');
    expect(send(c, '00 C0 00 00 1B')).toBe(
      `6F 19 84 0F ${SELECT_SSSE.slice(15)} A5 06 9F 0C 03 86 01 03 90 00`,
    );
  });

  it('answers 6Cxx to a GET RESPONSE or READ RECORD with the wrong Le', () => {
    const c = card('ouyang-2g');
    send(c, SELECT_SSSE);
    expect(send(c, '00 C0 00 00 00')).toBe('6C 13');
    expect(send(c, '00 C0 00 00 13').endsWith('90 00')).toBe(true);
    send(c, '00 A4 02 00 02 EF 05');
    expect(send(c, '00 B2 01 00 00')).toBe('6C 12');
    expect(send(c, '00 B2 01 00 12')).toMatch(/^01 10 44 03 00 D1 56 00 00 05 .* 90 00$/);
  });

  it('refuses GET RESPONSE when nothing is pending, and a record read with no current EF', () => {
    const c = card('ouyang-2g');
    expect(send(c, '00 C0 00 00 10')).toBe('69 85');
    expect(send(c, '00 B2 01 00 12')).toBe('69 86');
  });

  it('answers 6A83 for a missing record, 6A82 for a missing file, 6E00 and 6D00 for bad CLA and INS', () => {
    const c = card('ouyang-2g');
    send(c, SELECT_SSSE);
    send(c, '00 A4 02 00 02 EF 06');
    expect(send(c, '00 B2 4E 00 16')).toBe('6A 83');
    expect(send(c, '00 A4 02 00 02 EF 07')).toBe('6A 82');
    expect(send(c, '80 B2 01 00 12')).toBe('6E 00');
    expect(send(c, '00 DA 00 00 00')).toBe('6D 00');
    expect(send(c, '00 B2')).toBe('67 00');
  });

  it('also answers the record-number forms of domain.md §1.3 (P2 = 04, and SFI 5/6 without SELECT)', () => {
    const c = card('ouyang-2g');
    send(c, SELECT_SSSE);
    expect(send(c, '00B2012C12')).toMatch(/^01 10 44 03/);
    expect(send(c, '00B2072C0B')).toBe('07 09 4D 30 31 32 33 34 35 36 37 90 00');
    expect(send(c, '00B2013414')).toMatch(/^08 12 34 34 30 33 30 35/);
    send(c, '00 A4 02 00 02 EF 06');
    // 2nd generation without 4E: sex is record 3 here; on cards with 4E it moves to record 4.
    expect(send(c, '00 B2 03 04 03')).toBe('0A 01 31 90 00');
    expect(send(card('chen-2g'), '00 B2 04 34 03')).toBe('6A 82'); // SFI needs the application
  });

  it('keeps 3rd-generation personal data behind EXTERNAL AUTHENTICATE (6982)', () => {
    const c = card('zhang-3g');
    send(c, SELECT_SSSE);
    send(c, '00 A4 02 00 02 EF 06');
    expect(send(c, '00 B2 08 00 14')).toBe('69 82');
    expect(send(c, '00 A4 02 00 02 EF 05')).toBe('61 09');
    expect(send(c, '00 B2 07 00 0B')).toBe('69 82');
    expect(send(c, '00 B2 01 00 12')).toBe('01 10 33 03 00 D1 56 00 00 05 99 11 01 45 FF FF FF FF 90 00');
  });

  it('refuses EXTERNAL AUTHENTICATE without two fresh challenges, and counts wrong cryptograms down to 6983', () => {
    const c = card('li-3g');
    send(c, SELECT_SSSE);
    const wrong = `00 82 00 0A 10 ${'00 '.repeat(16).trim()}`;
    expect(send(c, wrong)).toBe('69 85');
    for (const expected of ['63 C2', '63 C1', '69 83']) {
      send(c, '00 84 00 00 08');
      send(c, '00 84 00 00 08');
      expect(send(c, wrong)).toBe(expected);
    }
    expect(send(c, wrong)).toBe('69 83');
  });

  it('has no keys on a 2nd-generation card (6A88)', () => {
    const c = card('ouyang-2g');
    send(c, SELECT_SSSE);
    expect(send(c, `00 88 00 00 10 ${'11 '.repeat(16).trim()}`)).toBe('6A 88');
  });
});

describe('card images', () => {
  it('puts the first 30 GBK bytes of a long name in 09 and the rest, padded, in 4E', () => {
    const image = buildCardImage(findProfile('maimaiti-2g')!);
    const ef06 = image.get(0xef06)!;
    const name = Uint8Array.from(iconv.encode('买买提江·艾合买提·阿不都热合曼', 'gbk'));
    expect(toSpacedHex(ef06.find((r) => r.tag === 0x09)!.value)).toBe(toSpacedHex(name.subarray(0, 30)));
    const ext = ef06.find((r) => r.tag === 0x4e)!.value;
    expect(ext.length).toBe(20);
    expect(toSpacedHex(ext.subarray(0, 2))).toBe(toSpacedHex(name.subarray(30)));
  });

  it('gives every profile an ID number with a valid ISO 7064 check digit', () => {
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (const p of PROFILES) {
      const sum = w.reduce((s, wi, i) => s + wi * Number(p.ef06.ssn[i]), 0);
      expect(p.ef06.ssn[17], p.id).toBe('10X98765432'[sum % 11]);
      expect(p.ef06.ssn.slice(6, 14), p.id).toBe(p.ef06.birth_date);
    }
  });
});

describe('fault switches', () => {
  it('parses the command-line forms', () => {
    expect(parseFault('remove-after:5')).toEqual({ ok: true, fault: { kind: 'remove-after', apdus: 5 } });
    expect(parseFault('garbled-tlv')).toEqual({ ok: true, fault: { kind: 'garbled-tlv', tag: 0x09 } });
    expect(parseFault('garbled-tlv:0D')).toEqual({ ok: true, fault: { kind: 'garbled-tlv', tag: 0x0d } });
    expect(parseFault('wrong-length')).toEqual({ ok: true, fault: { kind: 'wrong-length', tag: 0x08 } });
    expect(parseFault('locked')).toEqual({ ok: true, fault: { kind: 'locked' } });
    expect(parseFault('remove-after').ok).toBe(false);
    expect(parseFault('garbled-tlv:XYZ').ok).toBe(false);
    expect(parseFault('expired:3').ok).toBe(false);
    expect(parseFault('melted').ok).toBe(false);
  });

  it('leaves the reader after N APDUs and stays gone', () => {
    const c = card('ouyang-2g', [fault('remove-after:2')]);
    expect(send(c, SELECT_SSSE)).toBe('61 13');
    expect(send(c, '00 C0 00 00 13').endsWith('90 00')).toBe(true);
    expect(send(c, '00 A4 02 00 02 EF 05')).toBe('!removed');
    expect(send(c, '00 A4 02 00 02 EF 05')).toBe('!removed');
  });

  it('goes mute after N APDUs', () => {
    const c = card('ouyang-2g', [fault('mute-after:1')]);
    send(c, SELECT_SSSE);
    expect(send(c, '00 C0 00 00 13')).toBe('!mute');
  });

  it('answers SELECT SSSE with 6A82 (not-found) or 9303 (locked)', () => {
    expect(send(card('ouyang-2g', [fault('not-found')]), SELECT_SSSE)).toBe('6A 82');
    expect(send(card('ouyang-2g', [fault('locked')]), SELECT_SSSE)).toBe('93 03');
  });

  it('garbles a record or makes it one byte longer than its length byte', () => {
    const g = card('ouyang-2g', [fault('garbled-tlv:08')]);
    send(g, SELECT_SSSE);
    send(g, '00 A4 02 00 02 EF 06');
    expect(send(g, '00 B2 08 00 14')).toMatch(/^5D EE A5/);
    const w = card('ouyang-2g', [fault('wrong-length')]);
    send(w, SELECT_SSSE);
    send(w, '00 A4 02 00 02 EF 06');
    expect(send(w, '00 B2 08 00 14')).toMatch(/^08 12 (\w\w ){18}00 90 00$/);
  });

  it('ends the validity on 2024-01-01 when expired', () => {
    const image = buildCardImage(findProfile('chen-2g')!, [fault('expired')]);
    expect(toSpacedHex(image.get(0xef05)!.find((r) => r.tag === 0x06)!.value)).toBe('20 24 01 01');
  });
});
