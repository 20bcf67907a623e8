import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fenToYuan, sumFen, yuanToFen } from '../../../db/fen.js';

const yuanString = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 0, max: 99 }), fc.boolean())
  .map(([y, f, neg]) => `${neg && (y > 0n || f > 0) ? '-' : ''}${y}.${String(f).padStart(2, '0')}`);

describe('yuan strings become integer fen and back', () => {
  it.each([
    ['0', 0],
    ['0.00', 0],
    ['12.3', 1230],
    ['12.30', 1230],
    ['0.01', 1],
    ['64.29', 6429],
    ['-3.18', -318],
    ['007.50', 750],
  ])('reads %s as %i fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it('prints fen as 2-decimal yuan', () => {
    expect(fenToYuan(6429)).toBe('64.29');
    expect(fenToYuan(1)).toBe('0.01');
    expect(fenToYuan(-318)).toBe('-3.18');
    expect(fenToYuan(0)).toBe('0.00');
  });

  it.each(['1.234', '0.001', '1.230'])('refuses %s: more than 2 decimals is never rounded', (text) => {
    expect(() => yuanToFen(text)).toThrow(expect.objectContaining({ code: 'TOO_MANY_DECIMALS' }));
  });

  it.each(['', ' 1.00', '1e3', '1.', '.5', 'NaN', '1,00', '+1.00', '0x10'])(
    'refuses %j as not a decimal',
    (text) => {
      expect(() => yuanToFen(text)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    },
  );

  it('refuses amounts beyond the exact integer range, and non-integer fen', () => {
    expect(() => yuanToFen('90071992547409.92')).toThrow(
      expect.objectContaining({ code: 'AMOUNT_OUT_OF_RANGE' }),
    );
    expect(() => fenToYuan(1.5)).toThrow(expect.objectContaining({ code: 'AMOUNT_OUT_OF_RANGE' }));
  });

  it('round-trips every 2-decimal amount exactly (string → fen → string)', () => {
    fc.assert(
      fc.property(yuanString, (text) => {
        expect(fenToYuan(yuanToFen(text))).toBe(new Decimal(text).toFixed(2));
      }),
      { numRuns: 2000 },
    );
  });

  it('sums in fen exactly as decimal.js sums the yuan strings', () => {
    fc.assert(
      fc.property(fc.array(yuanString, { maxLength: 50 }), (texts) => {
        const exact = texts.reduce((acc, t) => acc.plus(t), new Decimal(0));
        expect(fenToYuan(sumFen(texts.map(yuanToFen)))).toBe(exact.toFixed(2));
      }),
      { numRuns: 500 },
    );
  });

  it('adds 0.10 ten times to exactly 1.00, where floats would not', () => {
    expect(fenToYuan(sumFen(Array.from({ length: 10 }, () => yuanToFen('0.10'))))).toBe('1.00');
  });
});
