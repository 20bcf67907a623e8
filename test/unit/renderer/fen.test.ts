import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../../../renderer/src/common/fen.js';

describe('cash arithmetic in fen', () => {
  it('reads yuan strings exactly, with up to two decimals', () => {
    expect(yuanToFen('7.34')).toBe(734n);
    expect(yuanToFen('10')).toBe(1000n);
    expect(yuanToFen('0.1')).toBe(10n);
    expect(yuanToFen('12.')).toBe(1200n);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', '-1', '1.234', '1e3', 'abc', '1,00']) expect(yuanToFen(bad)).toBeUndefined();
  });

  it('gives 2.66 change for 10 tendered against 7.34, and 0.30 for 0.1 + 0.2 style sums', () => {
    expect(fenToYuan((yuanToFen('10') ?? 0n) - (yuanToFen('7.34') ?? 0n))).toBe('2.66');
    expect(fenToYuan((yuanToFen('0.1') ?? 0n) + (yuanToFen('0.2') ?? 0n))).toBe('0.30');
    expect(fenToYuan(-5n)).toBe('-0.05');
  });
});
