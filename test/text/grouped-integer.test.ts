import { describe, expect, it } from 'vitest';
import { groupedInteger } from '../../src/text/grouped-integer.js';

const icu = (n: number) => Math.round(n).toLocaleString('en-US');

describe('groupedInteger', () => {
  it('writes the same text as en-US locale formatting', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      99,
      100,
      999,
      1000,
      -1000,
      9999,
      12_345,
      100_000,
      999_999,
      1_000_000,
      -1_234_567,
      2 ** 31,
      2 ** 32 + 7,
      2 ** 53 - 2,
      -(2 ** 53) + 2,
      0.4,
      0.5,
      -0.4,
      -0.5,
      -0.6,
      1234.5,
      999_999.5,
      1e15 + 0.3,
    ];
    for (const n of values) expect(groupedInteger(n), String(n)).toBe(icu(n));
  });

  it('matches on random magnitudes', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let i = 0; i < 5000; i += 1) {
      const n = next() * 10 ** Math.floor(Math.abs(next()) * 17);
      expect(groupedInteger(n), String(n)).toBe(icu(n));
    }
  });

  it('hands values outside the exact-integer range to ICU', () => {
    for (const n of [2 ** 53, 1e21, -1e22, Infinity, -Infinity, NaN]) {
      expect(groupedInteger(n), String(n)).toBe(icu(n));
    }
  });
});
