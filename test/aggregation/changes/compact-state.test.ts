/**
 * The change detector's compact state (issue 14): attribute tables kept together per
 * profile generation, histograms that hold only the bins in use. Each must report
 * exactly what the plain form did, whatever the order values arrive in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecayingHistogram } from '../../../src/aggregation/changes/decaying-histogram.js';
import { DecayingTopK, DecayingTopKSet } from '../../../src/aggregation/changes/decaying-top-k.js';

/** Space-Saving as one table of its own arrays (the form before the tables were kept together), as the oracle. */
class PlainSpaceSaving {
  total = 0;
  keys: string[] = [];
  weights: number[] = [];
  errors: number[] = [];
  constructor(readonly capacity: number) {}
  add(value: string, w: number): void {
    this.total += w;
    const i = this.keys.indexOf(value);
    if (i >= 0) this.weights[i]! += w;
    else if (this.keys.length < this.capacity) {
      this.keys.push(value);
      this.weights.push(w);
      this.errors.push(0);
    } else {
      let min = 0;
      for (let j = 1; j < this.keys.length; j++) if (this.weights[j]! < this.weights[min]!) min = j;
      this.keys[min] = value;
      this.errors[min] = this.weights[min]!;
      this.weights[min]! += w;
    }
  }
}

describe('DecayingTopKSet', () => {
  it('keeps each field exactly as a table of its own would, values interleaved across fields', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 4 })), {
          maxLength: 400,
        }),
        (draws) => {
          const set = new DecayingTopKSet(4, 6);
          const plain = [0, 1, 2, 3].map(() => new PlainSpaceSaving(6));
          for (const [f, v, w] of draws) {
            set.add(f, `v${v}`, w);
            plain[f]!.add(`v${v}`, w);
          }
          for (let f = 0; f < 4; f++) {
            expect(set.values(f)).toEqual(plain[f]!.keys);
            expect(set.total(f)).toBe(plain[f]!.total);
            for (let i = 0; i < plain[f]!.keys.length; i++) {
              expect(set.get(f, plain[f]!.keys[i]!)).toEqual({ weight: plain[f]!.weights[i]!, error: plain[f]!.errors[i]! });
            }
          }
        },
      ),
    );
  });

  it('merges field by field as single tables merge, and a clone reports the same shares', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 12 })), { maxLength: 120 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 12 })), { maxLength: 120 }),
        (xs, ys) => {
          const a = new DecayingTopKSet(3, 5);
          const b = new DecayingTopKSet(3, 5);
          const singles = [0, 1, 2].map(() => [new DecayingTopK(5), new DecayingTopK(5)] as const);
          for (const [f, v] of xs) {
            a.add(f, `v${v}`, 1);
            singles[f]![0].add(`v${v}`, 1);
          }
          for (const [f, v] of ys) {
            b.add(f, `v${v}`, 1);
            singles[f]![1].add(`v${v}`, 1);
          }
          a.merge(b);
          const copy = a.clone();
          for (let f = 0; f < 3; f++) {
            const [x, y] = singles[f]!;
            x.merge(y);
            expect(a.values(f)).toEqual(x.values());
            expect(a.total(f)).toBe(x.total);
            expect(a.floor(f)).toBe(x.floor);
            for (const v of x.values()) {
              expect(a.get(f, v)).toEqual(x.get(v));
              expect(copy.shareUpper(f, v)).toBe(a.shareUpper(f, v));
              expect(copy.shareLower(f, v)).toBe(a.shareLower(f, v));
            }
          }
        },
      ),
    );
  });

  it('holds values as hashes to the same weights, shares, floors and merges as a set that holds the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.string({ maxLength: 6 }), fc.integer({ min: 1, max: 4 })), { maxLength: 200 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.string({ maxLength: 6 }), fc.integer({ min: 1, max: 4 })), { maxLength: 200 }),
        (xs, ys) => {
          const [plainA, plainB, hashedA, hashedB] = [false, false, true, true].map((h) => new DecayingTopKSet(3, 5, h));
          for (const [f, v, w] of xs) for (const set of [plainA!, hashedA!]) set.add(f, v, w);
          for (const [f, v, w] of ys) for (const set of [plainB!, hashedB!]) set.add(f, v, w);
          plainA!.merge(plainB!);
          hashedA!.merge(hashedB!);
          const frozen = hashedA!.clone();
          for (let f = 0; f < 3; f++) {
            expect(hashedA!.total(f)).toBe(plainA!.total(f));
            expect(hashedA!.floor(f)).toBe(plainA!.floor(f));
            expect(hashedA!.keysOf(f)).toEqual(plainA!.values(f).map((v) => hashedA!.keyOf(v)));
            for (const v of [...plainA!.values(f), 'never seen']) {
              expect(hashedA!.get(f, v)).toEqual(plainA!.get(f, v));
              expect(frozen.shareUpper(f, v)).toBe(plainA!.shareUpper(f, v));
              expect(frozen.shareEstimate(f, v)).toBe(plainA!.shareEstimate(f, v));
            }
          }
        },
      ),
    );
  });

  it('cannot list the values of a hashed set, nor merge one with a set of values', () => {
    const hashed = new DecayingTopKSet(1, 4, true);
    hashed.add(0, 'a', 1);
    expect(() => hashed.values(0)).toThrow(/hashed/);
    expect(() => new DecayingTopKSet(1, 4).merge(hashed)).toThrow(/hashed/);
  });

  it('compacts and clears without changing or leaking what it holds', () => {
    const set = new DecayingTopKSet(2, 4);
    for (let i = 0; i < 10; i++) set.add(i % 2, `v${i}`, i + 1);
    const before = [0, 1].map((f) => set.values(f).map((v) => set.get(f, v)));
    set.compact();
    expect([0, 1].map((f) => set.values(f).map((v) => set.get(f, v)))).toEqual(before);
    set.clear();
    expect(set.size(0) + set.size(1)).toBe(0);
    expect(set.total(1)).toBe(0);
  });
});

describe('DecayingHistogram over the bins in use', () => {
  it('reports the same quantiles and shares whatever order the range grew in, and merged', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 2_000_000, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const forward = new DecayingHistogram(Infinity);
        const backward = new DecayingHistogram(Infinity);
        const merged = new DecayingHistogram(Infinity);
        const half = new DecayingHistogram(Infinity);
        const sorted = [...values].sort((x, y) => x - y);
        for (const v of sorted) forward.add(v, 0);
        for (const v of [...sorted].reverse()) backward.add(v, 0);
        values.forEach((v, i) => (i % 2 === 0 ? merged : half).add(v, 0));
        merged.merge(half);
        for (const q of [0, 0.1, 0.5, 0.9, 0.99, 1]) {
          expect(backward.quantile(q)).toBe(forward.quantile(q));
          expect(merged.quantile(q)).toBe(forward.quantile(q));
        }
        for (const t of [0.1, 1, 5, 50, 300, 5000, 1e6]) {
          expect(backward.shareAbove(t)).toBeCloseTo(forward.shareAbove(t), 12);
          expect(merged.shareAbove(t)).toBeCloseTo(forward.shareAbove(t), 12);
        }
      }),
    );
  });
});
