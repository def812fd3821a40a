/**
 * `tlstop report`'s window policy: no clock and no sliding window. Everything ingested
 * counts, in adaptive-width buckets (span-timeline.ts); the window is [first event, last
 * event], rates are over that span, and there is no previous window to compare with.
 */
import type { DDSketchOptions } from './dd-sketch.js';
import { SpanTimeline } from './span-timeline.js';
import type { ResolvedStoreOptions } from './store-options.js';
import type { FrameWindow, WindowPolicy } from './window-policy.js';

/** The whole ingested span; see the module comment. */
export class WholeSpan implements WindowPolicy {
  readonly timeline: SpanTimeline;
  readonly topsRefreshMs = 0;
  readonly historyMs = null;
  private events = 0;
  private sampledSeen = false;
  /** First and last time that pre-aggregated counts cover (NaN: none), for a report computed remotely. */
  private aggregateFirstMs = NaN;
  private aggregateLastMs = NaN;

  constructor(o: ResolvedStoreOptions, sketch: DDSketchOptions) {
    this.timeline = new SpanTimeline({
      bucketMs: o.bucketMs,
      maxBuckets: o.maxReportBuckets,
      topCapacity: o.topCapacity,
      maxPoints: o.maxSeriesPoints,
      sketch,
    });
  }

  arrived(): void {
    this.events++;
  }

  seenAt(eventMs: number): number {
    return eventMs;
  }

  markSampled(): void {
    this.sampledSeen = true;
  }

  aggregatesCover(startMs: number, endMs: number): void {
    if (!(endMs > startMs)) return;
    if (!(startMs >= this.aggregateFirstMs)) this.aggregateFirstMs = startMs;
    if (!(endMs - 1 <= this.aggregateLastMs)) this.aggregateLastMs = endMs - 1;
  }

  /** The frame's time is the latest event time, or the end of the aggregated counts (0 before either). */
  advance(): number {
    const lasts = [this.timeline.lastMs, this.aggregateLastMs].filter((t) => !Number.isNaN(t));
    return lasts.length === 0 ? 0 : Math.max(...lasts);
  }

  retainedFrom(): number {
    return -Infinity;
  }

  /** [first event or aggregated count, now]; the requested length is ignored. */
  window(nowMs: number): FrameWindow {
    const firsts = [this.timeline.firstMs, this.aggregateFirstMs].filter((t) => !Number.isNaN(t));
    const first = firsts.length === 0 ? 0 : Math.min(...firsts);
    return { startMs: first, durationMs: nowMs - first + 1 };
  }

  previous(): null {
    return null;
  }

  sampled(): boolean {
    return this.sampledSeen;
  }

  sliceFor(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  eventsPerSec(_nowMs: number, w: FrameWindow): number {
    return this.events / Math.max(1, w.durationMs / 1000);
  }

  attemptsPerSec(windowTotal: number, w: FrameWindow): number {
    return windowTotal / Math.max(1, w.durationMs / 1000);
  }

  tick(): boolean {
    return false;
  }
}
