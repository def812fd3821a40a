/**
 * Folding count buckets into connection totals, per-status counts, per-distribution
 * rows and latency sketches, for the groups a filter accepts. Pure.
 */
import { DDSketch, type DDSketchOptions } from './dd-sketch.js';
import { latencyHolders, type CountBucket } from './count-bucket.js';
import type { GroupRegistry } from './group-registry.js';
import type { Percentiles } from './types.js';

/** Running totals of one distribution (and tenant). */
export interface RowTotals {
  distributionId: string;
  tenantId: string | null;
  attempts: number;
  failures: number;
  byStatus: Map<string, number>;
  sketch: DDSketch | null;
  firstFailureMs: number;
  lastFailureMs: number;
}

/** Totals over a set of buckets. */
export interface ConnectionTotals {
  total: number;
  failed: number;
  byStatus: Map<string, number>;
  sketch: DDSketch | null;
  rows: Map<string, RowTotals>;
}

/** Row key of a group: distribution and tenant. */
export function rowKeyOf(groups: GroupRegistry, gid: number): string {
  return `${groups.distribution[gid]!}\u0001${groups.tenant[gid] ?? ''}`;
}

/** A row of group `gid`'s distribution and tenant with nothing counted yet. */
function emptyRow(groups: GroupRegistry, gid: number): RowTotals {
  return {
    distributionId: groups.distribution[gid]!,
    tenantId: groups.tenant[gid] ?? null,
    attempts: 0,
    failures: 0,
    byStatus: new Map(),
    sketch: null,
    firstFailureMs: NaN,
    lastFailureMs: NaN,
  };
}

/** What to accept and how to build sketches. */
export interface SummaryContext {
  groups: GroupRegistry;
  /** Per gid acceptance; null accepts every group. */
  accept: ArrayLike<boolean> | null;
  sketch: DDSketchOptions;
}

/**
 * Sum accepted cells of `buckets`: rows only when `withRows`, the overall sketch only
 * when `withSketch`, per-row sketches only when `withRowSketch` (see rowSketches()
 * for the bounded way to get those).
 */
export function summarize(
  buckets: readonly CountBucket[],
  ctx: SummaryContext,
  withRows: boolean,
  withSketch = true,
  withRowSketch = false,
): ConnectionTotals {
  const out: ConnectionTotals = { total: 0, failed: 0, byStatus: new Map(), sketch: null, rows: new Map() };
  const { groups, accept } = ctx;
  for (const b of buckets) {
    const own = b.latencyFrom === null;
    for (let i = 0; i < b.size; i++) {
      const gid = b.gidAt(i);
      if (accept !== null && !accept[gid]) continue;
      const count = b.countAt(i);
      if (count <= 0) continue;
      const failed = groups.failed[gid]!;
      const status = groups.status[gid]!;
      out.total += count;
      if (failed) out.failed += count;
      out.byStatus.set(status, (out.byStatus.get(status) ?? 0) + count);
      if (withSketch && own && b.hasLatencyAt(i)) {
        if (out.sketch === null) out.sketch = new DDSketch(ctx.sketch);
        b.addLatencyAt(i, out.sketch);
      }
      if (!withRows) continue;
      const key = rowKeyOf(groups, gid);
      let row = out.rows.get(key);
      if (row === undefined) {
        row = emptyRow(groups, gid);
        out.rows.set(key, row);
      }
      row.attempts += count;
      if (failed) row.failures += count;
      row.byStatus.set(status, (row.byStatus.get(status) ?? 0) + count);
      if (withRowSketch && own && b.hasLatencyAt(i)) {
        if (row.sketch === null) row.sketch = new DDSketch(ctx.sketch);
        b.addLatencyAt(i, row.sketch);
      }
      const first = b.firstFailureAt(i);
      const last = b.lastFailureAt(i);
      if (first < row.firstFailureMs || Number.isNaN(row.firstFailureMs)) row.firstFailureMs = first;
      if (last > row.lastFailureMs || Number.isNaN(row.lastFailureMs)) row.lastFailureMs = last;
    }
    if (!own && (withSketch || (withRows && withRowSketch)))
      addHeldLatency(out, b.latencyFrom!, ctx, withSketch, withRows && withRowSketch);
  }
  return out;
}

/**
 * Add the durations of a merged point, held by the buckets it was merged from
 * (`holders`), to the overall sketch and to the rows (which the point's counts made).
 * Sketch bins are counts, so the sketches are the ones the point's own cells would give.
 */
function addHeldLatency(
  out: ConnectionTotals,
  holders: readonly CountBucket[],
  ctx: SummaryContext,
  withSketch: boolean,
  withRowSketch: boolean,
): void {
  const { groups, accept } = ctx;
  for (const h of holders) {
    for (let i = 0; i < h.size; i++) {
      const gid = h.gidAt(i);
      if (!h.hasLatencyAt(i) || h.countAt(i) <= 0 || (accept !== null && !accept[gid])) continue;
      if (withSketch) {
        if (out.sketch === null) out.sketch = new DDSketch(ctx.sketch);
        h.addLatencyAt(i, out.sketch);
      }
      const row = withRowSketch ? out.rows.get(rowKeyOf(groups, gid)) : undefined;
      if (row !== undefined) {
        if (row.sketch === null) row.sketch = new DDSketch(ctx.sketch);
        h.addLatencyAt(i, row.sketch);
      }
    }
  }
}

/** Latency percentiles of a sketch (null fields when empty). */
export function percentilesOf(sketch: DDSketch | null): Percentiles {
  if (sketch === null || sketch.count === 0) return { p50: null, p90: null, p99: null, max: null, count: 0 };
  return {
    p50: sketch.quantile(0.5),
    p90: sketch.quantile(0.9),
    p99: sketch.quantile(0.99),
    max: sketch.max,
    count: sketch.count,
  };
}

/** The most frequent failure status of a per-status map, without the `Failed:` prefix. */
export function topFailureCode(byStatus: Map<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [status, n] of byStatus) {
    if (status === 'Success' || n <= bestCount) continue;
    best = status;
    bestCount = n;
  }
  if (best === null) return null;
  return best.startsWith('Failed:') ? best.slice('Failed:'.length) : best;
}

/** failures / attempts, 0 when there were no attempts. */
export function rate(failures: number, attempts: number): number {
  return attempts > 0 ? failures / attempts : 0;
}

/** Add `from` into `into` (sketches copied into fresh ones, never shared). */
export function addTotals(
  into: ConnectionTotals,
  from: ConnectionTotals,
  sketch: DDSketchOptions,
  withRows: boolean,
  withSketch: boolean,
): void {
  into.total += from.total;
  into.failed += from.failed;
  for (const [s, n] of from.byStatus) into.byStatus.set(s, (into.byStatus.get(s) ?? 0) + n);
  if (withSketch && from.sketch !== null) {
    if (into.sketch === null) into.sketch = new DDSketch(sketch);
    into.sketch.merge(from.sketch);
  }
  if (!withRows) return;
  for (const [key, r] of from.rows) {
    let row = into.rows.get(key);
    if (row === undefined) {
      row = { ...r, attempts: 0, failures: 0, byStatus: new Map(), sketch: null, firstFailureMs: NaN, lastFailureMs: NaN };
      into.rows.set(key, row);
    }
    row.attempts += r.attempts;
    row.failures += r.failures;
    for (const [s, n] of r.byStatus) row.byStatus.set(s, (row.byStatus.get(s) ?? 0) + n);
    if (r.sketch !== null) {
      if (row.sketch === null) row.sketch = new DDSketch(sketch);
      row.sketch.merge(r.sketch);
    }
    if (r.firstFailureMs < row.firstFailureMs || Number.isNaN(row.firstFailureMs)) row.firstFailureMs = r.firstFailureMs;
    if (r.lastFailureMs > row.lastFailureMs || Number.isNaN(row.lastFailureMs)) row.lastFailureMs = r.lastFailureMs;
  }
}

/**
 * Per-bucket summaries cached by bucket object, filter key and bucket version, so a
 * snapshot re-summarises only buckets that changed since the last one and merges one
 * sketch per bucket instead of one per group cell. Only the bucket's totals, per-status
 * counts and sketch are cached, not its rows: per-row summaries of every bucket of a
 * window cost as much memory as the buckets themselves (each row with its own status
 * map), so rows are summed from the cells, per group id in typed arrays (see
 * {@link RowSums}), once per call.
 */
export class SummaryCache {
  private readonly cache = new WeakMap<CountBucket, { key: string; version: number; totals: ConnectionTotals }>();
  private readonly rowSums = new RowSums();

  /** The (cached) summary of one bucket without rows (`rows` is empty); treat as read-only. */
  of(bucket: CountBucket, ctx: SummaryContext, key: string): ConnectionTotals {
    const hit = this.cache.get(bucket);
    if (hit !== undefined && hit.key === key && hit.version === bucket.version) return hit.totals;
    const totals = summarize([bucket], ctx, false, true);
    this.cache.set(bucket, { key, version: bucket.version, totals });
    return totals;
  }

  /** Summary of several buckets from their cached summaries, rows (when `withRows`) from their cells. */
  sum(buckets: readonly CountBucket[], ctx: SummaryContext, key: string, withRows: boolean, withSketch = true): ConnectionTotals {
    const out: ConnectionTotals = { total: 0, failed: 0, byStatus: new Map(), sketch: null, rows: new Map() };
    for (const b of buckets) addTotals(out, this.of(b, ctx, key), ctx.sketch, false, withSketch);
    if (withRows) out.rows = this.rowSums.rows(buckets, ctx);
    return out;
  }
}

/**
 * Per-row totals of buckets, summed per group id into reused typed arrays and turned into
 * rows at the end. The rows, their order (first appearance over the buckets' cells, in
 * order) and their per-status order are those summarize() gives; counts are summed per
 * group first, which for whole counts is the same sum.
 */
export class RowSums {
  private count = new Float64Array(0);
  private firstFailure = new Float64Array(0);
  private lastFailure = new Float64Array(0);
  /** Groups touched by the current call, in first-touch order. */
  private order = new Int32Array(0);
  private touched = new Uint8Array(0);
  /** Row key per gid (a group's labels never change once interned). */
  private readonly keys: string[] = [];

  /** The rows of `buckets` for the groups `ctx` accepts (no row sketches). */
  rows(buckets: readonly CountBucket[], ctx: SummaryContext): Map<string, RowTotals> {
    const { groups, accept } = ctx;
    this.ensure(groups.size);
    const { count, firstFailure, lastFailure, order, touched } = this;
    let n = 0;
    for (const b of buckets) {
      for (let i = 0; i < b.size; i++) {
        const gid = b.gidAt(i);
        if (accept !== null && !accept[gid]) continue;
        const c = b.countAt(i);
        if (c <= 0) continue;
        if (touched[gid] === 0) {
          touched[gid] = 1;
          order[n++] = gid;
          count[gid] = 0;
          firstFailure[gid] = NaN;
          lastFailure[gid] = NaN;
        }
        count[gid]! += c;
        const first = b.firstFailureAt(i);
        const last = b.lastFailureAt(i);
        if (first < firstFailure[gid]! || Number.isNaN(firstFailure[gid]!)) firstFailure[gid] = first;
        if (last > lastFailure[gid]! || Number.isNaN(lastFailure[gid]!)) lastFailure[gid] = last;
      }
    }
    const rows = new Map<string, RowTotals>();
    for (let i = 0; i < n; i++) {
      const gid = order[i]!;
      touched[gid] = 0;
      const key = (this.keys[gid] ??= rowKeyOf(groups, gid));
      let row = rows.get(key);
      if (row === undefined) {
        row = emptyRow(groups, gid);
        rows.set(key, row);
      }
      const c = count[gid]!;
      const status = groups.status[gid]!;
      row.attempts += c;
      if (groups.failed[gid]) row.failures += c;
      row.byStatus.set(status, (row.byStatus.get(status) ?? 0) + c);
      if (firstFailure[gid]! < row.firstFailureMs || Number.isNaN(row.firstFailureMs)) row.firstFailureMs = firstFailure[gid]!;
      if (lastFailure[gid]! > row.lastFailureMs || Number.isNaN(row.lastFailureMs)) row.lastFailureMs = lastFailure[gid]!;
    }
    return rows;
  }

  private ensure(size: number): void {
    if (this.count.length >= size) return;
    const n = Math.max(size, this.count.length * 2, 64);
    this.count = new Float64Array(n);
    this.firstFailure = new Float64Array(n);
    this.lastFailure = new Float64Array(n);
    this.order = new Int32Array(n);
    this.touched = new Uint8Array(n);
  }
}

/**
 * Handshake sketches of the rows in `wanted` (row keys; null: every row), merged from
 * the accepted cells of `buckets`. Rows outside `wanted` get none: with thousands of
 * distributions, latency is computed for the busiest rows only.
 */
export function rowSketches(
  buckets: readonly CountBucket[],
  ctx: SummaryContext,
  wanted: ReadonlySet<string> | null,
  rowKeys: (gid: number) => string,
): Map<string, DDSketch> {
  const out = new Map<string, DDSketch>();
  if (wanted !== null && wanted.size === 0) return out;
  const { accept } = ctx;
  for (const b of latencyHolders(buckets)) {
    for (let i = 0; i < b.size; i++) {
      const gid = b.gidAt(i);
      if (!b.hasLatencyAt(i) || (accept !== null && !accept[gid])) continue;
      const key = rowKeys(gid);
      if (wanted !== null && !wanted.has(key)) continue;
      let sk = out.get(key);
      if (sk === undefined) out.set(key, (sk = new DDSketch(ctx.sketch)));
      b.addLatencyAt(i, sk);
    }
  }
  return out;
}
