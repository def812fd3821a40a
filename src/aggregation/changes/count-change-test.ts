/**
 * One series' change test: a one-sided CUSUM of the log-likelihood ratio "the rate rose
 * by at least the minimum effect" against "the rate is the baseline's", on per-second
 * counts (k events in n trials or seconds), with a decaying baseline, a change point
 * placed by maximum likelihood, and a second CUSUM that says when the change ends.
 *
 * Watching: each closed second adds llr = a*k + b*n to S = max(0, S + llr), where a, b
 * compare the reference rate (an upper bound of the baseline rate) with a design rate
 * whose neutral point is the minimum effect (see rate-model.ts): below the minimum
 * effect S drifts down, above it S drifts up. One second adds at most
 * `maxStepEvidence`, so no single second (a retry storm) raises an alarm alone. While
 * S = 0 the second joins the baseline at once; while S > 0 the seconds are held back
 * in a pending segment (logged per second), and join the baseline only if S returns to
 * 0 (it was noise): the baseline never learns from a change while it is being tested.
 *
 * Alarm: when S reaches `threshold` (a log-likelihood ratio: about ln of the mean
 * number of trials between false alarms, Wald's bound), the onset is the split of the
 * pending segment that maximises the profile likelihood: each candidate onset is
 * scored with the rate of the seconds after it, which leaves out stray events before
 * the shift. The alarm stands only if the seconds after the onset also show the effect
 * in plain numbers: at least `minExcess` events above what the baseline rate predicts,
 * a rate of at least the minimum effect over the baseline's point estimate, and at
 * least `minSustainSeconds` seconds. A pending segment that reaches
 * `maxPendingSeconds` without passing joins the baseline (a small, slow shift becomes
 * the new normal).
 *
 * Changed: the baseline is frozen at the alarm; a recovery CUSUM accumulates the
 * log-likelihood ratio of the reference rate against "still changed" (the geometric
 * mean of the reference and the change's observed rate, at least the minimum effect),
 * and at `endThreshold` the end is placed by the same kind of split. The test then
 * watches again. Warm-up: until the baseline holds `minBaseline` trials (or seconds)
 * and the caller says the series is warm, nothing is tested and everything is
 * baseline, so a series that is bad from its first second is its own normal.
 *
 * State is O(1) plus two bounded segment logs.
 */
import { decayFactor, decayedSeconds } from './decay.js';
import type { RateModel } from './rate-model.js';
import { SegmentLog } from './segment-log.js';

/**
 * Scratch for log-likelihood coefficients, shared by every test (each use is within one
 * call): thousands of series each had a pair of their own.
 */
const SCRATCH: [number, number] = [0, 0];

/** Configuration of a {@link CountChangeTest}. */
export interface ChangeTestConfig {
  model: RateModel;
  /** Half-life of the baseline, event-time seconds. */
  halfLifeSeconds: number;
  /** CUSUM alarm threshold (log-likelihood ratio). */
  threshold: number;
  /** Recovery CUSUM threshold. */
  endThreshold: number;
  /** Decayed trials (binomial) or seconds (Poisson) the baseline needs before anything is tested. */
  minBaseline: number;
  /** Events above the baseline's prediction, after the onset, for an alarm to stand. */
  minExcess: number;
  /** Shortest change (onset to detection, inclusive), seconds. */
  minSustainSeconds: number;
  /** A pending segment older than this joins the baseline. */
  maxPendingSeconds: number;
  /**
   * Most evidence one second may add to S (a clipped, "Huberised" CUSUM): with a third
   * of `threshold`, no single second (a retry storm from one client, a log line
   * repeated) can raise an alarm alone; a change needs evidence from several seconds.
   */
  maxStepEvidence: number;
}

/**
 * What one step did with its second: `warmup` and `baseline` (the second, and any
 * pending segment, joined the baseline), `segment` (held back, S > 0), `alarm` (a
 * change was confirmed at this second), `change` (the second belongs to an ongoing
 * change), `end` (the change ended; its end lies at or before this second).
 */
export type StepResult = 'warmup' | 'baseline' | 'segment' | 'alarm' | 'change' | 'end';

/** The CUSUM change test of one series (see the module comment). */
export class CountChangeTest {
  /** Decayed baseline: trials (or seconds) and events. */
  baseN = 0;
  baseK = 0;
  /** The CUSUM statistic S. */
  cusum = 0;
  state: 'watch' | 'changed' = 'watch';

  /** Set at an alarm and kept after the end, until the next alarm. */
  onsetSec = NaN;
  detectedSec = NaN;
  /** NaN while the change is ongoing. */
  endSec = NaN;
  /** Baseline rate (point estimate) at the alarm. */
  before = NaN;
  /** Reference (upper-bound) rate and minimum effect the change was tested with. */
  reference = NaN;
  alternative = NaN;
  /** Trials (or seconds) and events from the onset to the end (or to now), not decayed. */
  changeN = 0;
  changeK = 0;
  /** Last second stepped while changed. */
  lastChangeSec = NaN;
  /** The recovery CUSUM statistic. */
  recovery = 0;

  private lastSec = NaN;
  private pendN = 0;
  private pendK = 0;
  private segN = 0;
  private segK = 0;
  /** The pending segment's and the recovery's logs, made when first needed (most series never have either). */
  private log: SegmentLog | null = null;
  private endLog: SegmentLog | null = null;
  private readonly alpha: number;
  private readonly coef = SCRATCH;
  /** The reference rate the CUSUM coefficients were last derived for, the minimum effect, and the coefficients. */
  private designedFor = NaN;
  private effect = NaN;
  private designP0 = NaN;
  private designRate = NaN;
  private step0 = 0;
  private step1 = 0;

  constructor(readonly config: ChangeTestConfig) {
    this.alpha = decayFactor(config.halfLifeSeconds, 1);
  }

  /** True when nothing is pending or ongoing (the series can be dropped if its baseline is empty too). */
  get quiet(): boolean {
    return this.state === 'watch' && this.cusum === 0;
  }

  /** Start the baseline with `n` trials (or seconds) and `k` events (a new series of an old distribution). */
  seed(sec: number, n: number, k = 0): void {
    this.lastSec = sec;
    this.baseN = n;
    this.baseK = k;
  }

  /** Replace the baseline (only while quiet: the latency series re-derives it for a new threshold). */
  resetBaseline(n: number, k: number): void {
    if (!this.quiet) return;
    this.baseN = n;
    this.baseK = k;
  }

  /** The baseline decayed to `sec` (for reading; does not step). */
  decayedBaseline(sec: number): { n: number; k: number } {
    const f = Number.isNaN(this.lastSec) ? 1 : decayFactor(this.config.halfLifeSeconds, sec - this.lastSec);
    return { n: this.baseN * f, k: this.baseK * f };
  }

  /**
   * One closed second: `k` events in `n` trials (binomial) or seconds (Poisson). With
   * `spread` > 1 the observation covers the `spread` seconds ending at `sec` (a gap of
   * empty seconds, Poisson). `warm`: the caller's own warm-up condition.
   */
  step(sec: number, n: number, k: number, warm: boolean, spread = 1): StepResult {
    if (!(n > 0)) return this.state === 'changed' ? 'change' : 'baseline';
    this.decayTo(sec);
    const mass = spread > 1 ? (n / spread) * decayedSeconds(this.config.halfLifeSeconds, spread) : n;
    const firstSec = sec - spread + 1;
    if (this.state === 'changed') return this.stepChanged(sec, firstSec, n, k);
    const { model } = this.config;
    if (!warm || this.baseN < this.config.minBaseline) {
      this.absorb(mass, k);
      return 'warmup';
    }
    const p0 = model.reference(this.baseK, this.baseN);
    if (!this.designFor(p0)) {
      this.absorb(mass, k);
      return 'baseline';
    }
    const p1 = this.effect;
    const s = this.cusum + Math.min(this.step0 * k + this.step1 * n, this.config.maxStepEvidence);
    if (s <= 0) {
      this.absorb(mass, k);
      return 'baseline';
    }
    this.cusum = s;
    this.pendN += mass;
    this.pendK += k;
    this.segN += n;
    this.segK += k;
    const log = (this.log ??= new SegmentLog());
    log.push(firstSec, n, k);
    if (s >= this.config.threshold && this.tryAlarm(log, sec, p0, p1)) return 'alarm';
    if (sec - log.firstSec >= this.config.maxPendingSeconds) {
      this.absorb(0, 0);
      return 'baseline';
    }
    return 'segment';
  }

  /** End an ongoing change at `sec` without a recovery test (the series went silent). */
  forceEnd(sec: number): void {
    if (this.state !== 'changed') return;
    this.endSec = sec;
    this.toWatch();
  }

  /**
   * Derive (or reuse, while the reference moved by under 1 %) the minimum effect for
   * reference `p0` and the CUSUM coefficients of its design rate; false when no change
   * is possible (the reference is at the top of the scale). Cheap on the hot path: a
   * few logarithms when p0 moved, nothing otherwise.
   */
  private designFor(p0: number): boolean {
    if (Math.abs(p0 - this.designedFor) <= 0.01 * this.designedFor) return !Number.isNaN(this.effect);
    const { model } = this.config;
    this.designedFor = p0;
    this.effect = model.alternative(p0);
    if (Number.isNaN(this.effect)) return false;
    // The design rate moves slowly with p0: re-derived (a bisection) only after a 10 % move.
    if (!(Math.abs(p0 - this.designP0) <= 0.1 * this.designP0)) {
      this.designP0 = p0;
      this.designRate = model.design(p0, this.effect);
    }
    model.coefficients(p0, Math.max(this.designRate, this.effect), this.coef);
    this.step0 = this.coef[0];
    this.step1 = this.coef[1];
    return true;
  }

  private tryAlarm(log: SegmentLog, sec: number, p0: number, p1: number): boolean {
    const { model } = this.config;
    const coef = this.coef;
    // Profile likelihood: each candidate onset is scored at the rate of the seconds after it.
    const split = log.bestSplitBy((n, k) => {
      model.coefficients(p0, Math.min(model.maxRate, Math.max(k / n, p1)), coef);
      return coef[0] * k + coef[1] * n;
    });
    if (split === null || !(split.n > 0)) return false;
    const before = this.baseN > 0 ? this.baseK / this.baseN : 0;
    const after = split.k / split.n;
    const excess = split.k - before * split.n;
    if (excess < this.config.minExcess || sec - split.sec + 1 < this.config.minSustainSeconds) return false;
    // The minimum effect, in plain numbers: the rate since the onset against the baseline's point estimate.
    const effect = model.alternative(before);
    if (!(after >= effect)) return false;
    this.state = 'changed';
    this.onsetSec = split.sec;
    this.detectedSec = sec;
    this.endSec = NaN;
    this.before = before;
    this.reference = p0;
    this.alternative = p1;
    this.changeN = split.n;
    this.changeK = split.k;
    this.lastChangeSec = sec;
    this.recovery = 0;
    this.endLog?.clear();
    // The pending segment is the change (and a few seconds before it): it never joins the baseline.
    this.clearPending();
    return true;
  }

  private stepChanged(sec: number, firstSec: number, n: number, k: number): StepResult {
    const { model } = this.config;
    this.changeN += n;
    this.changeK += k;
    this.lastChangeSec = sec;
    // Evidence that the rate is back at the baseline rather than still changed: "still
    // changed" is the geometric mean of the reference and the change's own rate (at least
    // the minimum effect), so a partial recovery that stays nearer the incident is no end.
    const level = Math.min(model.maxRate, Math.max(this.alternative, Math.sqrt(this.reference * (this.changeK / this.changeN))));
    model.coefficients(level, this.reference, this.coef);
    const r = this.recovery + this.coef[0] * k + this.coef[1] * n;
    if (r <= 0) {
      this.recovery = 0;
      this.endLog?.clear();
      return 'change';
    }
    this.recovery = r;
    const endLog = (this.endLog ??= new SegmentLog());
    endLog.push(firstSec, n, k);
    if (r < this.config.endThreshold) return 'change';
    const rate = Math.min(model.maxRate, Math.max(this.changeK / this.changeN, this.alternative));
    model.coefficients(rate, this.reference, this.coef);
    const split = endLog.bestSplit(this.coef[0], this.coef[1])!;
    this.endSec = split.sec;
    this.changeN -= split.n;
    this.changeK -= split.k;
    this.toWatch();
    return 'end';
  }

  private toWatch(): void {
    this.state = 'watch';
    this.recovery = 0;
    this.endLog?.clear();
    this.clearPending();
  }

  private absorb(n: number, k: number): void {
    this.baseN += this.pendN + n;
    this.baseK += this.pendK + k;
    this.clearPending();
  }

  private clearPending(): void {
    this.cusum = 0;
    this.pendN = 0;
    this.pendK = 0;
    this.segN = 0;
    this.segK = 0;
    this.log?.clear();
  }

  private decayTo(sec: number): void {
    if (Number.isNaN(this.lastSec)) {
      this.lastSec = sec;
      return;
    }
    const dt = sec - this.lastSec;
    if (!(dt > 0)) return;
    const f = dt === 1 ? this.alpha : decayFactor(this.config.halfLifeSeconds, dt);
    this.baseN *= f;
    this.baseK *= f;
    this.pendN *= f;
    this.pendK *= f;
    this.lastSec = sec;
  }
}
