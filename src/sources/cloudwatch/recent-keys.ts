/**
 * Bounded de-duplication of events that can be delivered twice: overlapping poll
 * windows, the seam between a backfill and a Live Tail session. Keys are grouped in
 * time buckets by event timestamp so whole buckets are dropped once no later read can
 * return them; a hard cap on the key count keeps memory bounded even when the clock
 * or the data misbehave.
 *
 * Each key counts how many copies were delivered, and each read (a "feed": one poll
 * window, one backfill, one Live Tail session) counts its own copies: a copy is new
 * only when its feed has seen the key more often than was delivered. So two genuinely
 * identical events in one feed both pass, and a feed replaying what another delivered
 * passes nothing. Feeds must not interleave on the same key.
 */

interface Entry {
  delivered: number;
  feed: number;
  feedCount: number;
}

/** Time-bucketed, size-capped duplicate filter. */
export class RecentKeys {
  private readonly buckets = new Map<number, Map<string, Entry>>();
  private count = 0;

  constructor(
    private readonly bucketMs = 10_000,
    private readonly maxKeys = 100_000,
  ) {}

  /** True when this copy of `key` is new and must be delivered. */
  admit(key: string, timestampMs: number, feed: number): boolean {
    const bucketId = Math.floor((Number.isFinite(timestampMs) ? timestampMs : 0) / this.bucketMs);
    let bucket = this.buckets.get(bucketId);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(bucketId, bucket);
    }
    const entry = bucket.get(key);
    if (!entry) {
      bucket.set(key, { delivered: 1, feed, feedCount: 1 });
      this.count++;
      if (this.count > this.maxKeys) this.evictOldest();
      return true;
    }
    if (entry.feed !== feed) {
      entry.feed = feed;
      entry.feedCount = 0;
    }
    entry.feedCount++;
    if (entry.feedCount > entry.delivered) {
      entry.delivered = entry.feedCount;
      return true;
    }
    return false;
  }

  /** Forget keys of events older than `timestampMs` (no later read can return them). */
  forgetBefore(timestampMs: number): void {
    const limit = Math.floor(timestampMs / this.bucketMs);
    for (const [id, bucket] of this.buckets) {
      if (id < limit) {
        this.count -= bucket.size;
        this.buckets.delete(id);
      }
    }
  }

  /** Keys held (for tests and memory checks). */
  get size(): number {
    return this.count;
  }

  private evictOldest(): void {
    let oldest: number | undefined;
    for (const id of this.buckets.keys()) if (oldest === undefined || id < oldest) oldest = id;
    if (oldest === undefined) return;
    const bucket = this.buckets.get(oldest)!;
    if (bucket.size > 1 || this.buckets.size > 1) {
      this.count -= bucket.size;
      this.buckets.delete(oldest);
    }
  }
}
