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
  /** Sum of the weights of every value added (held or not). */
  total = 0;
  // Parallel arrays that grow to `capacity` (most attributes have a handful of values);
  // lookups scan them, which for 16 short strings costs about what hashing one would.
  private readonly keys: string[] = [];
  private readonly weights: number[] = [];
  private readonly errors: number[] = [];

  constructor(readonly capacity: number) {}

  /** Number of values held. */
  get size(): number {
    return this.keys.length;
  }

  /** True when the table holds `capacity` values (absent values may then have weight up to {@link floor}). */
  get full(): boolean {
    return this.keys.length >= this.capacity;
  }

  /** The values held, in no particular order. */
  values(): readonly string[] {
    return this.keys;
  }

  /** The weight of `value` (0 when not held). */
  weightOf(value: string): number {
    const i = this.keys.indexOf(value);
    return i < 0 ? 0 : this.weights[i]!;
  }

  /** The weight and error of a held value. */
  get(value: string): TopKEntry | undefined {
    const i = this.keys.indexOf(value);
    return i < 0 ? undefined : { weight: this.weights[i]!, error: this.errors[i]! };
  }

  /** Count one occurrence of `value` with weight `w` (a {@link ForwardDecay} weight, or 1 for a table that does not forget). */
  add(value: string, w: number): void {
    this.total += w;
    const i = this.keys.indexOf(value);
    if (i >= 0) {
      this.weights[i]! += w;
      return;
    }
    if (this.keys.length < this.capacity) {
      this.put(this.keys.length, value, w, 0);
      return;
    }
    const min = this.smallest();
    this.put(min, value, this.weights[min]! + w, this.weights[min]!);
  }

  /** Upper bound of the weight of a value that is not held: the smallest held weight when full, else 0. */
  get floor(): number {
    return this.full ? this.weights[this.smallest()]! : 0;
  }

  /** Upper bound of the share of `value` among everything added (0 when nothing was). */
  shareUpper(value: string): number {
    if (this.total === 0) return 0;
    const i = this.keys.indexOf(value);
    return Math.min(1, (i < 0 ? this.floor : this.weights[i]!) / this.total);
  }

  /** Lower bound of the share of `value` (its weight minus its inherited error). */
  shareLower(value: string): number {
    if (this.total === 0) return 0;
    const i = this.keys.indexOf(value);
    return i < 0 ? 0 : Math.max(0, (this.weights[i]! - this.errors[i]!) / this.total);
  }

  /**
   * Best estimate of the share of `value`: the middle of its bounds when held (exact
   * when nothing was inherited), 0 when not held (its weight is somewhere in
   * [0, floor], and most values not held were never seen).
   */
  shareEstimate(value: string): number {
    if (this.total === 0) return 0;
    const i = this.keys.indexOf(value);
    return i < 0 ? 0 : Math.min(1, (this.weights[i]! - this.errors[i]! / 2) / this.total);
  }

  /** Account for weight added without a value (an event that lacks this attribute). */
  addMissing(w: number): void {
    this.total += w;
  }

  /** Multiply every weight by `factor` (a {@link ForwardDecay} rescale). */
  scale(factor: number): void {
    for (let i = 0; i < this.keys.length; i++) {
      this.weights[i]! *= factor;
      this.errors[i]! *= factor;
    }
    this.total *= factor;
  }

  /**
   * Add every value of `other` (weights on the same time base) into this table: the
   * mergeable form of Space-Saving. A value held by only one table is charged the
   * other's floor (weight and error), so held weights stay upper bounds; the
   * `capacity` largest are kept, and the new floor bounds every value not held.
   * When everything fits (few distinct values, the common case) it is a plain sum.
   */
  merge(other: DecayingTopK): void {
    if (other.total === 0) return;
    if (!other.full) {
      let added = 0;
      for (const value of other.keys) if (!this.keys.includes(value)) added++;
      if (this.keys.length + added <= this.capacity) {
        for (let j = 0; j < other.keys.length; j++) {
          const value = other.keys[j]!;
          const i = this.keys.indexOf(value);
          if (i < 0) this.put(this.keys.length, value, other.weights[j]!, other.errors[j]!);
          else {
            this.weights[i]! += other.weights[j]!;
            this.errors[i]! += other.errors[j]!;
          }
        }
        this.total += other.total;
        return;
      }
    }
    const mineFloor = this.floor;
    const otherFloor = other.floor;
    const combined: { value: string; weight: number; error: number }[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const j = other.keys.indexOf(this.keys[i]!);
      combined.push({
        value: this.keys[i]!,
        weight: this.weights[i]! + (j < 0 ? otherFloor : other.weights[j]!),
        error: this.errors[i]! + (j < 0 ? otherFloor : other.errors[j]!),
      });
    }
    for (let j = 0; j < other.keys.length; j++) {
      if (this.keys.includes(other.keys[j]!)) continue;
      combined.push({ value: other.keys[j]!, weight: other.weights[j]! + mineFloor, error: other.errors[j]! + mineFloor });
    }
    combined.sort((a, b) => b.weight - a.weight);
    const total = this.total + other.total;
    this.clear();
    for (const c of combined.slice(0, this.capacity)) this.put(this.keys.length, c.value, c.weight, c.error);
    this.total = total;
  }

  /** Forget everything. */
  clear(): void {
    this.keys.length = 0;
    this.weights.length = 0;
    this.errors.length = 0;
    this.total = 0;
  }

  /** A frozen copy (the baseline of a change, taken at its detection). */
  clone(): DecayingTopK {
    const copy = new DecayingTopK(this.capacity);
    copy.merge(this);
    return copy;
  }

  private put(i: number, value: string, weight: number, error: number): void {
    this.keys[i] = value;
    this.weights[i] = weight;
    this.errors[i] = error;
  }

  private smallest(): number {
    let min = 0;
    for (let i = 1; i < this.keys.length; i++) if (this.weights[i]! < this.weights[min]!) min = i;
    return min;
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

  /** The weight an observation at second `sec` would have now, without moving the base (0 before any). */
  peek(sec: number): number {
    return Number.isNaN(this.baseSec) ? 0 : Math.pow(2, (sec - this.baseSec) / this.halfLifeSeconds);
  }

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
