/**
 * DDSketch (Masson, Rim, Lee, VLDB 2019): a mergeable quantile sketch with a
 * relative-error guarantee. A value x > 0 goes to bin i = ceil(log_gamma(x)) with
 * gamma = (1 + a) / (1 - a); every value in bin i lies in (gamma^(i-1), gamma^i], and
 * reporting 2 * gamma^i / (gamma + 1) for it is within a relative error a of any value
 * of that bin. Quantiles are read by walking bin counts, never by sorting samples.
 *
 * Bins live in one dense Uint32Array over the contiguous index range seen so far.
 * When that range would exceed `maxBins`, the lowest bins are collapsed into the
 * lowest kept bin (the guarantee then holds for quantiles above the collapsed mass,
 * as in the paper's "collapsing lowest" store); with a = 1% and 2,048 bins the range
 * is a factor of about e^40, so collapsing never happens for handshake times.
 * Values <= `minIndexable` (including 0) are counted in a separate zero bin; negative
 * and non-finite values are ignored (input is hostile).
 */

/** Construction options for {@link DDSketch}. */
export interface DDSketchOptions {
  /** Relative accuracy a, 0 < a < 1. Default 0.01 (1%). */
  relativeAccuracy?: number;
  /** Most bins kept; lower bins are collapsed beyond this. Default 2048. */
  maxBins?: number;
}

const DEFAULT_ACCURACY = 0.01;
const DEFAULT_MAX_BINS = 2048;
const INITIAL_BINS = 16;
/** Values at or below this count as zero (they would need an unbounded negative index). */
const MIN_INDEXABLE = 1e-9;

interface Mapping {
  gamma: number;
  lnGamma: number;
  accuracy: number;
}

const mappings = new Map<number, Mapping>();

function mappingFor(accuracy: number): Mapping {
  let m = mappings.get(accuracy);
  if (!m) {
    const gamma = (1 + accuracy) / (1 - accuracy);
    m = { gamma, lnGamma: Math.log(gamma), accuracy };
    mappings.set(accuracy, m);
  }
  return m;
}

/** A mergeable quantile sketch with bounded relative error and bounded bin count. */
export class DDSketch {
  private readonly mapping: Mapping;
  /** Most bins kept at once. */
  readonly maxBins: number;
  private bins: Uint32Array = new Uint32Array(0);
  /** Index of bins[0]. */
  private offset = 0;
  /** Number of bins in use from bins[0]; the used index range is [offset, offset + used). */
  private used = 0;
  private zeroCount = 0;
  private total = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(options: DDSketchOptions = {}) {
    const accuracy = options.relativeAccuracy ?? DEFAULT_ACCURACY;
    if (!(accuracy > 0 && accuracy < 1)) throw new RangeError('relativeAccuracy must be in (0, 1)');
    this.mapping = mappingFor(accuracy);
    this.maxBins = Math.max(8, Math.floor(options.maxBins ?? DEFAULT_MAX_BINS));
  }

  /** The relative accuracy this sketch guarantees. */
  get relativeAccuracy(): number {
    return this.mapping.accuracy;
  }

  /** Number of values added (including merged ones). */
  get count(): number {
    return this.total;
  }

  /** Number of bins currently allocated in use (for memory-cap tests). */
  get binCount(): number {
    return this.used;
  }

  /** Exact smallest value added, or null when empty. */
  get min(): number | null {
    return this.total === 0 ? null : this.minValue;
  }

  /** Exact largest value added, or null when empty. */
  get max(): number | null {
    return this.total === 0 ? null : this.maxValue;
  }

  /** Add one value (`weight` times). Negative, NaN and infinite values are ignored. */
  add(value: number, weight = 1): void {
    if (!(value >= 0) || value === Infinity || !(weight > 0)) return;
    this.total += weight;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    if (value <= MIN_INDEXABLE) {
      this.zeroCount += weight;
      return;
    }
    const index = Math.ceil(Math.log(value) / this.mapping.lnGamma);
    this.addToBin(index, weight);
  }

  /** Add every value of `other` (same relative accuracy required) into this sketch. */
  merge(other: DDSketch): void {
    if (other.total === 0) return;
    if (other.mapping !== this.mapping) throw new Error('cannot merge sketches of different accuracy');
    this.total += other.total;
    this.zeroCount += other.zeroCount;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
    if (other.used === 0) return;
    // Make room for other's whole range once, then add bin by bin.
    this.ensureRange(other.offset, other.offset + other.used - 1);
    for (let i = 0; i < other.used; i++) {
      const c = other.bins[i]!;
      if (c !== 0) this.addToBin(other.offset + i, c);
    }
  }

  /** A copy that shares nothing with this sketch. */
  clone(): DDSketch {
    const copy = new DDSketch({ relativeAccuracy: this.mapping.accuracy, maxBins: this.maxBins });
    copy.merge(this);
    return copy;
  }

  /**
   * The value at quantile q (0..1), within the relative accuracy of the exact
   * lower-rank quantile (the sample of rank floor(q * (count - 1)) in sorted order);
   * null when empty. q = 0 and q = 1 return the exact min and max.
   */
  quantile(q: number): number | null {
    if (this.total === 0 || !(q >= 0 && q <= 1)) return null;
    if (q === 0) return this.minValue;
    if (q === 1) return this.maxValue;
    const rank = Math.floor(q * (this.total - 1));
    let seen = this.zeroCount;
    if (rank < seen) return this.minValue <= MIN_INDEXABLE ? this.minValue : 0;
    for (let i = 0; i < this.used; i++) {
      seen += this.bins[i]!;
      if (seen > rank) {
        const gamma = this.mapping.gamma;
        const estimate = (2 * Math.pow(gamma, this.offset + i)) / (gamma + 1);
        return Math.min(Math.max(estimate, this.minValue), this.maxValue);
      }
    }
    return this.maxValue;
  }

  private addToBin(index: number, weight: number): void {
    this.ensureRange(index, index);
    let slot = index - this.offset;
    // Collapsed range: values below the kept range count in the lowest bin.
    if (slot < 0) slot = 0;
    this.bins[slot] = Math.min(0xffffffff, this.bins[slot]! + weight);
  }

  /** Grow (or collapse) the dense bin array so that [lo, hi] fits. */
  private ensureRange(lo: number, hi: number): void {
    if (this.used === 0) {
      if (this.bins.length === 0) this.bins = new Uint32Array(INITIAL_BINS);
      this.offset = lo;
      this.used = 1;
      if (hi > lo) this.ensureRange(lo, hi);
      return;
    }
    const curLo = this.offset;
    const curHi = this.offset + this.used - 1;
    if (lo >= curLo && hi <= curHi) return;
    const newHi = Math.max(hi, curHi);
    let newLo = Math.min(lo, curLo);
    if (newHi - newLo + 1 > this.maxBins) newLo = newHi - this.maxBins + 1;
    const newUsed = newHi - newLo + 1;
    let target = this.bins;
    if (newUsed > this.bins.length) {
      target = new Uint32Array(Math.min(this.maxBins, Math.max(newUsed, this.bins.length * 2)));
    }
    // Move existing counts to their new slots; counts below newLo collapse into slot 0.
    const moved = new Uint32Array(newUsed);
    for (let i = 0; i < this.used; i++) {
      const c = this.bins[i]!;
      if (c === 0) continue;
      let slot = curLo + i - newLo;
      if (slot < 0) slot = 0;
      moved[slot] = Math.min(0xffffffff, moved[slot]! + c);
    }
    target.fill(0);
    target.set(moved, 0);
    this.bins = target;
    this.offset = newLo;
    this.used = newUsed;
  }
}
