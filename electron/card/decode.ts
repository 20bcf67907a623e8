/**
 * Decoding of card records: SIMPLE-TLV framing, BCD dates, FF-padded BCD codes, ASCII and GBK
 * text. Pure; every malformed input becomes a CARD_DATA_INVALID value, never an exception.
 */
import { tagHex, toHex } from './apdu.js';
import { cardError, fail, ok, type CardResult } from './errors.js';
import type { FieldSpec } from './fields.js';

function invalid<T>(tag: number, zh: string, en: string): CardResult<T> {
  return fail(
    cardError(
      'CARD_DATA_INVALID',
      { tag: tagHex(tag) },
      { zh: `记录 ${tagHex(tag)} ${zh}`, en: `record ${tagHex(tag)} ${en}` },
    ),
  );
}

/**
 * The value of one record answered as `tag len value`: the tag must be the one asked for, the
 * length byte must cover exactly the bytes that came back, and the value length must fit the field.
 */
export function unwrapRecord(spec: FieldSpec, data: Uint8Array): CardResult<Uint8Array> {
  if (data.length < 2)
    return invalid(spec.tag, `应答过短（${data.length} 字节）`, `answer too short (${data.length} bytes)`);
  const tag = data[0] ?? -1;
  const len = data[1] ?? -1;
  if (tag !== spec.tag) {
    return invalid(spec.tag, `应答标签为 ${tagHex(tag)}`, `answered with tag ${tagHex(tag)}`);
  }
  if (len !== data.length - 2) {
    return invalid(
      spec.tag,
      `长度字节为 ${len}，实际数据 ${data.length - 2} 字节`,
      `length byte says ${len} but ${data.length - 2} bytes came back`,
    );
  }
  const fits = spec.variable ? len <= spec.length : len === spec.length;
  if (!fits) {
    return invalid(
      spec.tag,
      `长度应为 ${spec.variable ? '不超过 ' : ''}${spec.length} 字节，实际 ${len} 字节`,
      `should be ${spec.variable ? 'at most ' : ''}${spec.length} bytes, got ${len}`,
    );
  }
  return ok(data.subarray(2));
}

/** Upper-case hex of a binary field (卡识别码, 初始化机构编号, 民族). */
export function decodeHex(value: Uint8Array): string {
  return toHex(value);
}

/** Printable ASCII text (卡类别, 规范版本, 卡号, 社会保障号码, 性别); undefined when not printable. */
export function decodeAscii(value: Uint8Array): string | undefined {
  for (const b of value) if (b < 0x20 || b > 0x7e) return undefined;
  return Buffer.from(value).toString('latin1');
}

/** Whether a YYYY-MM-DD string names a real calendar day. */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= days;
}

/** A 4-byte BCD YYYYMMDD as YYYY-MM-DD; undefined when a nibble is not a digit or the day is not real. */
export function decodeBcdDate(value: Uint8Array): string | undefined {
  if (value.length !== 4) return undefined;
  const digits = toHex(value);
  if (!/^\d{8}$/.test(digits)) return undefined;
  const iso = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  return isCalendarDate(iso) ? iso : undefined;
}

/** BCD digits padded with F nibbles at the end (出生地 `44 03 05`, `44 03 FF`); undefined otherwise. */
export function decodeBcdFf(value: Uint8Array): string | undefined {
  const m = /^(\d*)(F*)$/.exec(toHex(value));
  if (!m || m[1] === undefined || m[1] === '') return undefined;
  return m[1];
}

const PADDING = new Set([0x00, 0x20, 0xff]);

/** The bytes of a GBK text field without its trailing padding (0x00, spaces, and 0xFF erased bytes). */
export function trimPadding(value: Uint8Array): Uint8Array {
  let end = value.length;
  while (end > 0 && PADDING.has(value[end - 1] ?? 0)) end -= 1;
  let start = 0;
  while (start < end && (value[start] === 0x20 || value[start] === 0x00)) start += 1;
  return value.subarray(start, end);
}

/**
 * The holder's name: record 09, then 4E appended when the card has it. The raw bytes are joined
 * before decoding, so a character cut between the two records still decodes. Undefined when the
 * bytes are not valid GBK.
 */
export function decodeGbkName(name: Uint8Array, extension?: Uint8Array): string | undefined {
  const head = trimPadding(name);
  const tail = extension ? trimPadding(extension) : new Uint8Array(0);
  const joined = Buffer.concat([head, tail]);
  try {
    return new TextDecoder('gbk', { fatal: true }).decode(joined);
  } catch (e: unknown) {
    // A fatal decoder throws TypeError on bytes that are not GBK: that is malformed card data.
    if (e instanceof TypeError) return undefined;
    throw e;
  }
}
