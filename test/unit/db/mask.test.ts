import { describe, expect, it } from 'vitest';
import { maskName, maskSsn } from '../../../db/mask.js';

describe('masking what a log may show', () => {
  it('keeps the region and the last four digits of an ID number', () => {
    expect(maskSsn('440305199001011235')).toBe('440305********1235');
    expect(maskSsn('44030519900101123X')).toBe('440305********123X');
  });

  it('masks short identifiers almost entirely', () => {
    expect(maskSsn('12345678')).toBe('******78');
    expect(maskSsn('12')).toBe('**');
    expect(maskSsn('')).toBe('');
  });

  it('keeps only the first character of a name', () => {
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王')).toBe('*');
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });
});
