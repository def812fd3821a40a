import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/random/prng.js';

describe('Prng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    const seqC = Array.from({ length: 20 }, () => c.next());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('stays in range', () => {
    const prng = new Prng(1);
    const outOfRange: number[] = [];
    const ints = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const x = prng.next();
      if (!(x >= 0 && x < 1)) outOfRange.push(x);
      ints.add(prng.int(3, 7));
    }
    expect(outOfRange).toEqual([]);
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('draws log-normal values around the median', () => {
    const prng = new Prng(5);
    const draws = Array.from({ length: 20_001 }, () => prng.logNormal(50, 0.5)).sort((x, y) => x - y);
    const median = draws[10_000]!;
    expect(median).toBeGreaterThan(45);
    expect(median).toBeLessThan(55);
    expect(draws.every((x) => x > 0)).toBe(true);
  });

  it('honours weights', () => {
    const prng = new Prng(9);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        prng.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy++;
    expect(heavy).toBeGreaterThan(8_700);
    expect(heavy).toBeLessThan(9_300);
  });
});
