/**
 * The report aggregator's timeline: no sliding window, everything ingested is kept.
 * Count buckets start at `bucketMs` wide; whenever there would be more than
 * `maxBuckets` of them, the width doubles and neighbours merge, so memory stays
 * bounded however long the span is. Top-N tables are one set for the whole span.
 */
import type { DDSketchOptions } from './dd-sketch.js';
import { CountBucket } from './count-bucket.js';
import { TopTables } from './top-tables.js';
import { statsOf, stepOf, type Timeline, type TimelineStats } from './timeline.js';

/** Sizes of a {@link SpanTimeline}. */
export interface SpanTimelineOptions {
  bucketMs: number;
  maxBuckets: number;
  topCapacity: number;
  maxPoints: number;
  sketch: DDSketchOptions;
}

/** Adaptive-width buckets over the whole ingested span. */
export class SpanTimeline implements Timeline {
  private width: number;
  private buckets = new Map<number, CountBucket>();
  private readonly tops: TopTables;
  /** Earliest and latest event time seen (NaN before the first). */
  firstMs = NaN;
  lastMs = NaN;

  constructor(private readonly o: SpanTimelineOptions) {
    this.width = o.bucketMs;
    this.tops = new TopTables(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER * 2, o.topCapacity);
  }

  /** Current bucket width. */
  get bucketWidthMs(): number {
    return this.width;
  }

  countsAt(t: number): CountBucket | null {
    if (!Number.isFinite(t)) return null;
    if (!(t >= this.firstMs)) this.firstMs = t;
    if (!(t <= this.lastMs)) this.lastMs = t;
    const start = Math.floor(t / this.width) * this.width;
    let b = this.buckets.get(start);
    if (b === undefined) {
      if (this.buckets.size >= this.o.maxBuckets) {
        this.coarsen();
        return this.countsAt(t);
      }
      b = new CountBucket(start, this.width, this.o.sketch);
      this.buckets.set(start, b);
    }
    return b;
  }

  topsAt(): TopTables {
    return this.tops;
  }

  advance(): void {}

  countsIn(startMs: number, endMs: number): CountBucket[] {
    const out: CountBucket[] = [];
    for (const b of this.buckets.values()) if (b.startMs + b.widthMs > startMs && b.startMs < endMs) out.push(b);
    return out.sort((a, b) => a.startMs - b.startMs);
  }

  topsIn(): TopTables[] {
    return [this.tops];
  }

  stepFor(durationMs: number): number {
    return stepOf(durationMs, this.width, this.o.maxPoints);
  }

  stats(): TimelineStats {
    return statsOf([...this.buckets.values()], [this.tops]);
  }

  private coarsen(): void {
    this.width *= 2;
    const merged = new Map<number, CountBucket>();
    for (const b of this.buckets.values()) {
      const start = Math.floor(b.startMs / this.width) * this.width;
      let m = merged.get(start);
      if (m === undefined) merged.set(start, (m = new CountBucket(start, this.width, this.o.sketch)));
      m.merge(b);
    }
    this.buckets = merged;
  }
}
