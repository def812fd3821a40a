/**
 * DDSketch (Masson, Rim, Lee, VLDB 2019): a mergeable quantile sketch with a
 * relative-error guarantee. A value x > 0 goes to bin i = ceil(log_gamma(x)) with
 * gamma = (1 + a) / (1 - a); every value in bin i lies in (gamma^(i-1), gamma^i], and
 * reporting 2 * gamma^i / (gamma + 1) for it is within a relative error a of any value
 * of that bin. Quantiles are read by walking bin counts, never by sorting samples.
 *
 * Bins live in one dense Uint32Array that covers the index range seen so far with
 * headroom on both sides (grown by doubling, so adds are O(1) amortised and allocate
 * nothing). When the range would exceed `maxBins`, the lowest bins are collapsed into
 * the lowest kept bin (the guarantee then holds for quantiles above the collapsed mass,
 * as in the paper's "collapsing lowest" store); with a = 1% and 2,048 bins the range
 * is a factor of about e^40, so collapsing never happens for handshake times.
 * A sketch that will not be written for a while (a closed minute of history) can be
 * compact()ed: its bins shrink to the used range in the narrowest array that holds its
 * largest count, and widen again on the next write.
 * Values <= `minIndexable` (including 0) are counted in a separate zero bin; negative
 * and non-finite values are ignored (input is hostile).
 */

import { uintFor } from './column-packing.js';

/** Construction options for {@link DDSketch}. */
export interface DDSketchOptions {
  /** Relative accuracy a, 0 < a < 1. Default 0.01 (1%). */
  relativeAccuracy?: number;
  /** Most bins kept; lower bins are collapsed beyond this. Default 2048. */
  maxBins?: number;
}

const DEFAULT_ACCURACY = 0.01;
const DEFAULT_MAX_BINS = 2048;
const INITIAL_BINS = 32;
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
  private bins: Uint32Array | Uint16Array | Uint8Array | null = null;
  /** True while `bins` is a compact() copy (exact range, maybe narrower): widened before a write. */
  private compacted = false;
  /** Index of bins[0]. */
  private offset = 0;
  /** Used index range, inclusive; minIdx > maxIdx when no bin is used. */
  private minIdx = Infinity;
  private maxIdx = -Infinity;
  /** Indexes below this were collapsed into it (maxBins reached). */
  private floorIdx = -Infinity;
  /**
   * Before any array exists, all indexed values so far fell in this one bin (most
   * per-second, per-group sketches hold a handful of values: no allocation for them).
   */
  private soloIdx = 0;
  private soloCount = 0;
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

  /** Number of bins allocated (for memory-cap tests); never above maxBins. */
  get binCount(): number {
    return this.bins === null ? 0 : this.bins.length;
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
    this.addToBin(Math.ceil(Math.log(value) / this.mapping.lnGamma), weight);
  }

  /** Add every value of `other` (same relative accuracy required) into this sketch. */
  merge(other: DDSketch): void {
    if (other.total === 0) return;
    if (other.mapping !== this.mapping) throw new Error('cannot merge sketches of different accuracy');
    this.total += other.total;
    this.zeroCount += other.zeroCount;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
    if (other.soloCount > 0) {
      this.addToBin(other.soloIdx, other.soloCount);
      return;
    }
    const src = other.bins;
    if (src === null || other.minIdx > other.maxIdx) return;
    // Grow once for the whole range, then add bin by bin.
    if (this.compacted) this.widen();
    this.reserve(other.minIdx, other.maxIdx);
    for (let idx = other.minIdx; idx <= other.maxIdx; idx++) {
      const c = src[idx - other.offset]!;
      if (c !== 0) this.addToBin(idx, c);
    }
  }

  /**
   * Shrink the bins to the used range, in 8- or 16-bit counts when the largest count fits.
   * Quantiles, merges into other sketches and the guarantee are unchanged; the next write
   * widens the bins again (to 32 bits, with headroom).
   */
  compact(): void {
    const old = this.bins;
    if (old === null || this.compacted || this.minIdx > this.maxIdx) return;
    let max = 0;
    for (let idx = this.minIdx; idx <= this.maxIdx; idx++) if (old[idx - this.offset]! > max) max = old[idx - this.offset]!;
    const length = this.maxIdx - this.minIdx + 1;
    const bins = new (uintFor(max))(length);
    bins.set(old.subarray(this.minIdx - this.offset, this.maxIdx - this.offset + 1));
    this.bins = bins;
    this.offset = this.minIdx;
    this.compacted = true;
  }

  /** Bytes the bins take (for memory tests). */
  get binBytes(): number {
    return this.bins === null ? 0 : this.bins.byteLength;
  }

  /** Back to 32-bit bins before a write, so counts cannot wrap. */
  private widen(): void {
    const narrow = this.bins!;
    this.bins = Uint32Array.from(narrow);
    this.compacted = false;
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
    const bins = this.bins;
    if (bins === null) {
      if (this.soloCount === 0) return this.maxValue;
      const gamma = this.mapping.gamma;
      return Math.min(Math.max((2 * Math.pow(gamma, this.soloIdx)) / (gamma + 1), this.minValue), this.maxValue);
    }
    for (let idx = this.minIdx; idx <= this.maxIdx; idx++) {
      seen += bins[idx - this.offset]!;
      if (seen > rank) {
        const gamma = this.mapping.gamma;
        const estimate = (2 * Math.pow(gamma, idx)) / (gamma + 1);
        return Math.min(Math.max(estimate, this.minValue), this.maxValue);
      }
    }
    return this.maxValue;
  }

  private addToBin(index: number, weight: number): void {
    if (this.compacted) this.widen();
    let idx = index < this.floorIdx ? this.floorIdx : index;
    if (this.bins === null) {
      if (this.soloCount === 0 || this.soloIdx === idx) {
        this.soloIdx = idx;
        this.soloCount += weight;
        return;
      }
      this.reserve(idx, idx);
      if (idx < this.floorIdx) idx = this.floorIdx;
    }
    if (idx < this.offset || idx >= this.offset + this.bins!.length) {
      this.reserve(idx, idx);
      if (idx < this.floorIdx) idx = this.floorIdx;
    }
    const slot = idx - this.offset;
    this.bins![slot] = Math.min(0xffffffff, this.bins![slot]! + weight);
    if (idx < this.minIdx) this.minIdx = idx;
    if (idx > this.maxIdx) this.maxIdx = idx;
  }

  /** Make bins[] cover indexes [from, to] (collapsing the lowest bins beyond maxBins). */
  private reserve(from: number, to: number): void {
    if (this.bins === null && this.soloCount > 0) {
      // Move the solo bin into a real array covering both it and [from, to].
      const soloIdx = this.soloIdx;
      const soloCount = this.soloCount;
      this.soloCount = 0;
      this.reserve(Math.min(soloIdx, from), Math.max(soloIdx, to));
      const idx = soloIdx < this.floorIdx ? this.floorIdx : soloIdx;
      this.bins![idx - this.offset] = Math.min(0xffffffff, soloCount);
      this.minIdx = idx;
      this.maxIdx = idx;
      return;
    }
    const a = from < this.floorIdx ? this.floorIdx : from;
    const b = to < this.floorIdx ? this.floorIdx : to;
    const old = this.bins;
    if (old !== null && a >= this.offset && b < this.offset + old.length) return;
    const empty = this.minIdx > this.maxIdx;
    let lo = empty ? a : Math.min(this.minIdx, a);
    const hi = empty ? b : Math.max(this.maxIdx, b);
    if (hi - lo + 1 > this.maxBins) {
      lo = hi - this.maxBins + 1;
      this.floorIdx = lo;
    }
    const span = hi - lo + 1;
    const length = Math.min(this.maxBins, Math.max(INITIAL_BINS, span + (span >> 1), old === null ? 0 : old.length * 2));
    // Centre the used range, keeping it inside the new array.
    let offset = lo - Math.floor((length - span) / 2);
    if (offset + length - 1 < hi) offset = hi - length + 1;
    if (offset > lo) offset = lo;
    const bins = new Uint32Array(length);
    if (old !== null && !empty) {
      for (let i = this.minIdx; i <= this.maxIdx; i++) {
        const c = old[i - this.offset]!;
        if (c === 0) continue;
        const target = i < lo ? lo : i;
        bins[target - offset] = Math.min(0xffffffff, bins[target - offset]! + c);
      }
      if (this.minIdx < lo) this.minIdx = lo;
    }
    this.bins = bins;
    this.offset = offset;
  }
}
