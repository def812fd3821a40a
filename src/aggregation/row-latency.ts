/**
 * Handshake sketches per distribution row. A window's row sketches merge, for every
 * bucket, one sketch per row instead of one per group cell: the per-bucket row sketches
 * are cached by bucket object, filter key and bucket version (as SummaryCache caches
 * totals), so a frame re-merges cells only in the buckets that changed since the last.
 * Sketch bins are counts, so the merged sketches are the ones merging every cell gives.
 */
import { rowSketches, type SummaryContext } from './connection-summary.js';
import type { CountBucket } from './count-bucket.js';
import { DDSketch } from './dd-sketch.js';

/** Per-bucket row sketches; see the module comment. */
export class RowLatencyCache {
  private readonly cache = new WeakMap<CountBucket, { key: string; version: number; rows: Map<string, DDSketch> }>();

  /**
   * Sketches of the rows in `wanted`, over `buckets`, for the groups `ctx` accepts (the
   * result of rowSketches() over the same buckets). `key` names what `ctx.accept`
   * accepts; it must change whenever that does for the same buckets.
   */
  rows(
    buckets: readonly CountBucket[],
    ctx: SummaryContext,
    key: string,
    wanted: ReadonlySet<string>,
    rowKeys: (gid: number) => string,
  ): Map<string, DDSketch> {
    const out = new Map<string, DDSketch>();
    if (wanted.size === 0) return out;
    for (const b of buckets) {
      for (const [row, sketch] of this.of(b, ctx, key, rowKeys)) {
        if (!wanted.has(row)) continue;
        let into = out.get(row);
        if (into === undefined) out.set(row, (into = new DDSketch(ctx.sketch)));
        into.merge(sketch);
      }
    }
    return out;
  }

  private of(bucket: CountBucket, ctx: SummaryContext, key: string, rowKeys: (gid: number) => string): Map<string, DDSketch> {
    const hit = this.cache.get(bucket);
    if (hit !== undefined && hit.key === key && hit.version === bucket.version) return hit.rows;
    const rows = rowSketches([bucket], ctx, null, rowKeys);
    this.cache.set(bucket, { key, version: bucket.version, rows });
    return rows;
  }
}
