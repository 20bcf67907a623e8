/**
 * Reading a social security card over any CardTransport (domain.md §1.7): SELECT SSSE by AID,
 * SELECT EF05, READ RECORD by tag with the exact Le, 3rd-generation authentication when a PSAM is
 * plugged in, SELECT EF06, READ RECORD. Pure apart from the transport: no clock (today is
 * passed in), no logging. The record comes back whole or not at all.
 */
import { EF05, EF06, readRecord, selectEf, selectSsse, swError, tagHex } from './apdu.js';
import { DEFAULT_ALGORITHM, type AlgorithmId } from './card-crypto.js';
import type { SocialSecurityCard } from './card-record.js';
import {
  decodeAscii,
  decodeBcdDate,
  decodeBcdFf,
  decodeGbkName,
  decodeHex,
  isCalendarDate,
  unwrapRecord,
} from './decode.js';
import { CardIoError, cardError, fail, ok, toCardError, type CardResult } from './errors.js';
import { ALWAYS_FREE_TAGS, EF05_FIELDS, EF06_FIELDS, type FieldSpec } from './fields.js';
import { authenticateCard, type CardAuthenticator } from './psam.js';
import { exchange, isSuccess, type CardTransport } from './t0.js';

/** What a read needs besides the card: today's date (injected clock) and, optionally, a PSAM. */
export type ReadOptions = {
  /** Today as YYYY-MM-DD, for the expiry check. */
  today: string;
  /** Opens a 3rd-generation card's personal data; without one such a card reads with needs_psam. */
  authenticator?: CardAuthenticator;
};

/** A record as it came off the card: its value, or why there is none. */
type RawField = Uint8Array | 'locked' | 'absent';

/** Reads the whole card. Expected failures (removed, locked, malformed…) come back as values. */
export async function readCard(
  transport: CardTransport,
  options: ReadOptions,
): Promise<CardResult<SocialSecurityCard>> {
  if (!isCalendarDate(options.today))
    throw new Error(`readCard: today must be YYYY-MM-DD, got ${options.today}`);
  try {
    return await readOrThrow(transport, options);
  } catch (e: unknown) {
    // Every step below signals its failure with a CardIoError; anything else is an I/O failure
    // of the transport. Both become the error value: nothing half-read escapes.
    return fail(toCardError(e));
  }
}

async function readOrThrow(
  transport: CardTransport,
  options: ReadOptions,
): Promise<CardResult<SocialSecurityCard>> {
  const raw = new Map<number, RawField>();
  const algorithm = await selectApplication(transport);

  await selectFile(transport, EF05);
  for (const spec of EF05_FIELDS) raw.set(spec.tag, await readField(transport, spec));
  const cardSnRaw = raw.get(0x01);
  if (!(cardSnRaw instanceof Uint8Array)) throw new CardIoError(swError(0x6982, 'READ RECORD EF05/01', 0x01));
  const cardSn = decodeHex(cardSnRaw);
  const versionRaw = raw.get(0x03);
  const thirdGeneration = versionRaw instanceof Uint8Array && versionRaw[0] === 0x33; // '3'

  // A PSAM (or key service) opens the personal data; without one, what is locked stays locked.
  const authenticate = async (): Promise<boolean> => {
    if (!options.authenticator) return false;
    await authenticateCard(transport, options.authenticator, { card_sn: cardSn, algorithm });
    return true;
  };

  let authenticated = false;
  const lockedEf05 = EF05_FIELDS.filter((f) => raw.get(f.tag) === 'locked');
  if (thirdGeneration || lockedEf05.length > 0) {
    authenticated = await authenticate();
    // EF05 is still the current file, so the locked records are read again without a SELECT.
    if (authenticated) for (const spec of lockedEf05) raw.set(spec.tag, await readField(transport, spec));
  }

  await selectFile(transport, EF06);
  for (const spec of EF06_FIELDS) {
    let value = await readField(transport, spec);
    if (value === 'locked' && !authenticated) {
      authenticated = await authenticate();
      if (authenticated) value = await readField(transport, spec);
    }
    raw.set(spec.tag, value);
    // Without a PSAM the rest of EF06 stays locked too: stop asking, report needs_psam.
    if (value === 'locked' && !authenticated) break;
  }

  for (const tag of [
    ...ALWAYS_FREE_TAGS,
    ...(authenticated ? EF05_FIELDS.concat(EF06_FIELDS).map((f) => f.tag) : []),
  ]) {
    if (raw.get(tag) === 'locked') throw new CardIoError(swError(0x6982, `READ RECORD ${tagHex(tag)}`, tag));
  }
  const needsPsam = [...EF05_FIELDS, ...EF06_FIELDS].some(
    (f) => raw.get(f.tag) === 'locked' || (f.file === EF06 && !raw.has(f.tag)),
  );
  return decodeCard(raw, { algorithm, needsPsam, today: options.today });
}

async function selectApplication(transport: CardTransport): Promise<AlgorithmId> {
  const r = await exchange(transport, selectSsse());
  if (r.sw === 0x6a82) throw new CardIoError(cardError('CARD_NOT_SSC', { sw: '6A82', step: 'SELECT SSSE' }));
  if (r.sw !== 0x9000) throw new CardIoError(swError(r.sw, 'SELECT SSSE'));
  return algorithmFromFci(r.data);
}

/**
 * The algorithm identifier from the FCI's `9F0C len … 86 01 xx`, '01' when the tag is absent
 * (domain.md §1.1). Scanned for rather than parsed, as the reference readers do.
 */
export function algorithmFromFci(fci: Uint8Array): AlgorithmId {
  for (let i = 0; i + 2 < fci.length; i += 1) {
    if (fci[i] !== 0x9f || fci[i + 1] !== 0x0c) continue;
    const len = fci[i + 2] ?? 0;
    const value = fci.subarray(i + 3, i + 3 + len);
    for (let j = 0; j + 2 < value.length; j += 1) {
      if (value[j] === 0x86 && value[j + 1] === 0x01)
        return (value[j + 2] ?? 1).toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return DEFAULT_ALGORITHM;
}

async function selectFile(transport: CardTransport, fid: number): Promise<void> {
  // The EF's FCP is of no use here: a 61xx is success and its data is left unfetched.
  const r = await exchange(transport, selectEf(fid), 'ignore');
  if (!isSuccess(r.sw, 'ignore'))
    throw new CardIoError(swError(r.sw, `SELECT ${fid.toString(16).toUpperCase()}`));
}

async function readField(transport: CardTransport, spec: FieldSpec): Promise<RawField> {
  const r = await exchange(transport, readRecord(spec.tag, spec.le));
  const step = `READ RECORD ${spec.file.toString(16).toUpperCase()}/${tagHex(spec.tag)}`;
  if (r.sw === 0x9000) {
    const value = unwrapRecord(spec, r.data);
    if (!value.ok) throw new CardIoError({ ...value.error, details: { ...value.error.details, step } });
    return value.value;
  }
  if (r.sw === 0x6982) return 'locked';
  // 4E 姓名扩展 is optional: 2nd-generation cards may not have the record at all.
  if (r.sw === 0x6a83 && spec.tag === 0x4e) return 'absent';
  throw new CardIoError(swError(r.sw, step, spec.tag));
}

function invalid(tag: number, zh: string, en: string): CardIoError {
  return new CardIoError(
    cardError(
      'CARD_DATA_INVALID',
      { tag: tagHex(tag) },
      { zh: `记录 ${tagHex(tag)} ${zh}`, en: `record ${tagHex(tag)} ${en}` },
    ),
  );
}

function bytesOf(raw: Map<number, RawField>, tag: number): Uint8Array | undefined {
  const v = raw.get(tag);
  return v instanceof Uint8Array ? v : undefined;
}

function text(
  raw: Map<number, RawField>,
  tag: number,
  pattern: RegExp,
  what: { zh: string; en: string },
): string | null {
  const v = bytesOf(raw, tag);
  if (!v) return null;
  const s = decodeAscii(v);
  if (s === undefined || !pattern.test(s))
    throw invalid(tag, `不是有效的${what.zh}`, `is not a valid ${what.en}`);
  return s;
}

function date(raw: Map<number, RawField>, tag: number): string | null {
  const v = bytesOf(raw, tag);
  if (!v) return null;
  const d = decodeBcdDate(v);
  if (d === undefined)
    throw invalid(tag, `不是有效的 BCD 日期（${decodeHex(v)}）`, `is not a valid BCD date (${decodeHex(v)})`);
  return d;
}

function required<T>(value: T | null, tag: number): T {
  if (value === null) throw new CardIoError(cardError('CARD_RECORD_NOT_FOUND', { tag: tagHex(tag) }));
  return value;
}

function decodeCard(
  raw: Map<number, RawField>,
  context: { algorithm: AlgorithmId; needsPsam: boolean; today: string },
): CardResult<SocialSecurityCard> {
  const cardSn = decodeHex(required(bytesOf(raw, 0x01) ?? null, 0x01));
  const region = cardSn.slice(0, 6);
  if (!/^\d{6}$/.test(region))
    throw invalid(
      0x01,
      `的前 6 位不是行政区划代码（${region}）`,
      `does not start with an admin-division code (${region})`,
    );
  const specVersion = required(text(raw, 0x03, /^\d\.\d\d$/, { zh: '规范版本', en: 'spec version' }), 0x03);
  const generation = Math.min(Math.max(Number(specVersion[0]), 1), 3) as 1 | 2 | 3;
  const issueDate = required(date(raw, 0x05), 0x05);
  const validTo = required(date(raw, 0x06), 0x06);

  const initOrg = bytesOf(raw, 0x04);
  const ethnicityRaw = bytesOf(raw, 0x0b);
  const ethnicity = ethnicityRaw ? decodeHex(ethnicityRaw) : null;
  if (ethnicity !== null && !/^\d\d$/.test(ethnicity))
    throw invalid(0x0b, `不是民族代码（${ethnicity}）`, `is not an ethnicity code (${ethnicity})`);
  const birthplaceRaw = bytesOf(raw, 0x0c);
  const birthplace = birthplaceRaw ? decodeBcdFf(birthplaceRaw) : null;
  if (birthplace === undefined) throw invalid(0x0c, '不是 BCD 行政区划代码', 'is not a BCD region code');
  const nameRaw = bytesOf(raw, 0x09);
  const name = nameRaw ? decodeGbkName(nameRaw, bytesOf(raw, 0x4e)) : null;
  if (name === undefined || name === '')
    throw invalid(0x09, '不是有效的 GBK 姓名', 'is not a valid GBK name');
  const ssn = text(raw, 0x08, /^\d{17}[\dXx]$/, { zh: '社会保障号码', en: 'social security number' });

  return ok({
    card_sn: cardSn,
    region,
    card_type: text(raw, 0x02, /^[\x21-\x7e]$/, { zh: '卡类别', en: 'card type' }),
    spec_version: specVersion,
    generation,
    init_org: initOrg ? decodeHex(initOrg) : null,
    issue_date: issueDate,
    valid_to: validTo,
    expired: validTo < context.today,
    card_no: text(raw, 0x07, /^[0-9A-Za-z]{9}$/, { zh: '卡号', en: 'card number' }),
    ssn: ssn === null ? null : ssn.toUpperCase(),
    name,
    gender: text(raw, 0x0a, /^[0129]$/, { zh: '性别代码', en: 'gender code' }),
    ethnicity,
    birthplace,
    birth_date: date(raw, 0x0d),
    needs_psam: context.needsPsam,
    algorithm: context.algorithm,
  });
}
