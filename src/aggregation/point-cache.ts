/**
 * Series points: count buckets grouped by step-aligned start and merged. Merged points
 * are cached and reused while the buckets behind them are the same objects at the
 * same versions, so a snapshot of a 15-minute window merges only the points that
 * changed since the last one (usually just the newest). A merged point holds counts and
 * failure times, not handshake durations: those stay in the buckets it was merged from
 * (CountBucket.latencyFrom), which the window holds anyway.
 */
import { CountBucket, latencyHolders } from './count-bucket.js';
import type { DDSketchOptions } from './dd-sketch.js';

interface Entry {
  refs: CountBucket[];
  versions: number[];
  merged: CountBucket;
  usedAt: number;
}

/** Cache of merged points; bounded (least recently used entries go first). */
export class PointCache {
  private readonly entries = new Map<string, Entry>();
  private tick = 0;

  constructor(
    private readonly sketch: DDSketchOptions,
    private readonly maxEntries = 1024,
  ) {}

  /** Group `buckets` into points of `stepMs` (keyed also by `tag`), oldest first. */
  points(buckets: readonly CountBucket[], stepMs: number, tag: string): CountBucket[] {
    this.tick++;
    const groups = new Map<number, CountBucket[]>();
    for (const b of buckets) {
      const start = Math.floor(b.startMs / stepMs) * stepMs;
      const list = groups.get(start);
      if (list === undefined) groups.set(start, [b]);
      else list.push(b);
    }
    const out: CountBucket[] = [];
    for (const [start, list] of groups) out.push(this.point(start, stepMs, list, tag));
    if (this.entries.size > this.maxEntries) this.evict();
    return out.sort((a, b) => a.startMs - b.startMs);
  }

  /** Forget points that start before `ms` (they left every window a snapshot reads). */
  pruneBefore(ms: number): void {
    for (const [key, e] of this.entries) if (e.merged.startMs < ms) this.entries.delete(key);
  }

  private point(start: number, stepMs: number, list: CountBucket[], tag: string): CountBucket {
    if (list.length === 1 && list[0]!.startMs === start && list[0]!.widthMs === stepMs) return list[0]!;
    const key = `${tag}|${stepMs}|${start}`;
    const hit = this.entries.get(key);
    if (hit !== undefined && sameBuckets(hit, list)) {
      hit.usedAt = this.tick;
      return hit.merged;
    }
    const merged = new CountBucket(start, stepMs, this.sketch);
    for (const b of list) merged.merge(b, false);
    merged.latencyFrom = latencyHolders(list);
    merged.compact();
    this.entries.set(key, { refs: list, versions: list.map((b) => b.version), merged, usedAt: this.tick });
    return merged;
  }

  private evict(): void {
    const sorted = [...this.entries].sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [key] of sorted.slice(0, sorted.length - this.maxEntries / 2)) this.entries.delete(key);
  }
}

function sameBuckets(e: Entry, list: CountBucket[]): boolean {
  if (e.refs.length !== list.length) return false;
  for (let i = 0; i < list.length; i++) {
    if (e.refs[i] !== list[i] || e.versions[i] !== list[i]!.version) return false;
  }
  return true;
}
