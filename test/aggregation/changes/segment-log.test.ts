import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decayFactor, decayedSeconds } from '../../../src/aggregation/changes/decay.js';
import { SegmentLog } from '../../../src/aggregation/changes/segment-log.js';

describe('decay', () => {
  it('halves a sum every half-life and sums per-second mass in closed form', () => {
    expect(decayFactor(600, 0)).toBe(1);
    expect(decayFactor(600, 600)).toBeCloseTo(0.5, 12);
    expect(decayFactor(600, 1200)).toBeCloseTo(0.25, 12);
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += decayFactor(600, i);
    expect(decayedSeconds(600, 1000)).toBeCloseTo(sum, 6);
    expect(decayedSeconds(600, 1e9)).toBeCloseTo(1 / (1 - decayFactor(600, 1)), 6);
    expect(decayedSeconds(600, 0)).toBe(0);
  });
});

describe('SegmentLog', () => {
  it('places the split where the suffix log-likelihood ratio is largest', () => {
    const log = new SegmentLog();
    // 10 seconds at 1 failure in 10, then 5 seconds at 5 in 10.
    for (let s = 0; s < 10; s++) log.push(100 + s, 10, s === 3 ? 1 : 0);
    for (let s = 10; s < 15; s++) log.push(100 + s, 10, 5);
    // a, b of "rate 0.5 against rate 0.01".
    const b = Math.log(0.5 / 0.99);
    const a = Math.log(0.5 / 0.01) - b;
    const split = log.bestSplit(a, b)!;
    expect(split.sec).toBe(110);
    expect(split.n).toBe(50);
    expect(split.k).toBe(25);
  });

  it('scores each suffix at its own rate with bestSplitBy (a stray cluster before the shift stays out)', () => {
    const log = new SegmentLog();
    // 1 % baseline; a cluster of 5 failures in 100 handshakes, then 30 % from second 110.
    for (let s = 0; s < 10; s++) log.push(100 + s, 10, s % 2 === 0 ? 1 : 0);
    for (let s = 10; s < 14; s++) log.push(100 + s, 10, 3);
    const p0 = 0.01;
    const profile = (n: number, k: number): number => {
      const p = Math.max(k / n, 0.06);
      return k * Math.log(p / p0) + (n - k) * Math.log((1 - p) / (1 - p0));
    };
    expect(log.bestSplitBy(profile)!.sec).toBe(110);
    // The fixed minimum-effect rate (the CUSUM's own split) would take the cluster in.
    const b = Math.log(0.94 / 0.99);
    expect(log.bestSplit(Math.log(0.06 / 0.01) - b, b)!.sec).toBe(100);
  });

  it('adds a second pushed twice to the same entry, and is empty after clear', () => {
    const log = new SegmentLog();
    log.push(5, 3, 1);
    log.push(5, 2, 1);
    expect(log.length).toBe(1);
    expect(log.bestSplit(1, 0)).toMatchObject({ sec: 5, n: 5, k: 2 });
    log.clear();
    expect(log.length).toBe(0);
    expect(log.bestSplit(1, 0)).toBeNull();
  });

  it('stays within its capacity and keeps the totals when it merges old entries (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 })), { maxLength: 700 }), (entries) => {
        const log = new SegmentLog(32);
        let n = 0;
        let k = 0;
        entries.forEach(([ni, ki], i) => {
          log.push(i, ni, Math.min(ki, ni));
          n += ni;
          k += Math.min(ki, ni);
          expect(log.length).toBeLessThanOrEqual(32);
        });
        if (entries.length === 0) return;
        // With a = 0 and b = 1 every entry adds evidence, so the best suffix is the whole log.
        const whole = log.bestSplit(0, 1)!;
        expect(whole.n).toBe(n);
        expect(whole.k).toBe(k);
        expect(whole.sec).toBe(0);
      }),
    );
  });
});
