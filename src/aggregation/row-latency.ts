/**
 * Handshake sketches per distribution row. A window's row sketches merge, for every
 * bucket, one sketch per row instead of one per group cell: the per-bucket row sketches
 * are cached by bucket object, filter key and bucket version (as SummaryCache caches
 * totals), so a frame re-merges cells only in the buckets that changed since the last.
 * Only the rows asked for (the busiest, `maxLatencyRows`) are kept per bucket: a bucket
 * forgets rows that left the wanted set and computes the ones that entered it, so the
 * cache holds at most that many sketches per bucket, not one per row of the bucket, and
 * only for the buckets read lately (see KEEP_CALLS).
 * Consecutive buckets of one block of time (BLOCK_BUCKETS of them, aligned to their width)
 * are also merged once into a block sketch per row, kept while the block's buckets and
 * their sketches stay the same objects: a frame then merges one sketch per block instead
 * of one per bucket, and only the blocks at the window's two edges (the oldest, which
 * loses buckets as the window slides; the newest, whose bucket is still counting) again
 * bucket by bucket. At 5,000 events/s on a full 15-minute window the per-bucket merges
 * were an eighth of the monitor's busy time.
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

/** Buckets per block: a window of n buckets merges about n / BLOCK_BUCKETS + 2 * BLOCK_BUCKETS sketches per row. */
const BLOCK_BUCKETS = 8;

/** One block's merged row sketches, valid while its members are the same buckets with the same row sketches. */
interface Block {
  buckets: CountBucket[];
  members: Map<string, DDSketch | null>[];
  wanted: string;
  usedAt: number;
  merged: Map<string, DDSketch>;
}

/** Per-bucket row sketches of the wanted rows; see the module comment. */
export class RowLatencyCache {
  private readonly cache = new Map<CountBucket, Entry>();
  /** Block sketches by filter key, bucket width and block number. */
  private readonly blocks = new Map<string, Block>();
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
    for (const [k, block] of this.blocks) if (block.usedAt <= call - KEEP_CALLS) this.blocks.delete(k);
    // The set's order follows the rows' order, which changes with their counts: the key must not.
    const wantedKey = [...wanted].sort().join('\u0000');
    // Runs of buckets in one block: merged as their block sketch when it still holds.
    for (let i = 0; i < buckets.length;) {
      const first = buckets[i]!;
      const number = Math.floor(first.startMs / (first.widthMs * BLOCK_BUCKETS));
      let end = i + 1;
      while (
        end < buckets.length &&
        buckets[end]!.widthMs === first.widthMs &&
        Math.floor(buckets[end]!.startMs / (first.widthMs * BLOCK_BUCKETS)) === number
      )
        end++;
      const run = buckets.slice(i, end);
      const members = run.map((b) => this.of(b, ctx, key, wanted, rowKeys, call));
      i = end;
      if (run.length === 1) {
        addRows(out, members[0]!, ctx);
        continue;
      }
      const blockKey = `${key}\u0000${first.widthMs}\u0000${number}`;
      let block = this.blocks.get(blockKey);
      if (block === undefined || !sameBlock(block, run, members, wantedKey)) {
        const merged = new Map<string, DDSketch>();
        for (const rows of members) addRows(merged, rows, ctx);
        block = { buckets: run, members, wanted: wantedKey, usedAt: call, merged };
        this.blocks.set(blockKey, block);
      }
      block.usedAt = call;
      addRows(out, block.merged, ctx);
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

/** Whether a block sketch was merged from exactly these buckets, row sketches and wanted rows. */
function sameBlock(block: Block, run: readonly CountBucket[], members: readonly Map<string, DDSketch | null>[], wanted: string): boolean {
  if (block.wanted !== wanted || block.buckets.length !== run.length) return false;
  for (let i = 0; i < run.length; i++) if (block.buckets[i] !== run[i] || block.members[i] !== members[i]) return false;
  return true;
}

/** Merge each row's sketch in `rows` into that row's sum in `sums` (started empty). */
function addRows(sums: Map<string, DDSketch>, rows: ReadonlyMap<string, DDSketch | null>, ctx: SummaryContext): void {
  for (const [row, sketch] of rows) {
    if (sketch === null) continue;
    let sum = sums.get(row);
    if (sum === undefined) sums.set(row, (sum = new DDSketch(ctx.sketch)));
    sum.merge(sketch);
  }
}
