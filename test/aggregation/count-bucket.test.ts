import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentilesOf, summarize, type ConnectionTotals } from '../../src/aggregation/connection-summary.js';
import { CountBucket, MAX_FEW } from '../../src/aggregation/count-bucket.js';
import { DDSketch } from '../../src/aggregation/dd-sketch.js';
import { GroupRegistry } from '../../src/aggregation/group-registry.js';
import { PointCache } from '../../src/aggregation/point-cache.js';

/**
 * The cells as the store kept them before they became typed-array columns: a Map of
 * objects, written as the old CountBucket wrote them. The columns must give the same.
 */
interface RefCell {
  count: number;
  sketch: DDSketch | null;
  soloMs: number;
  soloN: number;
  few: number[] | null;
  firstFailureMs: number;
  lastFailureMs: number;
}

class RefBucket {
  readonly cells = new Map<number, RefCell>();
  readonly firewall = new Map<number, number>();
  sampled = false;

  addConnection(gid: number, timeMs: number, failed: boolean, handshakeMs: number | undefined): void {
    const cell = this.cell(gid);
    cell.count++;
    if (handshakeMs !== undefined && handshakeMs >= 0 && handshakeMs !== Infinity) this.addLatency(cell, handshakeMs, 1);
    if (failed) {
      if (!(cell.firstFailureMs <= timeMs)) cell.firstFailureMs = timeMs;
      if (!(cell.lastFailureMs >= timeMs)) cell.lastFailureMs = timeMs;
    }
  }

  addCount(gid: number, n: number): void {
    if (n > 0) this.cell(gid).count += n;
  }

  merge(other: RefBucket, withLatency: boolean): void {
    for (const [gid, src] of other.cells) {
      const cell = this.cell(gid);
      cell.count += src.count;
      if (withLatency) {
        if (src.sketch !== null) this.sketchOf(cell).merge(src.sketch);
        else if (src.soloN > 0) this.addLatency(cell, src.soloMs, src.soloN);
        else if (src.few !== null) for (let i = 0; i < src.few.length; i += 2) this.addLatency(cell, src.few[i]!, src.few[i + 1]!);
      }
      if (src.firstFailureMs < cell.firstFailureMs || Number.isNaN(cell.firstFailureMs)) cell.firstFailureMs = src.firstFailureMs;
      if (src.lastFailureMs > cell.lastFailureMs || Number.isNaN(cell.lastFailureMs)) cell.lastFailureMs = src.lastFailureMs;
    }
    for (const [kind, n] of other.firewall) this.firewall.set(kind, (this.firewall.get(kind) ?? 0) + n);
    if (other.sampled) this.sampled = true;
  }

  private addLatency(cell: RefCell, ms: number, n: number): void {
    if (cell.sketch !== null) cell.sketch.add(ms, n);
    else if (cell.few === null && (cell.soloN === 0 || cell.soloMs === ms)) {
      cell.soloMs = ms;
      cell.soloN += n;
    } else {
      let few = cell.few;
      if (few === null) {
        few = cell.few = [cell.soloMs, cell.soloN];
        cell.soloN = 0;
      }
      for (let i = 0; i < few.length; i += 2) {
        if (few[i] === ms) {
          few[i + 1]! += n;
          return;
        }
      }
      if (few.length < 2 * MAX_FEW) few.push(ms, n);
      else this.sketchOf(cell).add(ms, n);
    }
  }

  private sketchOf(cell: RefCell): DDSketch {
    if (cell.sketch !== null) return cell.sketch;
    const sketch = new DDSketch();
    addRefLatency(sketch, cell);
    cell.sketch = sketch;
    cell.soloN = 0;
    cell.few = null;
    return sketch;
  }

  private cell(gid: number): RefCell {
    let cell = this.cells.get(gid);
    if (cell === undefined) {
      cell = { count: 0, sketch: null, soloMs: 0, soloN: 0, few: null, firstFailureMs: NaN, lastFailureMs: NaN };
      this.cells.set(gid, cell);
    }
    return cell;
  }
}

function addRefLatency(target: DDSketch, cell: RefCell): void {
  if (cell.sketch !== null) target.merge(cell.sketch);
  else if (cell.soloN > 0) target.add(cell.soloMs, cell.soloN);
  else if (cell.few !== null) for (let i = 0; i < cell.few.length; i += 2) target.add(cell.few[i]!, cell.few[i + 1]!);
}

/** What a bucket's cells read as, in cell order: everything a consumer can see. */
function cellsOf(b: CountBucket) {
  const out = [];
  for (let i = 0; i < b.size; i++) {
    const latency = new DDSketch();
    b.addLatencyAt(i, latency);
    out.push({
      gid: b.gidAt(i),
      count: b.countAt(i),
      first: b.firstFailureAt(i),
      last: b.lastFailureAt(i),
      hasLatency: b.hasLatencyAt(i),
      bins: b.sketchBinsAt(i),
      latency,
    });
  }
  return { cells: out, firewall: [...b.firewall], sampled: b.sampled };
}

function refCellsOf(b: RefBucket) {
  const out = [];
  for (const [gid, c] of b.cells) {
    const latency = new DDSketch();
    addRefLatency(latency, c);
    out.push({
      gid,
      count: c.count,
      first: c.firstFailureMs,
      last: c.lastFailureMs,
      hasLatency: c.sketch !== null || c.soloN > 0 || c.few !== null,
      bins: c.sketch?.binCount ?? 0,
      latency,
    });
  }
  return { cells: out, firewall: [...b.firewall], sampled: b.sampled };
}

const BUCKETS = 3;
const bucketArb = fc.integer({ min: 0, max: BUCKETS - 1 });
// Few gids and few distinct durations, so cells fill, spill into pairs and into sketches.
const gidArb = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3000 }));
const op = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('connection' as const),
      bucket: bucketArb,
      gid: gidArb,
      time: fc.integer({ min: 0, max: 10_000 }),
      failed: fc.boolean(),
      ms: fc.option(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.double({ min: -1, max: 1e6, noNaN: true })), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('count' as const),
      bucket: bucketArb,
      gid: gidArb,
      n: fc.double({ min: -1, max: 50, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('firewall' as const), bucket: bucketArb, fw: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sampled' as const), bucket: bucketArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), bucket: bucketArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('merge' as const), bucket: bucketArb, from: bucketArb, withLatency: fc.boolean() }),
  },
);

describe('CountBucket cells', () => {
  it('read as a Map of cell objects written the old way would, after any sequence of writes, merges and compactions', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const real = Array.from({ length: BUCKETS }, (_, i) => new CountBucket(i * 1000, 1000));
        const ref = Array.from({ length: BUCKETS }, () => new RefBucket());
        for (const o of ops) {
          const b = real[o.bucket]!;
          const r = ref[o.bucket]!;
          if (o.kind === 'connection') {
            b.addConnection(o.gid, o.time, o.failed, o.ms);
            r.addConnection(o.gid, o.time, o.failed, o.ms);
          } else if (o.kind === 'count') {
            b.addCount(o.gid, o.n);
            r.addCount(o.gid, o.n);
          } else if (o.kind === 'firewall') {
            b.addFirewall(o.fw);
            r.firewall.set(o.fw, (r.firewall.get(o.fw) ?? 0) + 1);
          } else if (o.kind === 'sampled') {
            b.markSampled();
            r.sampled = true;
          } else if (o.kind === 'compact') b.compact();
          else if (o.from !== o.bucket) {
            b.merge(real[o.from]!, o.withLatency);
            r.merge(ref[o.from]!, o.withLatency);
          }
        }
        for (let i = 0; i < BUCKETS; i++) expect(cellsOf(real[i]!)).toEqual(refCellsOf(ref[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it('grows to many cells, keeping them in order of first write', () => {
    const b = new CountBucket(0, 1000);
    for (let gid = 0; gid < 20_000; gid++) b.addConnection(gid * 7, 5, gid % 3 === 0, gid % 5);
    for (let gid = 0; gid < 20_000; gid++) b.addCount(gid * 7, 1);
    expect(b.size).toBe(20_000);
    for (let i = 0; i < b.size; i++) {
      expect(b.gidAt(i)).toBe(i * 7);
      expect(b.countAt(i)).toBe(2);
      expect(b.firstFailureAt(i)).toBe(i % 3 === 0 ? 5 : NaN);
    }
  });

  it('takes late writes into a compacted bucket, to old cells and new ones', () => {
    const b = new CountBucket(0, 1000);
    b.addConnection(4, 100, true, 3);
    b.addConnection(9, 200, false, 3);
    b.compact();
    b.addConnection(9, 50, true, 4);
    b.addConnection(2, 300, true, undefined);
    b.addConnection(4, 400, true, 3);
    expect(cellsOf(b).cells.map((c) => [c.gid, c.count, c.first, c.last])).toEqual([
      [4, 2, 100, 400],
      [9, 2, 50, 50],
      [2, 1, 300, 300],
    ]);
  });

  it('keeps one duration as a value, up to MAX_FEW as pairs, and takes a sketch from the next distinct one', () => {
    const b = new CountBucket(0, 1000);
    for (let n = 0; n < 3; n++) b.addConnection(1, 0, false, 10);
    expect(b.sketchBinsAt(0)).toBe(0);
    for (let ms = 11; ms < 10 + MAX_FEW; ms++) b.addConnection(1, 0, false, ms);
    expect(b.sketchBinsAt(0)).toBe(0);
    b.addConnection(1, 0, false, 1000);
    expect(b.sketchBinsAt(0)).toBeGreaterThan(0);
    const latency = new DDSketch();
    b.addLatencyAt(0, latency);
    expect(latency.count).toBe(3 + MAX_FEW - 1 + 1);
    expect(latency.max).toBe(1000);
  });

  it('compacts its sketches with its columns, and a later write widens them again', () => {
    const bucket = new CountBucket(0, 60_000);
    const durations = Array.from({ length: 600 }, (_, i) => 5 + ((i * 7919) % 2951) / 10);
    for (const ms of durations) bucket.addConnection(7, 1, false, ms);
    const i = 0;
    const wide = bucket.sketchBinsAt(i);
    const before = new DDSketch();
    bucket.addLatencyAt(i, before);
    bucket.compact();
    // 5-300 ms at 1 %: the used range only (about 205 bins), no headroom.
    expect(bucket.sketchBinsAt(i)).toBeLessThan(wide);
    expect(bucket.sketchBinsAt(i)).toBeLessThan(210);
    const after = new DDSketch();
    bucket.addLatencyAt(i, after);
    for (const q of [0.5, 0.9, 0.99]) expect(after.quantile(q)).toBe(before.quantile(q));
    bucket.addConnection(7, 2, false, 1_000);
    const widened = new DDSketch();
    bucket.addLatencyAt(i, widened);
    expect(widened.count).toBe(601);
    expect(widened.max).toBe(1_000);
  });

  it('never gives two bucket states the same version', () => {
    const a = new CountBucket(0, 1000);
    const b = new CountBucket(0, 1000);
    const seen = new Set([a.version, b.version]);
    for (let i = 0; i < 50; i++) {
      (i % 2 === 0 ? a : b).addConnection(i, 0, false, undefined);
      seen.add(a.version).add(b.version);
    }
    expect(seen.size).toBe(52);
  });
});

/** Totals as a screen shows them: counts, first/last failures and percentiles. */
function visible(t: ConnectionTotals) {
  return {
    total: t.total,
    failed: t.failed,
    byStatus: [...t.byStatus],
    sketch: percentilesOf(t.sketch),
    rows: [...t.rows].map(([key, r]) => [
      key,
      r.attempts,
      r.failures,
      [...r.byStatus],
      r.firstFailureMs,
      r.lastFailureMs,
      percentilesOf(r.sketch),
    ]),
  };
}

describe('series points without their own durations', () => {
  it('sum to what points merged with their durations give', () => {
    const event = fc.record({
      second: fc.integer({ min: 0, max: 29 }),
      dist: fc.constantFrom('E1', 'E2', 'E3'),
      status: fc.constantFrom('Success', 'Failed:TcpTimeout'),
      ms: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 300 }), fc.constantFrom(1000, 5000, 10_000), fc.boolean(), (events, step, filtered) => {
        const groups = new GroupRegistry();
        const seconds = Array.from({ length: 30 }, (_, i) => new CountBucket(i * 1000, 1000));
        for (const e of events) {
          const gid = groups.gid(e.dist, null, e.status, e.status !== 'Success');
          seconds[e.second]!.addConnection(gid, e.second * 1000 + 1, e.status !== 'Success', e.ms);
        }
        const accept = filtered ? Array.from({ length: groups.size }, (_, gid) => groups.distribution[gid] !== 'E2') : null;
        const ctx = { groups, accept, sketch: {} };
        const points = new PointCache({}).points(seconds, step, '');
        const whole: CountBucket[] = [];
        for (let start = 0; start < 30_000; start += step) {
          const p = new CountBucket(start, step);
          for (const s of seconds) if (s.startMs >= start && s.startMs < start + step) p.merge(s);
          whole.push(p);
        }
        expect(visible(summarize(points, ctx, true, true, true))).toEqual(visible(summarize(whole, ctx, true, true, true)));
        points.forEach((p, i) =>
          expect(visible(summarize([p], ctx, true, true, true))).toEqual(visible(summarize([whole[i]!], ctx, true, true, true))),
        );
      }),
      { numRuns: 150 },
    );
  });
});
