/**
 * Handshake sketches per distribution row. A window's row sketches merge, for every
 * bucket, one sketch per row instead of one per group cell: the per-bucket row sketches
 * are cached by bucket object, filter key and bucket version (as SummaryCache caches
 * totals), so a frame re-merges cells only in the buckets that changed since the last.
 * Only the rows asked for (the busiest, `maxLatencyRows`) are kept per bucket: a bucket
 * forgets rows that left the wanted set and computes the ones that entered it, so the
 * cache holds at most that many sketches per bucket, not one per row of the bucket, and
 * only for the buckets read lately (see KEEP_CALLS).
 * Sketch bins are counts, so the merged sketches are the ones merging every cell gives.
 */
import { rowSketches, type SummaryContext } from './connection-summary.js';
import type { CountBucket } from './count-bucket.js';
import { DDSketch } from './dd-sketch.js';

interface Entry {
  key: string;
  version: number;
  /** The call that read this entry last. */
  usedAt: number;
  /** Per wanted row its sketch in this bucket; null when the bucket has no latency for it. */
  rows: Map<string, DDSketch | null>;
}

/**
 * Entries not read in this many last calls are dropped: a frame reads two sets of buckets
 * (the window's points, the last minute's buckets) per query, and a few queries are live.
 * Without it, a bucket that left the last minute would keep its row sketches as long as
 * the bucket lives (the whole window).
 */
const KEEP_CALLS = 8;

/** Per-bucket row sketches of the wanted rows; see the module comment. */
export class RowLatencyCache {
  private readonly cache = new Map<CountBucket, Entry>();
  private calls = 0;

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
    const call = ++this.calls;
    for (const [b, e] of this.cache) if (e.usedAt <= call - KEEP_CALLS) this.cache.delete(b);
    for (const b of buckets) {
      for (const [row, sketch] of this.of(b, ctx, key, wanted, rowKeys, call)) {
        if (sketch === null) continue;
        let into = out.get(row);
        if (into === undefined) out.set(row, (into = new DDSketch(ctx.sketch)));
        into.merge(sketch);
      }
    }
    return out;
  }

  private of(
    bucket: CountBucket,
    ctx: SummaryContext,
    key: string,
    wanted: ReadonlySet<string>,
    rowKeys: (gid: number) => string,
    call: number,
  ): Map<string, DDSketch | null> {
    let hit = this.cache.get(bucket);
    if (hit === undefined || hit.key !== key || hit.version !== bucket.version) {
      hit = { key, version: bucket.version, usedAt: call, rows: new Map() };
      this.cache.set(bucket, hit);
    }
    hit.usedAt = call;
    const rows = hit.rows;
    for (const row of rows.keys()) if (!wanted.has(row)) rows.delete(row);
    // What is left is a subset of `wanted`: equal sizes mean nothing is missing.
    if (rows.size < wanted.size) {
      const missing = new Set<string>();
      for (const row of wanted) if (!rows.has(row)) missing.add(row);
      const found = rowSketches([bucket], ctx, missing, rowKeys);
      for (const row of missing) rows.set(row, found.get(row) ?? null);
    }
    return rows;
  }
}
