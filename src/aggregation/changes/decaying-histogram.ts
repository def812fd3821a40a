/**
 * A log-bucketed histogram of handshake durations whose weights decay with event time
 * (forward decay: a value added at second t weighs 2^((t - base) / halfLife), so old
 * values fade relative to new ones without touching every bin each second; the weights
 * are rescaled when they grow large). DDSketch cannot forget, and the latency test
 * needs two things it lacks: a baseline that follows slow drift, and the share of the
 * baseline above a threshold.
 *
 * Bins have 2 % relative width over [0.5 ms, 10 min] (values outside are clamped to
 * the end bins): at most 353 doubles whatever the traffic. Only the range of bins that
 * holds values is allocated (grown on demand, a few spare bins either side), since a
 * distribution's handshakes span a small part of the scale (5-300 ms is about 100
 * bins) and there are two histograms for each of thousands of units. Bins outside the
 * range are zero, so every sum is the same as over all bins.
 */

const ACCURACY = 0.02;
const GAMMA = (1 + ACCURACY) / (1 - ACCURACY);
const LN_GAMMA = Math.log(GAMMA);
const MIN_VALUE = 0.5;
const MAX_VALUE = 600_000;
const MIN_INDEX = Math.ceil(Math.log(MIN_VALUE) / LN_GAMMA);
const MAX_INDEX = Math.ceil(Math.log(MAX_VALUE) / LN_GAMMA);
/** Number of bins of every histogram. */
export const HISTOGRAM_BINS = MAX_INDEX - MIN_INDEX + 1;
/** Rescale when a forward weight passes 2^RESCALE_AT_LOG2. */
const RESCALE_AT_LOG2 = 64;

function binOf(value: number): number {
  if (!(value > MIN_VALUE)) return 0;
  if (value >= MAX_VALUE) return HISTOGRAM_BINS - 1;
  return Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.ceil(Math.log(value) / LN_GAMMA) - MIN_INDEX));
}

/** The representative value of a bin (within 2 % of every value in it). */
function valueOf(bin: number): number {
  return (2 * Math.pow(GAMMA, bin + MIN_INDEX)) / (GAMMA + 1);
}

/** Spare bins allocated on each side when the range grows. */
const SPARE_BINS = 8;

/** A decaying histogram of non-negative values (see the module comment). */
export class DecayingHistogram {
  /** Bins lo .. lo + bins.length - 1 (the rest are zero). */
  private bins: number[] = [];
  private lo = 0;
  /** Sum of the forward weights in the bins. */
  private weight = 0;
  private baseSec = NaN;

  /** `halfLifeSeconds`: Infinity for a histogram that does not forget. */
  constructor(readonly halfLifeSeconds: number) {}

  /** Add one value observed at event-time second `sec`. Negative and non-finite values are ignored. */
  add(value: number, sec: number): void {
    if (!(value >= 0) || value === Infinity) return;
    const w = this.forwardWeight(sec);
    const bin = binOf(value);
    this.cover(bin, bin);
    this.bins[bin - this.lo]! += w;
    this.weight += w;
  }

  /** The decayed number of values at second `sec`. */
  count(sec: number): number {
    if (this.weight === 0) return 0;
    return this.weight / this.forwardWeight(sec, false);
  }

  /** True when nothing was added since the last clear. */
  get empty(): boolean {
    return this.weight === 0;
  }

  /** The value at quantile q in [0, 1] (decayed weights), or null when empty. */
  quantile(q: number): number | null {
    if (this.weight === 0 || !(q >= 0 && q <= 1)) return null;
    const rank = q * this.weight;
    let seen = 0;
    const bins = this.bins;
    for (let i = 0; i < bins.length; i++) {
      seen += bins[i]!;
      if (seen >= rank && bins[i]! > 0) return valueOf(i + this.lo);
    }
    return valueOf(HISTOGRAM_BINS - 1);
  }

  /**
   * The (decayed) share of values above `threshold`: the bins above its bin, and the
   * part of its own bin above it (values taken as log-uniform within a bin).
   */
  shareAbove(threshold: number): number {
    if (this.weight === 0 || threshold === Infinity) return 0;
    const bin = binOf(threshold);
    let above = 0;
    const bins = this.bins;
    for (let i = Math.max(0, bin + 1 - this.lo); i < bins.length; i++) above += bins[i]!;
    if (threshold > MIN_VALUE && threshold < MAX_VALUE) {
      const upper = Math.pow(GAMMA, bin + MIN_INDEX);
      above += (bins[bin - this.lo] ?? 0) * Math.min(1, Math.max(0, Math.log(upper / threshold) / LN_GAMMA));
    }
    return above / this.weight;
  }

  /** Add every value of `other` (same half-life) into this histogram. */
  merge(other: DecayingHistogram): void {
    if (other.weight === 0) return;
    if (this.weight === 0 && Number.isNaN(this.baseSec)) this.baseSec = other.baseSec;
    const scale = this.halfLifeSeconds === Infinity ? 1 : Math.pow(2, (other.baseSec - this.baseSec) / this.halfLifeSeconds);
    const theirs = other.bins;
    this.cover(other.lo, other.lo + theirs.length - 1);
    const offset = other.lo - this.lo;
    for (let i = 0; i < theirs.length; i++) this.bins[i + offset]! += theirs[i]! * scale;
    this.weight += other.weight * scale;
  }

  /** Forget every value. */
  clear(): void {
    this.bins = [];
    this.lo = 0;
    this.weight = 0;
    this.baseSec = NaN;
  }

  /** Make bins `from` .. `to` part of the allocated range. */
  private cover(from: number, to: number): void {
    const bins = this.bins;
    const hi = this.lo + bins.length - 1;
    if (bins.length > 0 && from >= this.lo && to <= hi) return;
    const lo = Math.max(0, Math.min(from, bins.length > 0 ? this.lo : from) - SPARE_BINS);
    const top = Math.min(HISTOGRAM_BINS - 1, Math.max(to, bins.length > 0 ? hi : to) + SPARE_BINS);
    const grown = new Array<number>(top - lo + 1).fill(0);
    for (let i = 0; i < bins.length; i++) grown[i + this.lo - lo] = bins[i]!;
    this.bins = grown;
    this.lo = lo;
  }

  /** The forward weight of second `sec`, rescaling the bins first when it would grow too large. */
  private forwardWeight(sec: number, mayRescale = true): number {
    if (this.halfLifeSeconds === Infinity) return 1;
    if (Number.isNaN(this.baseSec)) this.baseSec = sec;
    const exponent = (sec - this.baseSec) / this.halfLifeSeconds;
    if (mayRescale && exponent > RESCALE_AT_LOG2) {
      const scale = Math.pow(2, -exponent);
      for (let i = 0; i < this.bins.length; i++) this.bins[i]! *= scale;
      this.weight *= scale;
      this.baseSec = sec;
      return 1;
    }
    return Math.pow(2, exponent);
  }
}
