/**
 * Where buckets live over time. A store writes through a Timeline and reads ranges
 * back from it; its window policy (window-policy.ts) owns one: sliding (live) or
 * whole-span (report).
 */
import type { CountBucket } from './count-bucket.js';
import type { TopTables } from './top-tables.js';

/** Bucket storage strategy of a store. */
export interface Timeline {
  /** The count bucket to write an event at time t into; null when t is too old. */
  countsAt(t: number, nowMs: number): CountBucket | null;
  /** The top-N slice to write an event at time t into; null when t is too old. */
  topsAt(t: number, nowMs: number): TopTables | null;
  /** Drop (or roll up) what fell out of retention. */
  advance(nowMs: number): void;
  /** Count buckets overlapping [startMs, endMs); their contents never overlap. */
  countsIn(startMs: number, endMs: number, nowMs: number): CountBucket[];
  /** Top-N slices overlapping [startMs, endMs). */
  topsIn(startMs: number, endMs: number, nowMs: number): TopTables[];
  /** Width of one series point for a window of this length. */
  stepFor(durationMs: number): number;
  /** Internal sizes, for memory-cap tests. */
  stats(): TimelineStats;
}

/** What a timeline holds right now. */
export interface TimelineStats {
  countBuckets: number;
  topSlices: number;
  /** Largest number of group cells in any count bucket. */
  maxCellsPerBucket: number;
  /** Largest number of entries in any top-N table. */
  maxTableEntries: number;
  /** Largest bin count of any sketch. */
  maxSketchBins: number;
}

/** Series step: a multiple of `unitMs` giving at most `maxPoints` points. */
export function stepOf(durationMs: number, unitMs: number, maxPoints: number): number {
  return unitMs * Math.max(1, Math.ceil(durationMs / maxPoints / unitMs));
}

/** Stats over a set of buckets and slices. */
export function statsOf(counts: CountBucket[], tops: TopTables[]): TimelineStats {
  let maxCells = 0;
  let maxBins = 0;
  for (const b of counts) {
    maxCells = Math.max(maxCells, b.size);
    for (let i = 0; i < b.size; i++) maxBins = Math.max(maxBins, b.sketchBinsAt(i));
  }
  let maxEntries = 0;
  for (const t of tops) maxEntries = Math.max(maxEntries, t.largestTable);
  return {
    countBuckets: counts.length,
    topSlices: tops.length,
    maxCellsPerBucket: maxCells,
    maxTableEntries: maxEntries,
    maxSketchBins: maxBins,
  };
}
