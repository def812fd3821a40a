import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrequentItems } from '../../src/aggregation/frequent-items.js';
import { MapFrequentItems } from './map-frequent-items.js';

/** Keys of every kind the index meets: IPs, long subjects, and long keys that differ only where the hash does not look. */
const keyArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((i) => `10.0.${i >> 4}.${i & 15}`),
  fc.integer({ min: 0, max: 1000 }).map((i) => `10.${i % 7}.${i % 13}.${i}`),
  fc.integer({ min: 0, max: 60 }).map((i) => `C=US, O=Example, OU=Clients, CN=client${i}.test.mtls.example.net`),
  // Same first 8 and last 24 characters: the same hash, so they collide in the index and spill to the Map.
  { arbitrary: fc.integer({ min: 0, max: 80 }).map((i) => `collide:${String(i).padStart(12, '0')}-and-the-same-24-chars-end`), weight: 3 },
  // CN first: subjects that differ only in the middle, where a sampled hash does not look.
  fc.integer({ min: 0, max: 80 }).map((i) => `CN=client${i},OU=Clients,O=Example Corp,L=Seattle,C=US`),
  fc.string({ maxLength: 40 }),
);

const opArb = fc.record({
  key: keyArb,
  gid: fc.integer({ min: 0, max: 11 }),
  failed: fc.boolean(),
  weight: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5 })),
});

function snapshot(f: FrequentItems) {
  return f.items().map((e) => [e.key, e.count, e.raw, e.gid0, e.n0, e.more, e.failedRaw]);
}

function referenceSnapshot(f: MapFrequentItems) {
  return [...f.entries].map(([key, e]) => [key, e.count, e.raw, e.gid0, e.n0, e.more, e.failedRaw]);
}

type Op = { key: string; gid: number; failed: boolean; weight: number };

/**
 * The same adds into FrequentItems and the Map-based reference: `otherOps` into a second
 * pair merged in halfway through `ops`. `keyOf` gives the key FrequentItems sees (the
 * reference always gets `op.key`). Checks the capacity after every add.
 */
function addToBoth(capacity: number, ops: Op[], otherOps: Op[], keyOf: (op: Op, i: number) => string = (op) => op.key) {
  const f = new FrequentItems(capacity);
  const ref = new MapFrequentItems(capacity);
  const other = new FrequentItems(capacity);
  const otherRef = new MapFrequentItems(capacity);
  for (const op of otherOps) {
    other.add(op.key, op.gid, op.failed, op.weight);
    otherRef.add(op.key, op.gid, op.failed, op.weight);
  }
  ops.forEach((op, i) => {
    f.add(keyOf(op, i), op.gid, op.failed, op.weight);
    ref.add(op.key, op.gid, op.failed, op.weight);
    if (i === ops.length >> 1) {
      f.merge(other);
      ref.merge(otherRef);
    }
    expect(f.size).toBeLessThanOrEqual(capacity);
  });
  return { f, ref };
}

describe('FrequentItems index', () => {
  it('holds exactly what the Map-based counter held: same entries, order, counts and decrements (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 48 }),
        fc.array(opArb, { minLength: 100, maxLength: 1500 }),
        fc.array(opArb, { maxLength: 600, size: 'max' }),
        (capacity, ops, otherOps) => {
          const { f, ref } = addToBoth(capacity, ops, otherOps);
          expect(snapshot(f)).toEqual(referenceSnapshot(ref));
          expect([f.total, f.decremented]).toEqual([ref.total, ref.decremented]);
          for (const [key, e] of ref.entries) expect(f.get(key)?.count).toBe(e.count);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('holds what the Map-based counter held when keys come in runs (the last key skips the lookup, across prunes and merges)', () => {
    const runsArb = fc
      .array(fc.tuple(opArb, fc.integer({ min: 1, max: 8 })), { minLength: 50, maxLength: 600 })
      .map((runs) => runs.flatMap(([op, n]) => Array.from({ length: n }, (_, i) => ({ ...op, gid: (op.gid + i) % 12 }))));
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), runsArb, runsArb, (capacity, ops, otherOps) => {
        // Every other key equal to the last one but another string object, as JSON.parse gives.
        const { f, ref } = addToBoth(capacity, ops, otherOps, (op, i) => (i % 2 === 0 ? op.key : (' ' + op.key).slice(1)));
        expect(snapshot(f)).toEqual(referenceSnapshot(ref));
        expect([f.total, f.decremented]).toEqual([ref.total, ref.decremented]);
      }),
      { numRuns: 200 },
    );
  });

  it('finds keys that all collide in the index (they spill, then the table hashes whole keys) and drops them when pruned', () => {
    const f = new FrequentItems(64);
    const ref = new MapFrequentItems(64);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 200; i++) {
        const key = `collide:${String(i % (round === 1 ? 50 : 200)).padStart(12, '0')}-and-the-same-24-chars-end`;
        f.add(key, i & 3, i % 5 === 0);
        ref.add(key, i & 3, i % 5 === 0);
      }
    }
    expect(snapshot(f)).toEqual(referenceSnapshot(ref));
    expect(f.decremented).toBe(ref.decremented);
    expect(f.get('collide:000000000007-and-the-same-24-chars-end')?.count).toBe(
      ref.entries.get('collide:000000000007-and-the-same-24-chars-end')?.count,
    );
  });

  it('indexes tables too large for 16-bit positions the same way', () => {
    const f = new FrequentItems(40_000);
    const ref = new MapFrequentItems(40_000);
    for (let i = 0; i < 100_000; i++) {
      const key = `10.${(i * 7) & 255}.${(i >> 3) & 255}.${i % 97}`;
      f.add(key, i & 7, i % 3 === 0);
      ref.add(key, i & 7, i % 3 === 0);
    }
    expect(snapshot(f)).toEqual(referenceSnapshot(ref));
    expect(f.decremented).toBe(ref.decremented);
  });
});
