/**
 * Command APDUs of the social security card (domain.md §1) and the meaning of its status words.
 * Pure: bytes in, bytes or values out.
 */
import { cardError, type CardError } from './errors.js';

/** The SSSE application name: ASCII "sx1.sh." followed by "社会保障" in GBK (domain.md §1.1). */
export const SSSE_AID = Uint8Array.of(
  0x73,
  0x78,
  0x31,
  0x2e,
  0x73,
  0x68,
  0x2e,
  0xc9,
  0xe7,
  0xbb,
  0xe1,
  0xb1,
  0xa3,
  0xd5,
  0xcf,
);

/** File identifier of EF05 卡片基本信息 under SSSE. */
export const EF05 = 0xef05;
/** File identifier of EF06 持卡人基本信息 under SSSE. */
export const EF06 = 0xef06;

/** SELECT SSSE by DF name: `00 A4 04 00 0F <AID>`. */
export function selectSsse(): Uint8Array {
  return Uint8Array.of(0x00, 0xa4, 0x04, 0x00, SSSE_AID.length, ...SSSE_AID);
}

/** SELECT an elementary file by identifier: `00 A4 02 00 02 <FID>`. */
export function selectEf(fid: number): Uint8Array {
  return Uint8Array.of(0x00, 0xa4, 0x02, 0x00, 0x02, (fid >> 8) & 0xff, fid & 0xff);
}

/** READ RECORD by record identifier (= tag) in the current EF: `00 B2 <tag> 00 <Le>`. */
export function readRecord(tag: number, le: number): Uint8Array {
  return Uint8Array.of(0x00, 0xb2, tag & 0xff, 0x00, le & 0xff);
}

/** GET RESPONSE for the `xx` bytes a `61xx` announced: `00 C0 00 00 xx`. */
export function getResponse(length: number): Uint8Array {
  return Uint8Array.of(0x00, 0xc0, 0x00, 0x00, length & 0xff);
}

/** GET CHALLENGE for an 8-byte card random: `00 84 00 00 08`. */
export function getChallenge(): Uint8Array {
  return Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);
}

/** INTERNAL AUTHENTICATE over factor‖random (16 bytes): `00 88 00 00 10 <16>`. */
export function internalAuthenticate(data: Uint8Array): Uint8Array {
  return Uint8Array.of(0x00, 0x88, 0x00, 0x00, data.length, ...data);
}

/** EXTERNAL AUTHENTICATE with key reference 0A (reading): `00 82 00 0A 10 <16>`. */
export function externalAuthenticate(cryptogram: Uint8Array): Uint8Array {
  return Uint8Array.of(0x00, 0x82, 0x00, 0x0a, cryptogram.length, ...cryptogram);
}

/**
 * The same command with its Le replaced (case 2 and case 4 under T=0, where the last byte is
 * P3/Le), or appended to a case-1 header. Used for the `6Cxx` resend.
 */
export function withLe(command: Uint8Array, le: number): Uint8Array {
  if (command.length === 4) return Uint8Array.of(...command, le & 0xff);
  const copy = Uint8Array.from(command);
  copy[copy.length - 1] = le & 0xff;
  return copy;
}

/** A response split into its data and its status word. */
export type ResponseApdu = { data: Uint8Array; sw: number };

/** Splits a response APDU; undefined when it is shorter than the two status bytes. */
export function splitResponse(response: Uint8Array): ResponseApdu | undefined {
  if (response.length < 2) return undefined;
  const sw1 = response[response.length - 2] ?? 0;
  const sw2 = response[response.length - 1] ?? 0;
  return { data: response.subarray(0, response.length - 2), sw: (sw1 << 8) | sw2 };
}

/** Four upper-case hex digits of a status word, e.g. `6A83`. */
export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** The meaning of each status word in domain.md §1.5, in Chinese and English. */
const swMeanings: ReadonlyMap<number, { zh: string; en: string }> = new Map([
  [0x6581, { zh: '卡片存储器错误', en: 'memory error' }],
  [0x6700, { zh: 'Lc 与 P1/P2 不一致（长度错误）', en: 'wrong length (P1/P2 vs Lc)' }],
  [0x6981, { zh: '命令与文件结构不相容', en: 'command incompatible with file structure' }],
  [0x6982, { zh: '安全状态不满足', en: 'security status not satisfied' }],
  [0x6983, { zh: '认证方法锁定', en: 'authentication method locked' }],
  [0x6984, { zh: '引用数据无效', en: 'reference data invalid' }],
  [0x6985, { zh: '使用条件不满足', en: 'conditions of use not satisfied' }],
  [0x6986, { zh: '没有当前 EF', en: 'no current EF' }],
  [0x6988, { zh: '安全报文数据项不正确', en: 'secure messaging data incorrect' }],
  [0x6a80, { zh: '数据域参数错误', en: 'incorrect data field' }],
  [0x6a81, { zh: '功能不支持或应用已锁定', en: 'function not supported / application locked' }],
  [0x6a82, { zh: '文件未找到', en: 'file not found' }],
  [0x6a83, { zh: '记录未找到', en: 'record not found' }],
  [0x6a86, { zh: 'P1/P2 参数错误', en: 'incorrect P1/P2' }],
  [0x6a88, { zh: '密钥未找到', en: 'key not found' }],
  [0x6d00, { zh: '指令不支持', en: 'instruction not supported' }],
  [0x6e00, { zh: 'CLA 错误', en: 'class not supported' }],
  [0x9303, { zh: '应用永久锁定', en: 'application permanently locked' }],
]);

/** What a status word means, in Chinese and English (63Cx and 61xx/6Cxx included). */
export function swMeaning(sw: number): { zh: string; en: string } {
  const known = swMeanings.get(sw);
  if (known) return known;
  if ((sw & 0xfff0) === 0x63c0) {
    const left = sw & 0x0f;
    return { zh: `认证失败，还剩 ${left} 次`, en: `authentication failed, ${left} tries left` };
  }
  if (sw >> 8 === 0x61) return { zh: `还有 ${sw & 0xff} 字节数据`, en: `${sw & 0xff} more bytes available` };
  if (sw >> 8 === 0x6c) return { zh: `Le 错误，应为 ${sw & 0xff}`, en: `wrong Le, expected ${sw & 0xff}` };
  return { zh: '未知状态', en: 'unknown status' };
}

/**
 * The typed error for a status word that ended a step of the read. The step (`select SSSE`,
 * `read EF06/08`) and the SW travel in `details` so the log can say where it happened.
 */
export function swError(sw: number, step: string, tag?: number): CardError {
  const sws = swHex(sw);
  const meaning = swMeaning(sw);
  const details = tag === undefined ? { sw: sws, step } : { sw: sws, step, tag: tagHex(tag) };
  const extra = { zh: `${step} 返回 ${sws}（${meaning.zh}）`, en: `${step} answered ${sws} (${meaning.en})` };
  if (sw === 0x9303 || sw === 0x6a81) return cardError('CARD_APP_LOCKED', details, extra);
  if (sw === 0x6982) return cardError('CARD_SECURITY', details, extra);
  if (sw === 0x6983) return cardError('CARD_AUTH_BLOCKED', details, extra);
  if ((sw & 0xfff0) === 0x63c0) return cardError('CARD_AUTH_FAILED', details, extra);
  if (sw === 0x6a82) return cardError('CARD_FILE_NOT_FOUND', details, extra);
  if (sw === 0x6a83) return cardError('CARD_RECORD_NOT_FOUND', details, extra);
  return cardError('CARD_STATUS', details, extra);
}

/** Two upper-case hex digits of a record tag, e.g. `4E`. */
export function tagHex(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(2, '0');
}

/** Upper-case hex of bytes, no separators. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** Bytes from hex; spaces are ignored, so domain.md's `00 A4 04 00 …` can be pasted as is. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex: ${hex}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** Spaced upper-case hex (`00 A4 04 00`), the transcript and log format. */
export function toSpacedHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
