import { describe, expect, it } from 'vitest';
import {
  maskCard,
  maskName,
  maskSsn,
  toJsonView,
  type CardReading,
} from '../../../electron/card/card-record.js';
import { displayWidth, formatReading } from '../../../electron/card/format.js';

const reading: CardReading = {
  reader: 'Virtual PCD 00 00',
  atr: '3B6D000000814E43238697159900BF7C7A',
  card_sn: '440300D15600000512A4C3E9F0017B26',
  region: '440300',
  card_type: '1',
  spec_version: '2.00',
  generation: 2,
  init_org: '440300D15600000500000001',
  issue_date: '2019-06-18',
  valid_to: '2029-06-18',
  expired: false,
  card_no: 'M01234567',
  ssn: '440305197905211235',
  name: '欧阳华',
  gender: '1',
  ethnicity: '01',
  birthplace: '440305',
  birth_date: '1979-05-21',
  needs_psam: false,
  algorithm: '01',
};

describe('masking', () => {
  it('masks the ID number as 440305********1235 and the name as 欧**', () => {
    expect(maskSsn('440305197905211235')).toBe('440305********1235');
    expect(maskName('欧阳华')).toBe('欧**');
    expect(maskName('买买提江·艾合买提·阿不都热合曼')).toBe(`买${'*'.repeat(15)}`);
    expect(maskSsn(null)).toBeNull();
    expect(maskName(null)).toBeNull();
  });

  it('hides the month and day of birth, which the ID mask hides too', () => {
    const m = maskCard(reading);
    expect(m.birth_date).toBe('1979-**-**');
    expect(JSON.stringify(m)).not.toContain('19790521');
    expect(JSON.stringify(m)).not.toContain('05-21');
  });
});

describe('the JSON view', () => {
  it('has the fields of the issue, in its order, then generation and expired', () => {
    expect(Object.keys(toJsonView(reading))).toEqual([
      'reader',
      'atr',
      'card_sn',
      'region',
      'card_type',
      'spec_version',
      'init_org',
      'issue_date',
      'valid_to',
      'birth_date',
      'card_no',
      'ssn',
      'name',
      'gender',
      'ethnicity',
      'birthplace',
      'needs_psam',
      'generation',
      'expired',
    ]);
  });
});

describe('the human view', () => {
  it('shows masked data by default and everything with --unmasked', () => {
    expect(formatReading(reading, false)).toContain('440305********1235');
    expect(formatReading(reading, false)).not.toContain('欧阳华');
    expect(formatReading(reading, true)).toContain('欧阳华');
  });

  it('says why a field is empty on a card that needs a PSAM, and that a card expired', () => {
    const locked = formatReading(
      { ...reading, ssn: null, name: null, needs_psam: true, expired: true },
      false,
    );
    expect(locked).toMatch(/社会保障号码 ssn\s+—（需 PSAM 认证/);
    expect(locked).toContain('EXPIRED');
  });

  it('aligns values, counting CJK characters as two columns', () => {
    expect(displayWidth('姓名 name')).toBe(9);
    const columns = formatReading(reading, false)
      .split('\n')
      .map((l) => displayWidth(l.replace(/\s{2,}\S.*$/, '')) + (/\s{2,}/.exec(l)?.[0].length ?? 0));
    expect(new Set(columns).size).toBe(1);
  });
});
