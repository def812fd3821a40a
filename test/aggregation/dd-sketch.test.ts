import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DDSketch } from '../../src/aggregation/dd-sketch.js';

/** Exact lower-rank quantile, the definition the sketch approximates. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

const QUANTILES = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

function expectWithin(actual: number | null, expected: number, accuracy: number): void {
  expect(actual).not.toBeNull();
  if (expected === 0) {
    expect(actual).toBe(0);
    return;
  }
  expect(Math.abs(actual! - expected) / expected).toBeLessThanOrEqual(accuracy + 1e-9);
}

describe('DDSketch', () => {
  it('answers every quantile within 1% relative error (property)', () => {
    fc.assert(
      fc.property(
        // Values at or below 1e-9 are counted as zero by design (see dd-sketch.ts).
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(...QUANTILES),
        (values, q) => {
          const sketch = new DDSketch();
          for (const v of values) sketch.add(v);
          const sorted = [...values].sort((a, b) => a - b);
          expectWithin(sketch.quantile(q), exactQuantile(sorted, q), 0.01);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the guarantee after merging sketches built from parts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0.001, max: 60_000, noNaN: true }), { maxLength: 100 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...QUANTILES),
        (parts, q) => {
          const merged = new DDSketch();
          for (const part of parts) {
            const s = new DDSketch();
            for (const v of part) s.add(v);
            merged.merge(s);
          }
          const all = parts.flat().sort((a, b) => a - b);
          if (all.length === 0) {
            expect(merged.quantile(q)).toBeNull();
            return;
          }
          expect(merged.count).toBe(all.length);
          expectWithin(merged.quantile(q), exactQuantile(all, q), 0.01);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is accurate on a large skewed sample of handshake-like durations', () => {
    const sketch = new DDSketch();
    const values: number[] = [];
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 100_000; i++) {
      const v = Math.exp(3 + 1.2 * Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand()));
      values.push(v);
      sketch.add(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99, 0.999]) expectWithin(sketch.quantile(q), exactQuantile(values, q), 0.01);
    expect(sketch.max).toBe(values[values.length - 1]);
    expect(sketch.min).toBe(values[0]);
  });

  it('counts zeros, ignores negative and non-finite values', () => {
    const sketch = new DDSketch();
    for (const v of [0, 0, 5, -1, Number.NaN, Infinity]) sketch.add(v);
    expect(sketch.count).toBe(3);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.max).toBe(5);
    expect(new DDSketch().quantile(0.5)).toBeNull();
  });

  it('never holds more than maxBins bins, collapsing the lowest', () => {
    const sketch = new DDSketch({ maxBins: 64 });
    for (let i = 0; i < 10_000; i++) sketch.add(1e-6 * 1.05 ** i);
    expect(sketch.binCount).toBeLessThanOrEqual(64);
    expect(sketch.count).toBe(10_000);
    // High quantiles stay accurate: they are above the collapsed mass.
    const exact = 1e-6 * 1.05 ** Math.floor(0.999 * 9_999);
    expectWithin(sketch.quantile(0.999), exact, 0.01);
  });

  it('refuses to merge sketches of different accuracy and clones independently', () => {
    const a = new DDSketch({ relativeAccuracy: 0.01 });
    const b = new DDSketch({ relativeAccuracy: 0.02 });
    b.add(1);
    expect(() => a.merge(b)).toThrow();
    a.add(10);
    const c = a.clone();
    c.add(1000);
    expect(a.count).toBe(1);
    expect(c.count).toBe(2);
  });

  describe('compact()', () => {
    const weighted = fc.array(fc.tuple(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.integer({ min: 1, max: 70_000 })), {
      minLength: 1,
      maxLength: 200,
    });
    const build = (pairs: Array<[number, number]>, maxBins?: number) => {
      const sketch = new DDSketch(maxBins === undefined ? {} : { maxBins });
      for (const [v, w] of pairs) sketch.add(v, w);
      return sketch;
    };
    const answers = (s: DDSketch) => [s.count, s.min, s.max, ...QUANTILES.map((q) => s.quantile(q))];

    it('answers, merges and takes writes exactly as the sketch it was compacted from (property)', () => {
      fc.assert(
        fc.property(weighted, weighted, fc.constantFrom(undefined, 16), (first, later, maxBins) => {
          const plain = build(first, maxBins);
          const compact = build(first, maxBins);
          compact.compact();
          expect(answers(compact)).toEqual(answers(plain));
          // Merged into another sketch, and another merged into it.
          const intoPlain = build(later, maxBins);
          const intoCompact = build(later, maxBins);
          intoPlain.merge(plain);
          intoCompact.merge(compact);
          expect(answers(intoCompact)).toEqual(answers(intoPlain));
          plain.merge(build(later, maxBins));
          compact.merge(build(later, maxBins));
          expect(answers(compact)).toEqual(answers(plain));
          // Written after compacting (it widens), then compacted again.
          for (const [v, w] of later) {
            plain.add(v, w);
            compact.add(v, w);
          }
          compact.compact();
          expect(answers(compact)).toEqual(answers(plain));
          expect(compact.binCount).toBeLessThanOrEqual(compact.maxBins);
        }),
      );
    });

    it('keeps the used range in the narrowest counts that hold the largest bin', () => {
      const handshakes = (n: number) => {
        const s = new DDSketch();
        for (let i = 0; i < n; i++) s.add(5 + ((i * 7919) % 2951) / 10);
        return s;
      };
      const small = handshakes(600);
      const wide = small.binBytes;
      small.compact();
      // 5-300 ms at 1 %: about 205 bins of one byte, against 32-bit bins with headroom.
      expect(small.binCount).toBeLessThan(210);
      expect(small.binBytes).toBe(small.binCount);
      expect(small.binBytes * 4).toBeLessThan(wide);
      const big = new DDSketch();
      big.add(10, 300);
      big.add(20, 1);
      big.compact();
      expect(big.binBytes).toBe(2 * big.binCount);
      const huge = new DDSketch();
      huge.add(10, 70_000);
      huge.add(20, 1);
      huge.compact();
      expect(huge.binBytes).toBe(4 * huge.binCount);
      // Counts near the 32-bit cap still saturate instead of wrapping after a compact.
      huge.add(10, 0xffffffff);
      expect(huge.quantile(0.5)).toBeCloseTo(10, -1);
    });
  });
});
