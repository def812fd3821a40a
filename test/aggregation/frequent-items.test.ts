import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrequentItems, OTHER_GROUP, entryShare } from '../../src/aggregation/frequent-items.js';

describe('FrequentItems', () => {
  it('never holds more than its capacity and under-counts by at most 2N/capacity (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 3000 }), (keys) => {
        const capacity = 32;
        const f = new FrequentItems(capacity);
        const truth = new Map<string, number>();
        for (const k of keys) {
          const key = `k${k % 7 === 0 ? 0 : k}`;
          f.add(key, 0, false);
          truth.set(key, (truth.get(key) ?? 0) + 1);
          expect(f.size).toBeLessThanOrEqual(capacity);
        }
        const bound = (2 * keys.length) / capacity;
        expect(f.decremented).toBeLessThanOrEqual(bound + 1e-9);
        for (const [key, n] of truth) {
          const est = f.get(key)?.count ?? 0;
          expect(est).toBeLessThanOrEqual(n);
          expect(est).toBeGreaterThanOrEqual(n - bound - 1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the bound after merging', () => {
    const a = new FrequentItems(16);
    const b = new FrequentItems(16);
    for (let i = 0; i < 5000; i++) {
      a.add(i % 3 === 0 ? 'heavy' : `a${i}`, 1, false);
      b.add(i % 4 === 0 ? 'heavy' : `b${i}`, 2, false);
    }
    a.merge(b);
    expect(a.size).toBeLessThanOrEqual(16);
    const truth = Math.ceil(5000 / 3) + 5000 / 4;
    const est = a.get('heavy')!.count;
    expect(est).toBeLessThanOrEqual(truth);
    expect(est).toBeGreaterThanOrEqual(truth - (2 * 10_000) / 16);
  });

  it('splits entries by group and folds groups beyond eight into OTHER_GROUP', () => {
    const f = new FrequentItems(8);
    for (let g = 0; g < 12; g++) f.add('ip', g, g % 2 === 1);
    const entry = f.get('ip')!;
    expect(entry.count).toBe(12);
    expect(entry.gid0).toBe(0);
    expect(entry.more!.length).toBe(14);
    expect(entry.more!.includes(OTHER_GROUP)).toBe(true);
    const accept = new Array<boolean>(12).fill(false);
    accept[0] = true;
    accept[1] = true;
    const failed = new Array<boolean>(12).fill(false);
    failed[1] = true;
    // Groups 7 to 11 were folded: under a filter their 5 events cannot be attributed.
    expect(entryShare(entry, accept, failed)).toEqual({ count: 2, failures: 1, unattributed: 5 });
    expect(entryShare(entry, null, null).count).toBe(12);
  });

  it('counts the failures of folded groups: without a filter every failure of the key is counted', () => {
    // Before, OTHER_GROUP's failures were never counted: 12 groups, each failed one counted
    // only while it had a slot of its own.
    const f = new FrequentItems(8);
    for (let g = 0; g < 12; g++) f.add('issuer', g, g % 2 === 1);
    const failed = Array.from({ length: 12 }, (_, g) => g % 2 === 1);
    expect(entryShare(f.get('issuer')!, null, failed)).toEqual({ count: 12, failures: 6, unattributed: 0 });
    // Merged (as the coarse history merges slices), the failures stay counted.
    const merged = new FrequentItems(8);
    merged.merge(f);
    merged.merge(f);
    expect(entryShare(merged.get('issuer')!, null, failed)).toEqual({ count: 24, failures: 12, unattributed: 0 });
  });
});
