/**
 * The live store's timeline, in three rings:
 * - fine count buckets (default 1 s) over the retention (default 15 min);
 * - top-N slices (default 10 s) over the same retention;
 * - coarse buckets (default 1 min) holding both, over the history (default 2 h),
 *   filled by rolling up fine buckets and slices as they leave the retention, and
 *   by events that arrive later than the retention.
 * Windows up to the retention read fine buckets; longer windows (1 h) read coarse
 * history for the part older than the retention. Memory is bounded by the number of
 * buckets times the per-bucket caps.
 */
import type { DDSketchOptions } from './dd-sketch.js';
import { CountBucket } from './count-bucket.js';
import { TimeRing } from './time-ring.js';
import { TopTables } from './top-tables.js';
import { statsOf, stepOf, type Timeline, type TimelineStats } from './timeline.js';

/** Sizes of a {@link SlidingTimeline}. */
export interface SlidingTimelineOptions {
  retentionMs: number;
  bucketMs: number;
  sliceMs: number;
  historyMs: number;
  coarseMs: number;
  topCapacity: number;
  maxPoints: number;
  sketch: DDSketchOptions;
}

/** One coarse history bucket: counts and top-N tables of one coarse span. */
export interface CoarseBucket {
  readonly startMs: number;
  counts: CountBucket;
  tops: TopTables;
}

/** Fine/slice/coarse rings; see the module comment. */
export class SlidingTimeline implements Timeline {
  private readonly fine: TimeRing<CountBucket>;
  private readonly slices: TimeRing<TopTables>;
  private readonly coarse: TimeRing<CoarseBucket>;
  /** The fine bucket made last. */
  private newestFine: CountBucket | null = null;
  /** The coarse bucket made last. */
  private newestCoarse: CoarseBucket | null = null;
  /** Time of the latest advance(); evictions roll into coarse relative to it. */
  private now = 0;

  constructor(private readonly o: SlidingTimelineOptions) {
    this.coarse = new TimeRing<CoarseBucket>(o.coarseMs, Math.ceil(o.historyMs / o.coarseMs), (start) => {
      // Fine buckets roll in minute by minute: the previous minute is (nearly) complete.
      this.newestCoarse?.counts.compact();
      return (this.newestCoarse = {
        startMs: start,
        counts: new CountBucket(start, o.coarseMs, o.sketch),
        tops: new TopTables(start, o.coarseMs, o.topCapacity),
      });
    });
    this.fine = new TimeRing<CountBucket>(
      o.bucketMs,
      Math.ceil(o.retentionMs / o.bucketMs),
      (start) => {
        // The previous second is (nearly) done being written: fit it (a late write reopens it).
        this.newestFine?.compact();
        return (this.newestFine = new CountBucket(start, o.bucketMs, o.sketch));
      },
      (evicted) => this.coarse.at(evicted.startMs, this.now)?.counts.merge(evicted),
    );
    this.slices = new TimeRing<TopTables>(
      o.sliceMs,
      Math.ceil(o.retentionMs / o.sliceMs),
      (start) => new TopTables(start, o.sliceMs, o.topCapacity),
      (evicted) => this.coarse.at(evicted.startMs, this.now)?.tops.merge(evicted),
    );
  }

  countsAt(t: number, nowMs: number): CountBucket | null {
    if (nowMs > this.now) this.now = nowMs;
    return this.fine.at(t, nowMs) ?? this.coarse.at(t, nowMs)?.counts ?? null;
  }

  topsAt(t: number, nowMs: number): TopTables | null {
    if (nowMs > this.now) this.now = nowMs;
    return this.slices.at(t, nowMs) ?? this.coarse.at(t, nowMs)?.tops ?? null;
  }

  advance(nowMs: number): void {
    if (nowMs > this.now) this.now = nowMs;
    this.fine.advance(nowMs);
    this.slices.advance(nowMs);
    this.coarse.advance(nowMs);
  }

  countsIn(startMs: number, endMs: number, nowMs: number): CountBucket[] {
    const fineStart = this.fine.oldestStart(nowMs);
    const older = startMs < fineStart ? this.coarse.overlapping(startMs, Math.min(endMs, fineStart)).map((c) => c.counts) : [];
    return older.concat(this.fine.overlapping(Math.max(startMs, fineStart), endMs));
  }

  topsIn(startMs: number, endMs: number, nowMs: number): TopTables[] {
    const sliceStart = this.slices.oldestStart(nowMs);
    const older = startMs < sliceStart ? this.coarse.overlapping(startMs, Math.min(endMs, sliceStart)).map((c) => c.tops) : [];
    return older.concat(this.slices.overlapping(Math.max(startMs, sliceStart), endMs));
  }

  stepFor(durationMs: number): number {
    return durationMs <= this.o.retentionMs
      ? stepOf(durationMs, this.o.bucketMs, this.o.maxPoints)
      : stepOf(durationMs, this.o.coarseMs, this.o.maxPoints);
  }

  /** Width of the top-N slices a window of this length reads. */
  sliceFor(durationMs: number): number {
    return durationMs <= this.o.retentionMs ? this.o.sliceMs : this.o.coarseMs;
  }

  stats(): TimelineStats {
    const coarse = this.coarse.all();
    return statsOf(this.fine.all().concat(coarse.map((c) => c.counts)), this.slices.all().concat(coarse.map((c) => c.tops)));
  }
}
