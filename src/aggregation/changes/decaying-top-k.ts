/**
 * The most frequent values of one attribute, with weights that decay with event time:
 * Space-Saving (Metwally, Agrawal, El Abbadi 2005) over forward-decayed weights (a
 * value seen at second t weighs 2^((t - base) / halfLife), see {@link ForwardDecay};
 * the tables of one profile share a time base and are rescaled together).
 *
 * At most `capacity` values are held. A new value, when the table is full, replaces
 * the one with the smallest weight and inherits that weight as its possible error.
 * So every held weight is an upper bound of the truth, at most `error` above it, and
 * the smallest held weight bounds the weight of any value not held; any value with a
 * share above 1/capacity is held. Upper bounds are what a baseline wants: the share a
 * value had before a change is never understated, so an attribution never overstates
 * how much more common it became. (FrequentItems, Misra-Gries, gives lower bounds and
 * cannot forget.) Shares are ratios of weights, so the decay cancels out of them.
 */

/** One held value: weight (upper bound) and how much of it may be inherited. */
export interface TopKEntry {
  weight: number;
  error: number;
}

/** A bounded table of frequent values with decaying weights (see the module comment). */
export class DecayingTopK {
  readonly entries = new Map<string, TopKEntry>();
  /** Sum of the weights of every value added (held or not). */
  total = 0;

  constructor(readonly capacity: number) {}

  /** Count one occurrence of `value` with weight `w` (a {@link ForwardDecay} weight, or 1 for a table that does not forget). */
  add(value: string, w: number): void {
    this.total += w;
    const entry = this.entries.get(value);
    if (entry !== undefined) {
      entry.weight += w;
      return;
    }
    if (this.entries.size < this.capacity) {
      this.entries.set(value, { weight: w, error: 0 });
      return;
    }
    const [minKey, min] = this.smallest();
    this.entries.delete(minKey);
    this.entries.set(value, { weight: min.weight + w, error: min.weight });
  }

  private smallest(): [string, TopKEntry] {
    let minKey = '';
    let min: TopKEntry | null = null;
    for (const [key, e] of this.entries) {
      if (min === null || e.weight < min.weight) {
        min = e;
        minKey = key;
      }
    }
    return [minKey, min!];
  }

  /** True when the table holds `capacity` values (absent values may then have weight up to {@link floor}). */
  get full(): boolean {
    return this.entries.size >= this.capacity;
  }

  /** Upper bound of the weight of a value that is not held: the smallest held weight when full, else 0. */
  get floor(): number {
    if (!this.full) return 0;
    let min = Infinity;
    for (const e of this.entries.values()) if (e.weight < min) min = e.weight;
    return min;
  }

  /** Upper bound of the share of `value` among everything added (0 when nothing was). */
  shareUpper(value: string): number {
    if (this.total === 0) return 0;
    const e = this.entries.get(value);
    return Math.min(1, (e === undefined ? this.floor : e.weight) / this.total);
  }

  /** Lower bound of the share of `value` (its weight minus its inherited error). */
  shareLower(value: string): number {
    if (this.total === 0) return 0;
    const e = this.entries.get(value);
    return e === undefined ? 0 : Math.max(0, (e.weight - e.error) / this.total);
  }

  /** Account for weight added without a value (an event that lacks this attribute). */
  addMissing(w: number): void {
    this.total += w;
  }

  /** Multiply every weight by `factor` (a {@link ForwardDecay} rescale). */
  scale(factor: number): void {
    for (const e of this.entries.values()) {
      e.weight *= factor;
      e.error *= factor;
    }
    this.total *= factor;
  }

  /**
   * Add every value of `other` (weights on the same time base) into this table: the
   * mergeable form of Space-Saving. A value held by only one table is charged the
   * other's floor (weight and error), so held weights stay upper bounds; the
   * `capacity` largest are kept, and the new floor bounds every value not held.
   */
  merge(other: DecayingTopK): void {
    if (other.total === 0) return;
    const mineFloor = this.floor;
    const otherFloor = other.floor;
    const combined: [string, TopKEntry][] = [];
    for (const [value, e] of this.entries) {
      const o = other.entries.get(value);
      combined.push([value, { weight: e.weight + (o?.weight ?? otherFloor), error: e.error + (o?.error ?? otherFloor) }]);
    }
    for (const [value, o] of other.entries) {
      if (this.entries.has(value)) continue;
      combined.push([value, { weight: o.weight + mineFloor, error: o.error + mineFloor }]);
    }
    combined.sort((a, b) => b[1].weight - a[1].weight);
    this.entries.clear();
    for (const [value, e] of combined.slice(0, this.capacity)) this.entries.set(value, e);
    this.total += other.total;
  }

  /** Forget everything. */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /**
   * Best estimate of the share of `value`: the middle of its bounds when held (exact
   * when nothing was inherited), 0 when not held (its weight is somewhere in
   * [0, floor], and most values not held were never seen).
   */
  shareEstimate(value: string): number {
    if (this.total === 0) return 0;
    const e = this.entries.get(value);
    return e === undefined ? 0 : Math.min(1, (e.weight - e.error / 2) / this.total);
  }

  /** A frozen copy (the baseline of a change, taken at its detection). */
  clone(): DecayingTopK {
    const copy = new DecayingTopK(this.capacity);
    copy.total = this.total;
    for (const [key, e] of this.entries) copy.entries.set(key, { weight: e.weight, error: e.error });
    return copy;
  }
}

/**
 * Forward decay weights for a group of tables that share one time base: weight(sec) is
 * 2^((sec - base) / halfLife); when it would pass 2^64 the base moves to `sec` and
 * `weight` reports the factor by which existing weights must be scaled (via onRescale).
 */
export class ForwardDecay {
  private baseSec = NaN;

  constructor(readonly halfLifeSeconds: number) {}

  /** The weight of an observation at second `sec`; calls `onRescale(factor)` first when the base moves. */
  weight(sec: number, onRescale: (factor: number) => void): number {
    if (Number.isNaN(this.baseSec)) this.baseSec = sec;
    const exponent = (sec - this.baseSec) / this.halfLifeSeconds;
    if (exponent > 64) {
      onRescale(Math.pow(2, -exponent));
      this.baseSec = sec;
      return 1;
    }
    return Math.pow(2, exponent);
  }
}
