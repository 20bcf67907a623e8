/**
 * What a card read yields, and its masked form. Logs and default output only ever show the
 * masked form: the ID number and the name are personal data.
 */

/** The decoded contents of a social security card; fields the card kept locked are null. */
export type SocialSecurityCard = {
  /** 卡识别码: 32 upper-case hex digits. */
  card_sn: string;
  /** 发卡地区行政区划代码: the first 6 hex digits of card_sn (the issuing, not the insured, area). */
  region: string;
  card_type: string | null;
  /** 规范版本, e.g. "2.00", "3.00". */
  spec_version: string;
  generation: 1 | 2 | 3;
  /** 初始化机构编号: 24 upper-case hex digits. */
  init_org: string | null;
  issue_date: string;
  valid_to: string;
  /** valid_to is before the injected "today". */
  expired: boolean;
  card_no: string | null;
  ssn: string | null;
  name: string | null;
  /** '1' male, '2' female (GB/T 2261.1; '0' unknown and '9' unstated are passed through). */
  gender: string | null;
  /** GB 3304 code, two digits ('01' = 汉族). */
  ethnicity: string | null;
  /** Region code of the birthplace, up to 6 digits. */
  birthplace: string | null;
  birth_date: string | null;
  /** A 3rd-generation card kept its personal data locked and no PSAM was available. */
  needs_psam: boolean;
  /** Algorithm id from the FCI (9F0C 86 01 xx), '01' when absent. */
  algorithm: string;
};

/** A card as read in a reader: the record plus where and what answered. */
export type CardReading = SocialSecurityCard & { reader: string; atr: string };

/** 440305********1235: the first 6 and last 4 digits stay. */
export function maskSsn(ssn: string | null): string | null {
  if (ssn === null) return null;
  if (ssn.length <= 10) return '*'.repeat(ssn.length);
  return `${ssn.slice(0, 6)}${'*'.repeat(ssn.length - 10)}${ssn.slice(-4)}`;
}

/** 欧**: the first character stays, every other character becomes one star. */
export function maskName(name: string | null): string | null {
  if (name === null) return null;
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 1)}`;
}

/**
 * The record with the personal identifiers masked: ssn and name, and the month and day of the
 * birth date, which are the very digits the ssn mask hides (440305 + 19790521 + 1235 would
 * otherwise rebuild the whole ID number from the masked output).
 */
export function maskCard<T extends SocialSecurityCard>(card: T): T {
  const birth = card.birth_date === null ? null : `${card.birth_date.slice(0, 4)}-**-**`;
  return { ...card, ssn: maskSsn(card.ssn), name: maskName(card.name), birth_date: birth };
}

/** The CLI's JSON object: the issue's field order, then the extras (generation, expired). */
export function toJsonView(reading: CardReading): Record<string, string | boolean | number | null> {
  return {
    reader: reading.reader,
    atr: reading.atr,
    card_sn: reading.card_sn,
    region: reading.region,
    card_type: reading.card_type,
    spec_version: reading.spec_version,
    init_org: reading.init_org,
    issue_date: reading.issue_date,
    valid_to: reading.valid_to,
    birth_date: reading.birth_date,
    card_no: reading.card_no,
    ssn: reading.ssn,
    name: reading.name,
    gender: reading.gender,
    ethnicity: reading.ethnicity,
    birthplace: reading.birthplace,
    needs_psam: reading.needs_psam,
    generation: reading.generation,
    expired: reading.expired,
  };
}
