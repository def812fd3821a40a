/**
 * The live monitor's window policy: the window ends at the clock and slides with it,
 * over per-second buckets rolled into per-minute history (sliding-timeline.ts). Rates
 * are over the last seconds, and a window is compared with the one just before it.
 */
import { ArrivalRate } from './arrival-rate.js';
import type { DDSketchOptions } from './dd-sketch.js';
import { SlidingTimeline } from './sliding-timeline.js';
import type { ResolvedStoreOptions } from './store-options.js';
import type { FrameWindow, RecentTotals, WindowPolicy } from './window-policy.js';

/** Rates (attempts/s, events/s) are over this many last milliseconds. */
const RATE_SPAN_MS = 10_000;
/**
 * After this long without input (and with no change ongoing) the window slides in steps
 * of one top-N slice (10 s) instead of every second: each slide re-merges the whole
 * window's summaries and redraws the frame, which is most of an idle monitor's CPU.
 * Longer than a CloudWatch poll's longest interval (10 s), so a polled source with
 * traffic does not flip between the two modes, and than the detector's clock allowance
 * (10 s), so every second that held data has been analysed before the steps start.
 */
export const IDLE_STEP_AFTER_MS = 15_000;

/** A window sliding with the clock; see the module comment. */
export class SlidingWindow implements WindowPolicy {
  readonly timeline: SlidingTimeline;
  readonly topsRefreshMs: number;
  readonly historyMs: number;
  private readonly arrivals = new ArrivalRate(RATE_SPAN_MS / 1000);
  private readonly bucketMs: number;
  private readonly defaultMs: number;
  private readonly sliceMs: number;
  private lastTickBucket = NaN;
  private lastTickSlice = NaN;
  /** Sliding in slice steps (idle); see IDLE_STEP_AFTER_MS. */
  private stepping = false;

  constructor(
    private readonly clock: () => number,
    o: ResolvedStoreOptions,
    sketch: DDSketchOptions,
  ) {
    this.timeline = new SlidingTimeline({
      retentionMs: o.windowMs,
      bucketMs: o.bucketMs,
      sliceMs: o.sliceMs,
      historyMs: o.historyMs,
      coarseMs: o.coarseBucketMs,
      topCapacity: o.topCapacity,
      maxPoints: o.maxSeriesPoints,
      sketch,
    });
    this.topsRefreshMs = o.topsRefreshMs;
    this.historyMs = o.historyMs;
    this.bucketMs = o.bucketMs;
    this.sliceMs = o.sliceMs;
    this.defaultMs = Math.min(o.initialWindowMs, o.historyMs);
  }

  arrived(nowMs: number): void {
    this.arrivals.add(nowMs);
  }

  /** Any input (event, malformed line, exclusion, sampling, aggregates): slide every second again. */
  inputAt(_nowMs: number): void {
    this.stepping = false;
  }

  idleStepMs(): number | null {
    return this.stepping ? this.sliceMs : null;
  }

  seenAt(_eventMs: number, nowMs: number): number {
    return nowMs;
  }

  markSampled(t: number, nowMs: number): void {
    this.timeline.countsAt(t, nowMs)?.markSampled();
  }

  advance(): number {
    const now = this.clock();
    this.lastTickBucket = Math.floor(now / this.bucketMs);
    this.timeline.advance(now);
    return now;
  }

  retainedFrom(nowMs: number): number {
    return nowMs - this.historyMs;
  }

  /** Lengths are clamped to [bucketMs, history]; a non-finite one means the starting window. */
  window(nowMs: number, requestedMs: number): FrameWindow {
    const durationMs = Number.isFinite(requestedMs)
      ? Math.min(Math.max(Math.floor(requestedMs), this.bucketMs), this.historyMs)
      : this.defaultMs;
    return { startMs: nowMs - durationMs, durationMs };
  }

  previous(w: FrameWindow): FrameWindow {
    return { startMs: w.startMs - w.durationMs, durationMs: w.durationMs };
  }

  sampled(startMs: number, nowMs: number): boolean {
    return this.timeline.countsIn(startMs, nowMs + 1, nowMs).some((b) => b.sampled);
  }

  sliceFor(durationMs: number): number {
    return this.timeline.sliceFor(durationMs);
  }

  eventsPerSec(nowMs: number): number {
    return this.arrivals.perSecond(nowMs);
  }

  attemptsPerSec(_windowTotal: number, _w: FrameWindow, recent: (spanMs: number) => RecentTotals): number {
    const r = recent(RATE_SPAN_MS);
    return r.total / (Math.max(RATE_SPAN_MS, r.coveredMs) / 1000);
  }

  /**
   * Stale when the clock entered a new bucket while some input is still inside the history
   * (and the rates); while idle (no input for IDLE_STEP_AFTER_MS and `settled`: no change
   * ongoing in the detector) only when it entered a new slice, and once on entering or
   * leaving that mode so the frame says which one it is in.
   */
  tick(nowMs: number, lastInputMs: number, settled = true): boolean {
    const bucket = Math.floor(nowMs / this.bucketMs);
    if (bucket === this.lastTickBucket) return false;
    this.lastTickBucket = bucket;
    const slice = Math.floor(nowMs / this.sliceMs);
    const newSlice = slice !== this.lastTickSlice;
    this.lastTickSlice = slice;
    // An idle monitor publishes nothing: once every input has aged out of the history
    // (and of the rates), sliding the window can no longer change what is shown.
    if (nowMs - lastInputMs > this.historyMs + 2 * this.bucketMs) return false;
    const stepping = settled && nowMs - lastInputMs > IDLE_STEP_AFTER_MS;
    if (stepping !== this.stepping) {
      this.stepping = stepping;
      return true;
    }
    return !stepping || newSlice;
  }
}
