/**
 * The per-second observations of one open CUSUM segment (from the CUSUM's last zero to
 * now), so the change point can be placed where the likelihood is highest rather than
 * where a threshold happened to be crossed.
 *
 * Each entry is (first second, trials or seconds n, events k). For a two-rate model
 * whose log-likelihood ratio is a*k + b*n per entry, the best split is the entry
 * where the suffix sum of a*k + b*n is largest: everything from it on is better
 * explained by the new rate, everything before by the old one. When the new rate is
 * not known, each suffix is scored at its own rate ({@link SegmentLog.bestSplitBy}).
 * Bounded: at
 * `capacity` entries, neighbouring pairs are merged (the older part of a long segment
 * loses resolution, the memory stays fixed).
 */

/** Sums of the entries from a split on. */
export interface SegmentSplit {
  /** First second of the suffix. */
  sec: number;
  n: number;
  k: number;
  /** The suffix's log-likelihood ratio a*k + b*n. */
  llr: number;
}

/** A bounded log of (second, n, k) entries in time order. */
export class SegmentLog {
  private secs: number[] = [];
  private ns: number[] = [];
  private ks: number[] = [];

  constructor(readonly capacity = 128) {}

  /** Number of entries held. */
  get length(): number {
    return this.secs.length;
  }

  /** First second of the first entry (NaN when empty). */
  get firstSec(): number {
    return this.secs.length === 0 ? NaN : this.secs[0]!;
  }

  /** Append one observation (seconds must not decrease). */
  push(sec: number, n: number, k: number): void {
    const last = this.secs.length - 1;
    if (last >= 0 && this.secs[last] === sec) {
      this.ns[last]! += n;
      this.ks[last]! += k;
      return;
    }
    if (this.secs.length >= this.capacity) this.halve();
    this.secs.push(sec);
    this.ns.push(n);
    this.ks.push(k);
  }

  /** Forget every entry (large arrays are released, not kept for reuse). */
  clear(): void {
    if (this.secs.length > 16) {
      this.secs = [];
      this.ns = [];
      this.ks = [];
    } else {
      this.secs.length = 0;
      this.ns.length = 0;
      this.ks.length = 0;
    }
  }

  /** The suffix (from one entry to the end) whose a*k + b*n is largest; null when empty. */
  bestSplit(a: number, b: number): SegmentSplit | null {
    const count = this.secs.length;
    if (count === 0) return null;
    let n = 0;
    let k = 0;
    let llr = 0;
    let best: SegmentSplit | null = null;
    for (let i = count - 1; i >= 0; i--) {
      n += this.ns[i]!;
      k += this.ks[i]!;
      llr += a * this.ks[i]! + b * this.ns[i]!;
      // ">=": on a tie the earlier second wins (the shift is taken to start where the evidence does).
      if (best === null || llr >= best.llr) best = { sec: this.secs[i]!, n, k, llr };
    }
    return best;
  }

  /**
   * The suffix whose `score(n, k)` is largest (the profile likelihood of a change
   * point when the new rate is unknown: score each suffix at its own rate); null when
   * empty. Ties go to the earlier second.
   */
  bestSplitBy(score: (n: number, k: number) => number): SegmentSplit | null {
    let n = 0;
    let k = 0;
    let best: SegmentSplit | null = null;
    for (let i = this.secs.length - 1; i >= 0; i--) {
      n += this.ns[i]!;
      k += this.ks[i]!;
      const llr = score(n, k);
      if (best === null || llr >= best.llr) best = { sec: this.secs[i]!, n, k, llr };
    }
    return best;
  }

  private halve(): void {
    const out = Math.ceil(this.secs.length / 2);
    for (let i = 0; i < out; i++) {
      const j = 2 * i;
      this.secs[i] = this.secs[j]!;
      this.ns[i] = this.ns[j]! + (this.ns[j + 1] ?? 0);
      this.ks[i] = this.ks[j]! + (this.ks[j + 1] ?? 0);
    }
    this.secs.length = out;
    this.ns.length = out;
    this.ks.length = out;
  }
}
