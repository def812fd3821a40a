import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentilesOf, rowKeyOf, rowSketches } from '../../src/aggregation/connection-summary.js';
import { CountBucket } from '../../src/aggregation/count-bucket.js';
import type { DDSketch } from '../../src/aggregation/dd-sketch.js';
import { GroupRegistry } from '../../src/aggregation/group-registry.js';
import { RowLatencyCache } from '../../src/aggregation/row-latency.js';

const cell = fc.record({
  bucket: fc.integer({ min: 0, max: 5 }),
  dist: fc.constantFrom('E1', 'E2', 'E3'),
  status: fc.constantFrom('Success', 'Failed:TcpTimeout', 'Failed:ClientCertExpired'),
  ms: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
});

describe('RowLatencyCache', () => {
  it('gives every row the percentiles merging every cell gives, before and after a bucket changes', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 300 }), fc.array(cell, { maxLength: 30 }), (first, later) => {
        const groups = new GroupRegistry();
        const buckets = Array.from({ length: 6 }, (_, i) => new CountBucket(i * 1000, 1000));
        const add = (c: (typeof first)[number]) =>
          buckets[c.bucket]!.addConnection(groups.gid(c.dist, null, c.status, c.status !== 'Success'), c.bucket * 1000, false, c.ms);
        const accept = (gid: number) => groups.status[gid] !== 'Failed:ClientCertExpired';
        const ctx = () => ({ groups, accept: Array.from({ length: groups.size }, (_, gid) => accept(gid)), sketch: {} });
        const keys = (gid: number) => rowKeyOf(groups, gid);
        const wanted = new Set(['E1\u0001', 'E3\u0001']);
        const cache = new RowLatencyCache();
        const same = () => {
          const expected = rowSketches(buckets, ctx(), wanted, keys);
          const got = cache.rows(buckets, ctx(), 'f', wanted, keys);
          expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [row, sketch] of expected) expect(percentilesOf(got.get(row)!)).toEqual(percentilesOf(sketch));
        };
        first.forEach(add);
        same();
        later.forEach(add);
        same();
      }),
      { numRuns: 200 },
    );
  });

  it('forgets buckets no call read lately, and gives them the same sketches when read again', () => {
    const groups = new GroupRegistry();
    const buckets = Array.from({ length: 4 }, (_, i) => new CountBucket(i * 1000, 1000));
    buckets.forEach((b, i) => {
      for (let n = 0; n < 20; n++)
        b.addConnection(groups.gid(n % 2 === 0 ? 'E1' : 'E2', null, 'Success', false), i * 1000, false, n * (i + 1));
    });
    const ctx = { groups, accept: null, sketch: {} };
    const keys = (gid: number) => rowKeyOf(groups, gid);
    const wanted = new Set(['E1\u0001', 'E2\u0001']);
    const cache = new RowLatencyCache();
    const percentiles = (m: Map<string, DDSketch>) => [...m].map(([row, sk]) => [row, percentilesOf(sk)]);
    const old = buckets.slice(0, 2);
    const expected = percentiles(rowSketches(old, ctx, wanted, keys));
    expect(percentiles(cache.rows(old, ctx, 'f', wanted, keys))).toEqual(expected);
    const held = (cache as unknown as { cache: Map<CountBucket, unknown> }).cache;
    expect(held.has(old[0]!)).toBe(true);
    for (let call = 0; call < 10; call++) cache.rows(buckets.slice(2), ctx, 'f', wanted, keys);
    expect(held.has(old[0]!)).toBe(false);
    expect(held.size).toBe(2);
    expect(percentiles(cache.rows(old, ctx, 'f', wanted, keys))).toEqual(expected);
  });

  it('keeps giving the merge of every cell as the window slides, its newest bucket fills and a late event lands in a block', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            late: fc.option(fc.integer({ min: 0, max: 39 }), { nil: undefined }),
            dist: fc.constantFrom('E1', 'E2', 'E3'),
            ms: fc.integer({ min: 0, max: 5000 }),
            narrow: fc.boolean(),
          }),
          { minLength: 20, maxLength: 60 },
        ),
        (steps) => {
          const groups = new GroupRegistry();
          const buckets = Array.from({ length: 80 }, (_, i) => new CountBucket(i * 1000, 1000));
          const keys = (gid: number) => rowKeyOf(groups, gid);
          const ctx = { groups, accept: null, sketch: {} };
          const cache = new RowLatencyCache();
          steps.forEach((step, s) => {
            const newest = s + 19;
            const at = step.late ?? newest;
            buckets[Math.min(at, newest)]!.addConnection(groups.gid(step.dist, null, 'Success', false), at * 1000, false, step.ms);
            const window = buckets.slice(s, newest + 1);
            // A second query over the same buckets with fewer rows (a pane asking for less) in between.
            const wanted = new Set(step.narrow ? ['E1\u0001'] : ['E1\u0001', 'E2\u0001', 'E3\u0001']);
            const expected = rowSketches(window, ctx, wanted, keys);
            const got = cache.rows(window, ctx, 'f', wanted, keys);
            expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
            for (const [row, sketch] of expected) {
              expect(got.get(row)!.count).toBe(sketch.count);
              expect(percentilesOf(got.get(row)!)).toEqual(percentilesOf(sketch));
            }
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('merges a block that did not change once, not on every call', () => {
    const groups = new GroupRegistry();
    const buckets = Array.from({ length: 16 }, (_, i) => new CountBucket(i * 1000, 1000));
    buckets.forEach((b, i) => b.addConnection(groups.gid('E1', null, 'Success', false), i * 1000, false, 10 + i));
    const ctx = { groups, accept: null, sketch: {} };
    const keys = (gid: number) => rowKeyOf(groups, gid);
    const wanted = new Set(['E1\u0001']);
    const cache = new RowLatencyCache();
    const blocks = (cache as unknown as { blocks: Map<string, { merged: Map<string, DDSketch> }> }).blocks;
    cache.rows(buckets, ctx, 'f', wanted, keys);
    expect(blocks.size).toBe(2);
    const [older, newer] = [...blocks.values()].map((b) => b.merged);
    buckets[15]!.addConnection(groups.gid('E1', null, 'Success', false), 15_000, false, 99);
    expect(cache.rows(buckets, ctx, 'f', wanted, keys).get('E1\u0001')!.count).toBe(17);
    const [olderAgain, newerAgain] = [...blocks.values()].map((b) => b.merged);
    expect(olderAgain).toBe(older);
    expect(newerAgain).not.toBe(newer);
    // The same rows in another order (rows are asked for busiest first, and that order moves).
    buckets.forEach((b, i) => b.addConnection(groups.gid('E2', null, 'Success', false), i * 1000, false, 5));
    cache.rows(buckets, ctx, 'f', new Set(['E1\u0001', 'E2\u0001']), keys);
    const held = [...blocks.values()][0]!.merged;
    buckets[15]!.addConnection(groups.gid('E1', null, 'Success', false), 15_000, false, 7);
    cache.rows(buckets, ctx, 'f', new Set(['E2\u0001', 'E1\u0001']), keys);
    expect([...blocks.values()][0]!.merged).toBe(held);
  });
});
