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
 *
 * Storage. A profile has one table per attribute field and three generations of them
 * for each of up to thousands of distributions and tenants, and most tables hold one
 * or two values: 30 small tables of three arrays each were most of the change
 * detector's memory (about 54 MB of 86 for 3,000 units). So the tables of one
 * generation live together in a {@link DecayingTopKSet}: one array of values grouped
 * by field, one of weights, one of errors (only once an error is not zero), the field
 * boundaries and totals: five arrays at most however many fields, sized by the values
 * actually held. {@link DecayingTopK} is one
 * table of a set (a set of its own when made alone).
 *
 * A baseline is only ever looked up by value (the values reported are those of a
 * change's own failure tables), and its values are mostly near-unique strings (serials,
 * subjects, client prefixes) that it alone kept alive: about 6 MB of strings for a full
 * window of 3,000 units. So a set made `hashed` holds each value as its 52-bit
 * {@link valueHash}, in an array of unboxed doubles, and cannot list its values.
 */
import { valueHash } from './value-hash.js';

/** One held value: weight (upper bound) and how much of it may be inherited. */
export interface TopKEntry {
  weight: number;
  error: number;
}

/** One Space-Saving table per field, in flat storage (see the module comment). */
export class DecayingTopKSet {
  // Values grouped by field (field f holds [start(f), ends[f])), in each field's own
  // slot order (the order decides which of equal smallest weights is replaced, as it did
  // for one table), with their weights and errors at the same index. Errors stay zero
  // until a table fills or merges with a full one: until then there is no error array.
  // Lookups scan a field's values, which for 16 short strings costs about what hashing
  // one would.
  private keys: (string | number)[] = [];
  private weights: number[] = [];
  private errors: number[] | null = null;
  private readonly ends: number[];
  /** Sum of the weights added to each field (held or not). */
  private readonly totals: number[];

  constructor(
    readonly fieldCount: number,
    readonly capacity: number,
    /** Hold values as their hashes (see the module comment): lookups only, no {@link values}. */
    readonly hashed = false,
  ) {
    this.ends = new Array<number>(fieldCount).fill(0);
    this.totals = new Array<number>(fieldCount).fill(0);
  }

  /** Sum of the weights of every value added to field `f` (held or not). */
  total(f: number): number {
    return this.totals[f]!;
  }

  /** Number of values held for field `f`. */
  size(f: number): number {
    return this.ends[f]! - this.start(f);
  }

  /** True when field `f` holds `capacity` values (absent values may then have weight up to {@link floor}). */
  full(f: number): boolean {
    return this.size(f) >= this.capacity;
  }

  /** The values held for field `f`, in no particular order (not for a hashed set). */
  values(f: number): string[] {
    if (this.hashed) throw new Error('a hashed set holds no values to list');
    return this.keys.slice(this.start(f), this.ends[f]) as string[];
  }

  /** The key `value` is held under: the value itself, or in a hashed set its hash. */
  keyOf(value: string): string | number {
    return this.hashed ? valueHash(value) : value;
  }

  /** The keys held for field `f` (see {@link keyOf}), in no particular order. */
  keysOf(f: number): (string | number)[] {
    return this.keys.slice(this.start(f), this.ends[f]);
  }

  /** The weight held under `key` in field `f` (0 when not held). */
  weightOfKey(f: number, key: string | number): number {
    const i = this.findKey(f, key);
    return i < 0 ? 0 : this.weights[i]!;
  }

  /** The weight of `value` in field `f` (0 when not held). */
  weightOf(f: number, value: string): number {
    const i = this.find(f, value);
    return i < 0 ? 0 : this.weights[i]!;
  }

  /** The weight and error of a held value. */
  get(f: number, value: string): TopKEntry | undefined {
    const i = this.find(f, value);
    return i < 0 ? undefined : { weight: this.weights[i]!, error: this.error(i) };
  }

  /** Count one occurrence of `value` in field `f` with weight `w` (a {@link ForwardDecay} weight, or 1 for a table that does not forget). */
  add(f: number, value: string, w: number): void {
    this.totals[f]! += w;
    const key = this.keyOf(value);
    const i = this.findKey(f, key);
    if (i >= 0) {
      this.weights[i]! += w;
      return;
    }
    if (this.size(f) < this.capacity) {
      this.insert(f, key, w, 0);
      return;
    }
    const min = this.smallest(f);
    this.keys[min] = key;
    this.setError(min, this.weights[min]!);
    this.weights[min]! += w;
  }

  /** Account for weight added to field `f` without a value (an event that lacks this attribute). */
  addMissing(f: number, w: number): void {
    this.totals[f]! += w;
  }

  /** Upper bound of the weight of a value of field `f` that is not held: the smallest held weight when full, else 0. */
  floor(f: number): number {
    return this.full(f) ? this.weights[this.smallest(f)]! : 0;
  }

  /** Upper bound of the share of `value` among everything added to field `f` (0 when nothing was). */
  shareUpper(f: number, value: string): number {
    const total = this.totals[f]!;
    if (total === 0) return 0;
    const i = this.find(f, value);
    return Math.min(1, (i < 0 ? this.floor(f) : this.weights[i]!) / total);
  }

  /** Lower bound of the share of `value` (its weight minus its inherited error). */
  shareLower(f: number, value: string): number {
    const total = this.totals[f]!;
    if (total === 0) return 0;
    const i = this.find(f, value);
    return i < 0 ? 0 : Math.max(0, (this.weights[i]! - this.error(i)) / total);
  }

  /**
   * Best estimate of the share of `value`: the middle of its bounds when held (exact
   * when nothing was inherited), 0 when not held (its weight is somewhere in
   * [0, floor], and most values not held were never seen).
   */
  shareEstimate(f: number, value: string): number {
    const total = this.totals[f]!;
    if (total === 0) return 0;
    const i = this.find(f, value);
    return i < 0 ? 0 : Math.min(1, (this.weights[i]! - this.error(i) / 2) / total);
  }

  /** Multiply every weight by `factor` (a {@link ForwardDecay} rescale). */
  scale(factor: number): void {
    const { weights, errors } = this;
    for (let i = 0; i < weights.length; i++) weights[i]! *= factor;
    if (errors !== null) for (let i = 0; i < errors.length; i++) errors[i]! *= factor;
    for (let f = 0; f < this.fieldCount; f++) this.totals[f]! *= factor;
  }

  /** Add every table of `other` (same fields, weights on the same time base) into this set. */
  merge(other: DecayingTopKSet): void {
    for (let f = 0; f < this.fieldCount; f++) this.mergeField(f, other, f);
  }

  /**
   * Add table `g` of `other` (weights on the same time base) into field `f`: the
   * mergeable form of Space-Saving. A value held by only one table is charged the
   * other's floor (weight and error), so held weights stay upper bounds; the
   * `capacity` largest are kept, and the new floor bounds every value not held.
   * When everything fits (few distinct values, the common case) it is a plain sum.
   */
  mergeField(f: number, other: DecayingTopKSet, g: number): void {
    if (other.hashed !== this.hashed) throw new Error('cannot merge a hashed set with one that holds values');
    const otherTotal = other.totals[g]!;
    if (otherTotal === 0) return;
    const theirs = other.keysOf(g);
    const os = other.start(g);
    if (!other.full(g)) {
      let added = 0;
      for (const key of theirs) if (this.findKey(f, key) < 0) added++;
      if (this.size(f) + added <= this.capacity) {
        for (let j = 0; j < theirs.length; j++) {
          const i = this.findKey(f, theirs[j]!);
          const w = other.weights[os + j]!;
          const e = other.error(os + j);
          if (i < 0) this.insert(f, theirs[j]!, w, e);
          else {
            this.weights[i]! += w;
            if (e !== 0 || this.errors !== null) this.setError(i, this.error(i) + e);
          }
        }
        this.totals[f]! += otherTotal;
        return;
      }
    }
    const mineFloor = this.floor(f);
    const otherFloor = other.floor(g);
    const combined: { value: string | number; weight: number; error: number }[] = [];
    const end = this.ends[f]!;
    for (let i = this.start(f); i < end; i++) {
      const j = other.findKey(g, this.keys[i]!);
      combined.push({
        value: this.keys[i]!,
        weight: this.weights[i]! + (j < 0 ? otherFloor : other.weights[j]!),
        error: this.error(i) + (j < 0 ? otherFloor : other.error(j)),
      });
    }
    for (let j = 0; j < theirs.length; j++) {
      if (this.findKey(f, theirs[j]!) >= 0) continue;
      combined.push({ value: theirs[j]!, weight: other.weights[os + j]! + mineFloor, error: other.error(os + j) + mineFloor });
    }
    combined.sort((a, b) => b.weight - a.weight);
    this.replace(f, combined.slice(0, this.capacity));
    this.totals[f]! += otherTotal;
  }

  /** Forget everything. */
  clear(): void {
    this.keys = [];
    this.weights = [];
    this.errors = null;
    this.ends.fill(0);
    this.totals.fill(0);
  }

  /** A frozen copy (the baseline of a change, taken at its detection). */
  clone(): DecayingTopKSet {
    const copy = new DecayingTopKSet(this.fieldCount, this.capacity, this.hashed);
    copy.merge(this);
    copy.compact();
    return copy;
  }

  /**
   * Drop the spare room the arrays grew with (a third or more of them), for a set that
   * will not grow for a while (a settled or staged generation, a frozen baseline).
   */
  compact(): void {
    this.keys = this.keys.slice();
    this.weights = this.weights.slice();
    if (this.errors !== null) this.errors = this.errors.slice();
  }

  private start(f: number): number {
    return f === 0 ? 0 : this.ends[f - 1]!;
  }

  private find(f: number, value: string): number {
    return this.findKey(f, this.keyOf(value));
  }

  private findKey(f: number, key: string | number): number {
    const keys = this.keys;
    const end = this.ends[f]!;
    for (let i = this.start(f); i < end; i++) if (keys[i] === key) return i;
    return -1;
  }

  private error(i: number): number {
    return this.errors === null ? 0 : this.errors[i]!;
  }

  private setError(i: number, error: number): void {
    this.errors ??= new Array<number>(this.keys.length).fill(0);
    this.errors[i] = error;
  }

  /** Append a value at the end of field `f`'s values. */
  private insert(f: number, key: string | number, weight: number, error: number): void {
    const at = this.ends[f]!;
    this.keys.splice(at, 0, key);
    this.weights.splice(at, 0, weight);
    if (this.errors !== null) this.errors.splice(at, 0, error);
    for (let g = f; g < this.fieldCount; g++) this.ends[g]!++;
    if (error !== 0) this.setError(at, error);
  }

  /** Replace field `f`'s values, weights and errors. */
  private replace(f: number, entries: readonly { value: string | number; weight: number; error: number }[]): void {
    const s = this.start(f);
    const n = this.ends[f]! - s;
    this.keys.splice(s, n, ...entries.map((e) => e.value));
    this.weights.splice(s, n, ...entries.map((e) => e.weight));
    if (this.errors !== null || entries.some((e) => e.error !== 0)) {
      this.errors ??= new Array<number>(this.keys.length - entries.length + n).fill(0);
      this.errors.splice(s, n, ...entries.map((e) => e.error));
    }
    for (let g = f; g < this.fieldCount; g++) this.ends[g]! += entries.length - n;
  }

  private smallest(f: number): number {
    const weights = this.weights;
    const end = this.ends[f]!;
    let min = this.start(f);
    for (let i = min + 1; i < end; i++) if (weights[i]! < weights[min]!) min = i;
    return min;
  }
}

/** A bounded table of frequent values with decaying weights: one field of a {@link DecayingTopKSet} (see the module comment). */
export class DecayingTopK {
  private readonly set: DecayingTopKSet;
  private readonly field: number;

  /** A table of its own with room for `capacity` values, or (with `of`) field `field` of a set. */
  constructor(capacity: number, of?: { set: DecayingTopKSet; field: number }) {
    this.set = of?.set ?? new DecayingTopKSet(1, capacity);
    this.field = of?.field ?? 0;
  }

  /** Field `field` of `set` (a view: it reads and writes the set). */
  static of(set: DecayingTopKSet, field: number): DecayingTopK {
    return new DecayingTopK(set.capacity, { set, field });
  }

  get capacity(): number {
    return this.set.capacity;
  }

  /** Sum of the weights of every value added (held or not). */
  get total(): number {
    return this.set.total(this.field);
  }

  /** Number of values held. */
  get size(): number {
    return this.set.size(this.field);
  }

  /** True when the table holds `capacity` values (absent values may then have weight up to {@link floor}). */
  get full(): boolean {
    return this.set.full(this.field);
  }

  /** The values held, in no particular order. */
  values(): readonly string[] {
    return this.set.values(this.field);
  }

  /** The weight of `value` (0 when not held). */
  weightOf(value: string): number {
    return this.set.weightOf(this.field, value);
  }

  /** The weight and error of a held value. */
  get(value: string): TopKEntry | undefined {
    return this.set.get(this.field, value);
  }

  /** Count one occurrence of `value` with weight `w` (a {@link ForwardDecay} weight, or 1 for a table that does not forget). */
  add(value: string, w: number): void {
    this.set.add(this.field, value, w);
  }

  /** Upper bound of the weight of a value that is not held: the smallest held weight when full, else 0. */
  get floor(): number {
    return this.set.floor(this.field);
  }

  /** Upper bound of the share of `value` among everything added (0 when nothing was). */
  shareUpper(value: string): number {
    return this.set.shareUpper(this.field, value);
  }

  /** Lower bound of the share of `value` (its weight minus its inherited error). */
  shareLower(value: string): number {
    return this.set.shareLower(this.field, value);
  }

  /** Best estimate of the share of `value` (see {@link DecayingTopKSet.shareEstimate}). */
  shareEstimate(value: string): number {
    return this.set.shareEstimate(this.field, value);
  }

  /** Account for weight added without a value (an event that lacks this attribute). */
  addMissing(w: number): void {
    this.set.addMissing(this.field, w);
  }

  /** Multiply every weight by `factor` (a {@link ForwardDecay} rescale; for a view, the whole set's). */
  scale(factor: number): void {
    this.set.scale(factor);
  }

  /** Add every value of `other` (weights on the same time base) into this table (see {@link DecayingTopKSet.mergeField}). */
  merge(other: DecayingTopK): void {
    this.set.mergeField(this.field, other.set, other.field);
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
