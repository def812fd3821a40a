import { describe, expect, it } from 'vitest';
import { countTypeFor, packColumns, uintFor } from '../../src/aggregation/column-packing.js';
import { CountBucket } from '../../src/aggregation/count-bucket.js';
import { DDSketch } from '../../src/aggregation/dd-sketch.js';

describe('column packing', () => {
  it('picks the narrowest unsigned type, and Float64 for counts that are not whole or too large', () => {
    expect(uintFor(255)).toBe(Uint8Array);
    expect(uintFor(256)).toBe(Uint16Array);
    expect(uintFor(65_536)).toBe(Uint32Array);
    expect(countTypeFor(new Float64Array([1, 2, 70_000]), 3)).toBe(Uint32Array);
    expect(countTypeFor(new Float64Array([1, 2.5]), 2)).toBe(Float64Array);
    expect(countTypeFor(new Float64Array([2 ** 32]), 1)).toBe(Float64Array);
    // Only the first n values count: the rest is room to grow.
    expect(countTypeFor(new Float64Array([3, 0.5]), 1)).toBe(Uint8Array);
  });

  it('lays every column into one buffer, aligned, with the values converted', () => {
    const [bytes, doubles, shorts] = packColumns([
      { type: Uint8Array, from: new Int32Array([1, 2, 3, 99]), length: 3 },
      { type: Float64Array, from: new Float64Array([0.5, 1e300]), length: 2 },
      { type: Uint16Array, from: new Float64Array([7, 65_535]), length: 2 },
    ]);
    expect([...bytes!]).toEqual([1, 2, 3]);
    expect([...doubles!]).toEqual([0.5, 1e300]);
    expect([...shorts!]).toEqual([7, 65_535]);
    expect(bytes!.buffer).toBe(doubles!.buffer);
    expect(shorts!.buffer).toBe(doubles!.buffer);
    expect(doubles!.buffer.byteLength).toBe(16 + 4 + 3);
    expect(doubles!.byteOffset % 8).toBe(0);
    expect(shorts!.byteOffset % 2).toBe(0);
  });
});

describe('a compacted count bucket', () => {
  it('reads back exactly what it held, whatever the values need: large counts and gids, fractional durations and sub-millisecond failure times', () => {
    const start = Date.UTC(2026, 11, 1);
    const b = new CountBucket(start, 1000);
    b.addConnection(70_000, start + 1.25, true, 12.3456789);
    b.addCount(70_000, 2 ** 33);
    b.addConnection(3, start + 999, true, 40);
    b.addConnection(3, start + 2, true, 40);
    b.addCount(5, 0.5);
    const before = readAll(b);
    b.compact();
    expect(readAll(b)).toEqual(before);
    // A second compaction and a late write after it.
    b.compact();
    b.addConnection(5, start + 500, true, 1);
    expect(readAll(b)).toEqual([before[0], before[1], [5, 1.5, start + 500, start + 500, [1]]]);
  });

  it('holds small whole values in narrow columns, to the same reads', () => {
    const start = Date.UTC(2026, 11, 1);
    const b = new CountBucket(start, 1000);
    for (let gid = 0; gid < 1000; gid++) b.addConnection(gid, start + (gid % 1000), gid % 10 === 0, gid % 7);
    const before = readAll(b);
    b.compact();
    expect(readAll(b)).toEqual(before);
  });
});

/** Every cell as [gid, count, first failure, last failure, its durations' quantiles]. */
function readAll(b: CountBucket) {
  return Array.from({ length: b.size }, (_, i) => {
    const sketch = new DDSketch();
    b.addLatencyAt(i, sketch);
    return [b.gidAt(i), b.countAt(i), b.firstFailureAt(i), b.lastFailureAt(i), [sketch.quantile(0.5)]];
  });
}
