/** Counts events left out of the figures and the span of their own timestamps. */
import type { DroppedEvents } from './types.js';

/** A count with the oldest and newest event time seen (non-finite times count, without a span). */
export class DroppedCounter {
  total = 0;
  private oldest = Infinity;
  private newest = -Infinity;

  add(timeMs: number): void {
    this.total++;
    if (!Number.isFinite(timeMs)) return;
    if (timeMs < this.oldest) this.oldest = timeMs;
    if (timeMs > this.newest) this.newest = timeMs;
  }

  /** A plain value for a snapshot. */
  toJSON(): DroppedEvents {
    const spanned = this.total > 0 && Number.isFinite(this.oldest);
    return { total: this.total, oldestMs: spanned ? this.oldest : null, newestMs: spanned ? this.newest : null };
  }
}
