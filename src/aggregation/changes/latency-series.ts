/**
 * The handshake-latency change test of one distribution: "did p99 rise?" turned into a
 * count test. From the decaying baseline histogram, a threshold
 * T = max(p99 * ratio, p99 + minIncreaseMs) is fixed (re-derived every
 * `refreshSeconds` while nothing is pending); each second, k is the number of
 * handshakes slower than T out of n. The new p99 is at least T exactly when at least
 * 1 % of handshakes are slower than T, so the binomial test of "the share above T rose
 * from its baseline share to at least 1 %" (and at least twice the baseline share) is
 * a test of "p99 rose by the minimum effect". A whole-distribution slowdown gives
 * nearly every handshake as evidence; a slow tail of a few percent is found too, more
 * slowly.
 *
 * `before` is the baseline's p99 at the alarm; `after` the p99 of the handshakes since
 * the (pending segment's) start, in milliseconds, within the histograms' 2 %. The
 * count itself (the share of handshakes slower than T, before and since the onset) is
 * the change's `slowShare`, a rate like every other change's (the report's `changes`).
 */
import { CountChangeTest, type ChangeTestConfig, type StepResult } from './count-change-test.js';
import { DecayingHistogram } from './decaying-histogram.js';

/** Configuration of a {@link LatencySeries}. */
export interface LatencyConfig {
  /** The binomial test (its model should have floor 0.01: the share above T when p99 = T). */
  test: ChangeTestConfig;
  /** T is at least p99 times this. */
  ratio: number;
  /** T is at least p99 plus this many milliseconds. */
  minIncreaseMs: number;
  /** Decayed handshakes the baseline histogram needs before T is set. */
  minSamples: number;
  /** How often T is re-derived, seconds. */
  refreshSeconds: number;
}

/** The p99 change test of one distribution (see the module comment). */
export class LatencySeries {
  readonly test: CountChangeTest;
  /** Handshakes slower than this are the test's events (Infinity until the baseline is large enough). */
  threshold = Infinity;
  /** Baseline p99 at the last alarm, ms. */
  beforeP99 = NaN;
  /** The threshold the change is counted against (the test's slow handshakes), fixed at the last alarm, ms. */
  changeThreshold = NaN;
  /** p99 of the change, frozen at its end (NaN while ongoing: read {@link afterP99}). */
  endedAfterP99 = NaN;
  private readonly baseline: DecayingHistogram;
  /** The pending segment's durations, then the change's; null when neither exists. */
  private recent: DecayingHistogram | null = null;
  private nextRefreshSec = -Infinity;

  constructor(readonly config: LatencyConfig) {
    this.test = new CountChangeTest(config.test);
    this.baseline = new DecayingHistogram(config.test.halfLifeSeconds);
  }

  /** The p99 of the ongoing change's handshakes (or of the ended one), ms; NaN when unknown. */
  get afterP99(): number {
    if (this.test.state === 'watch') return this.endedAfterP99;
    return this.recent?.quantile(0.99) ?? NaN;
  }

  /** The baseline p99 now, ms (null before any handshake). */
  baselineP99(): number | null {
    return this.baseline.quantile(0.99);
  }

  /** One closed second of handshake durations. `warm`: the distribution's own warm-up. */
  step(sec: number, durations: readonly number[], warm: boolean): StepResult {
    if (durations.length === 0) return this.test.state === 'changed' ? 'change' : 'baseline';
    let slow = 0;
    for (const d of durations) if (d > this.threshold) slow++;
    const ready = warm && this.threshold !== Infinity && this.baseline.count(sec) >= this.config.minSamples;
    const result = this.test.step(sec, durations.length, slow, ready);
    switch (result) {
      case 'warmup':
      case 'baseline':
        if (this.recent !== null) {
          this.baseline.merge(this.recent);
          this.recent = null;
        }
        for (const d of durations) this.baseline.add(d, sec);
        break;
      case 'alarm':
        this.beforeP99 = this.baseline.quantile(0.99) ?? NaN;
        this.changeThreshold = this.threshold;
        this.endedAfterP99 = NaN;
        this.addRecent(durations, sec);
        break;
      case 'segment':
      case 'change':
        this.addRecent(durations, sec);
        break;
      case 'end':
        this.finishChange();
        break;
    }
    if (this.test.quiet && sec >= this.nextRefreshSec) this.refresh(sec);
    return result;
  }

  /** End an ongoing change at `sec` (the distribution went silent). */
  forceEnd(sec: number): void {
    if (this.test.state !== 'changed') return;
    this.test.forceEnd(sec);
    this.finishChange();
  }

  private finishChange(): void {
    this.endedAfterP99 = this.recent?.quantile(0.99) ?? NaN;
    // What came after the end is not known to be baseline: dropped, like the change itself.
    this.recent = null;
    this.nextRefreshSec = -Infinity;
  }

  private addRecent(durations: readonly number[], sec: number): void {
    if (durations.length === 0) return;
    const recent = (this.recent ??= new DecayingHistogram(this.config.test.halfLifeSeconds));
    for (const d of durations) recent.add(d, sec);
  }

  private refresh(sec: number): void {
    this.nextRefreshSec = sec + this.config.refreshSeconds;
    const n = this.baseline.count(sec);
    const p99 = this.baseline.quantile(0.99);
    if (p99 === null || n < this.config.minSamples) return;
    this.threshold = Math.max(p99 * this.config.ratio, p99 + this.config.minIncreaseMs);
    this.test.resetBaseline(n, n * this.baseline.shareAbove(this.threshold));
  }
}
