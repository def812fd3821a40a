/**
 * Folding count buckets into connection totals, per-status counts, per-distribution
 * rows and latency sketches, for the groups a filter accepts. Pure.
 */
import { DDSketch, type DDSketchOptions } from './dd-sketch.js';
import type { CountBucket } from './count-bucket.js';
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

/** What to accept and how to build sketches. */
export interface SummaryContext {
  groups: GroupRegistry;
  /** Per gid acceptance; null accepts every group. */
  accept: ArrayLike<boolean> | null;
  sketch: DDSketchOptions;
}

/** Sum accepted cells of `buckets`; rows only when `withRows`, sketches only when `withSketch`. */
export function summarize(
  buckets: readonly CountBucket[],
  ctx: SummaryContext,
  withRows: boolean,
  withSketch = true,
): ConnectionTotals {
  const out: ConnectionTotals = { total: 0, failed: 0, byStatus: new Map(), sketch: null, rows: new Map() };
  const { groups, accept } = ctx;
  for (const b of buckets) {
    for (const [gid, cell] of b.cells) {
      if (accept !== null && !accept[gid]) continue;
      if (cell.count <= 0) continue;
      const failed = groups.failed[gid]!;
      const status = groups.status[gid]!;
      out.total += cell.count;
      if (failed) out.failed += cell.count;
      out.byStatus.set(status, (out.byStatus.get(status) ?? 0) + cell.count);
      if (withSketch && cell.sketch !== null) {
        if (out.sketch === null) out.sketch = new DDSketch(ctx.sketch);
        out.sketch.merge(cell.sketch);
      }
      if (!withRows) continue;
      const key = rowKeyOf(groups, gid);
      let row = out.rows.get(key);
      if (row === undefined) {
        row = {
          distributionId: groups.distribution[gid]!,
          tenantId: groups.tenant[gid] ?? null,
          attempts: 0,
          failures: 0,
          byStatus: new Map(),
          sketch: null,
          firstFailureMs: NaN,
          lastFailureMs: NaN,
        };
        out.rows.set(key, row);
      }
      row.attempts += cell.count;
      if (failed) row.failures += cell.count;
      row.byStatus.set(status, (row.byStatus.get(status) ?? 0) + cell.count);
      if (withSketch && cell.sketch !== null) {
        if (row.sketch === null) row.sketch = new DDSketch(ctx.sketch);
        row.sketch.merge(cell.sketch);
      }
      if (cell.firstFailureMs < row.firstFailureMs || Number.isNaN(row.firstFailureMs)) row.firstFailureMs = cell.firstFailureMs;
      if (cell.lastFailureMs > row.lastFailureMs || Number.isNaN(row.lastFailureMs)) row.lastFailureMs = cell.lastFailureMs;
    }
  }
  return out;
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
