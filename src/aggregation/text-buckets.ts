/**
 * Under a text filter, counts come from pseudo count buckets of text matches, one per
 * top-N slice (top-summary.ts `textBucket`). They are cached per slice while the slice
 * is the same object at the same version, so a frame re-estimates only changed slices.
 */
import type { CountBucket } from './count-bucket.js';
import { textBucket } from './top-summary.js';
import type { TopTables } from './top-tables.js';

/** Most cached buckets; beyond this the cache starts over. */
const MAX_ENTRIES = 4096;

/** Text-match buckets per (needle, slice); see the module comment. */
export class TextBucketCache {
  private readonly cache = new Map<string, { slice: TopTables; version: number; bucket: CountBucket }>();

  /** One pseudo count bucket of `needle`'s matches per slice. */
  buckets(slices: readonly TopTables[], needle: string): CountBucket[] {
    const out: CountBucket[] = [];
    for (const slice of slices) {
      const key = `${needle}|${slice.startMs}|${slice.widthMs}`;
      const hit = this.cache.get(key);
      if (hit !== undefined && hit.slice === slice && hit.version === slice.version) {
        out.push(hit.bucket);
        continue;
      }
      const bucket = textBucket(slice, needle);
      this.cache.set(key, { slice, version: slice.version, bucket });
      out.push(bucket);
    }
    if (this.cache.size > MAX_ENTRIES) this.cache.clear();
    return out;
  }

  /** Forget buckets of slices that ended before `ms`. */
  pruneBefore(ms: number): void {
    for (const [key, e] of this.cache) if (e.slice.startMs + e.slice.widthMs < ms) this.cache.delete(key);
  }
}
