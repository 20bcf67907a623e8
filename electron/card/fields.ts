/**
 * The EF05/EF06 record table (domain.md §1.2): each record is SIMPLE-TLV `tag len value` and
 * its record identifier is its tag. `le` is the exact Le of the READ RECORD (2 + value length).
 */
import { EF05, EF06 } from './apdu.js';

/** How a field's value bytes are encoded on the card. */
export type FieldEncoding = 'hex' | 'ascii' | 'bcd-date' | 'bcd-ff' | 'gbk';

/** One record of EF05 or EF06. */
export type FieldSpec = {
  tag: number;
  file: typeof EF05 | typeof EF06;
  /** Name of the decoded field in the card record (4E is merged into `name`). */
  key: string;
  /** Value length in bytes; names may be shorter (older cards, a `6Cxx` answer). */
  length: number;
  /** Le of the READ RECORD: tag and length bytes plus the value. */
  le: number;
  encoding: FieldEncoding;
  /** The value may be shorter than `length` (GBK names are padded or cut). */
  variable: boolean;
};

function field(
  tag: number,
  file: FieldSpec['file'],
  key: string,
  length: number,
  encoding: FieldEncoding,
): FieldSpec {
  return { tag, file, key, length, le: length + 2, encoding, variable: encoding === 'gbk' };
}

/** EF05 卡片基本信息, in the order of domain.md §1.7. */
export const EF05_FIELDS: readonly FieldSpec[] = [
  field(0x01, EF05, 'card_sn', 16, 'hex'),
  field(0x02, EF05, 'card_type', 1, 'ascii'),
  field(0x03, EF05, 'spec_version', 4, 'ascii'),
  field(0x04, EF05, 'init_org', 12, 'hex'),
  field(0x05, EF05, 'issue_date', 4, 'bcd-date'),
  field(0x06, EF05, 'valid_to', 4, 'bcd-date'),
  field(0x07, EF05, 'card_no', 9, 'ascii'),
];

/** EF06 持卡人基本信息, in the order of domain.md §1.7 (4E right after 09). */
export const EF06_FIELDS: readonly FieldSpec[] = [
  field(0x08, EF06, 'ssn', 18, 'ascii'),
  field(0x09, EF06, 'name', 30, 'gbk'),
  field(0x4e, EF06, 'name_ext', 20, 'gbk'),
  field(0x0a, EF06, 'gender', 1, 'ascii'),
  field(0x0b, EF06, 'ethnicity', 1, 'hex'),
  field(0x0c, EF06, 'birthplace', 3, 'bcd-ff'),
  field(0x0d, EF06, 'birth_date', 4, 'bcd-date'),
];

/** EF05 fields a 3rd-generation card gives without authentication (domain.md §1.4, inference). */
export const ALWAYS_FREE_TAGS: ReadonlySet<number> = new Set([0x01, 0x03, 0x05, 0x06]);

/** The spec of a tag, if it is one of the 14 records. */
export function fieldSpec(tag: number): FieldSpec | undefined {
  return EF05_FIELDS.find((f) => f.tag === tag) ?? EF06_FIELDS.find((f) => f.tag === tag);
}
