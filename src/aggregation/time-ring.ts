/**
 * A fixed ring of time buckets: slot i holds the bucket starting at k * width for the
 * latest k with k mod length = i. Buckets older than `length` widths before now are
 * handed to `onEvict` (to roll them into coarser history) and dropped.
 */

/** Anything with a start time that a ring can hold. */
export interface Timed {
  readonly startMs: number;
}

/** Fixed-length ring of buckets keyed by time. */
export class TimeRing<B extends Timed> {
  private readonly slots: (B | null)[];

  constructor(
    readonly widthMs: number,
    readonly length: number,
    private readonly create: (startMs: number) => B,
    private readonly onEvict: (bucket: B) => void = () => {},
  ) {
    this.slots = new Array<B | null>(length).fill(null);
  }

  /** Start of the oldest retained bucket at time `nowMs`. */
  oldestStart(nowMs: number): number {
    return (Math.floor(nowMs / this.widthMs) - this.length + 1) * this.widthMs;
  }

  /**
   * The bucket for time `t` (clamped to now when in the future), created on demand;
   * null when `t` is older than the retained span.
   */
  at(t: number, nowMs: number): B | null {
    const nowIdx = Math.floor(nowMs / this.widthMs);
    let idx = Math.floor(t / this.widthMs);
    if (idx > nowIdx) idx = nowIdx;
    if (idx <= nowIdx - this.length) return null;
    const slot = ((idx % this.length) + this.length) % this.length;
    const start = idx * this.widthMs;
    const current = this.slots[slot];
    if (current != null) {
      if (current.startMs === start) return current;
      if (current.startMs > start) return null;
      this.onEvict(current);
    }
    const created = this.create(start);
    this.slots[slot] = created;
    return created;
  }

  /** Evict every bucket that fell out of the retained span at `nowMs`. */
  advance(nowMs: number): void {
    const oldest = this.oldestStart(nowMs);
    for (let i = 0; i < this.slots.length; i++) {
      const b = this.slots[i];
      if (b != null && b.startMs < oldest) {
        this.slots[i] = null;
        this.onEvict(b);
      }
    }
  }

  /** Buckets overlapping [startMs, endMs), oldest first. Call advance() first. */
  overlapping(startMs: number, endMs: number): B[] {
    const out: B[] = [];
    for (const b of this.slots) {
      if (b != null && b.startMs + this.widthMs > startMs && b.startMs < endMs) out.push(b);
    }
    return out.sort((a, b) => a.startMs - b.startMs);
  }

  /** Every retained bucket (for memory tests). */
  all(): B[] {
    return this.slots.filter((b): b is B => b != null);
  }
}
