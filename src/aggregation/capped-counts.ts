/**
 * A string -> count map with at most `cap` keys; keys beyond the cap count under
 * `(other)`. Used for malformed-input reasons, which come from parsers but may embed
 * hostile details.
 */
import { OTHER_LABEL, clampLabel } from './group-registry.js';

/** Bounded counts by key. */
export class CappedCounts {
  readonly counts = new Map<string, number>();
  total = 0;

  constructor(readonly cap = 64) {}

  /** Count one occurrence of `key`. */
  add(key: string, n = 1): void {
    this.total += n;
    let k = clampLabel(key);
    if (!this.counts.has(k) && this.counts.size >= this.cap - 1) k = OTHER_LABEL;
    this.counts.set(k, (this.counts.get(k) ?? 0) + n);
  }

  /** A plain object copy. */
  toRecord(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
