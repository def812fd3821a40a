/**
 * How a store's window relates to time: the one place where the live monitor (a window
 * sliding with the clock) and `tlstop report` (the whole ingested span) differ. A store
 * gets one policy at construction (sliding-window.ts, whole-span.ts) and asks it instead
 * of branching on its mode.
 */
import type { Timeline } from './timeline.js';

/** The visible window of one frame: [startMs, nowMs], `durationMs` long. */
export interface FrameWindow {
  startMs: number;
  durationMs: number;
}

/** Attempts in the buckets of the last seconds, for a per-second rate. */
export interface RecentTotals {
  /** Attempts counted in those buckets. */
  total: number;
  /** Time those buckets cover, ms. */
  coveredMs: number;
}

/** A store's window strategy; see the module comment. */
export interface WindowPolicy {
  /** Where buckets and top-N slices live. */
  readonly timeline: Timeline;
  /** How long top tables may be reused while the query is the same (0: always recomputed). */
  readonly topsRefreshMs: number;
  /** The history events must fall in, reported with the too-old count; null when everything is kept. */
  readonly historyMs: number | null;
  /** One event arrived at `nowMs` (clock time): for events per second. */
  arrived(nowMs: number): void;
  /** The time the expiring-certificate list records an event of time `eventMs` as seen at. */
  seenAt(eventMs: number, nowMs: number): number;
  /** A source reported that the events it delivers around `t` are sampled. */
  markSampled(t: number, nowMs: number): void;
  /**
   * Pre-aggregated counts (Logs Insights, Athena) cover [startMs, endMs): a policy whose
   * window follows the data widens it to them (the sliding window follows the clock: absent).
   */
  aggregatesCover?(startMs: number, endMs: number): void;
  /** Start a frame: roll retention up to now and return the frame's time. */
  advance(): number;
  /** Data older than this is of no use to any frame at `nowMs` (Insights bins before it are dropped). */
  retainedFrom(nowMs: number): number;
  /** The window a frame at `nowMs` shows for a requested length. */
  window(nowMs: number, requestedMs: number): FrameWindow;
  /** The window just before `w`, for "vs previous"; null when there is none. */
  previous(w: FrameWindow): FrameWindow | null;
  /** Whether any source reported sampling for events in [startMs, nowMs]. */
  sampled(startMs: number, nowMs: number): boolean;
  /** Width of the top-N slices a window of this length reads (the step of text-filter series). */
  sliceFor(durationMs: number): number;
  /** Events per second for the header. */
  eventsPerSec(nowMs: number, w: FrameWindow): number;
  /** Attempts per second: `windowTotal` over the window, or what `recent(spanMs)` counts in the last `spanMs`. */
  attemptsPerSec(windowTotal: number, w: FrameWindow, recent: (spanMs: number) => RecentTotals): number;
  /**
   * A clock tick at `nowMs`, the latest input having arrived at `lastInputMs`, `settled`
   * when no change is ongoing in the change detector: is the view stale?
   */
  tick(nowMs: number, lastInputMs: number, settled: boolean): boolean;
  /** Some input arrived at `nowMs` (clock time). */
  inputAt?(nowMs: number): void;
  /** While the window slides in steps longer than a bucket (an idle monitor), their length; else null. */
  idleStepMs?(): number | null;
}
