/**
 * The change detector's output and options. A {@link Change} is shaped for the report
 * and the Changes pane as they are: ranked by impact, times as epoch ms, rates as
 * fractions (p99 in milliseconds, firewall series in entries per second).
 */
import type { AttributeShare } from './attribution.js';
import type { ChangeKind } from './series-key.js';

/** One detected change. */
export interface Change {
  /** Stable while the change lasts: kind, series and onset. */
  id: string;
  kind: ChangeKind;
  /** The distribution; null for firewall series. */
  distributionId: string | null;
  /** The tenant, or null for a distribution-wide (or firewall) change. */
  tenantId: string | null;
  /**
   * The code without `Failed:` (`ClientCertUntrusted`); `Failed` for the overall
   * failure rate; `p99` for latency; `REVOKED/DROP` (status/action) for revocation
   * checks; the error class (`missing_sni`, `sni_mismatch`, `other`) for TLS errors.
   */
  failureCode: string;
  /** The SNI of a revocation-check series; null otherwise. */
  sni: string | null;
  /** First second of the sustained shift, epoch ms. */
  onset: number;
  /** First second back at the baseline, epoch ms; null while ongoing. */
  end: number | null;
  /** The event-time watermark when the change was confirmed, epoch ms. */
  detectedAt: number;
  /** Baseline before the onset, and the level since (to the end): see `unit`. */
  before: number;
  after: number;
  /** `fraction` (0..1 of handshakes), `ms` (p99), `per-second` (firewall entries). */
  unit: 'fraction' | 'ms' | 'per-second';
  /**
   * Latency changes only: what the p99 test counts, the share (0..1) of handshakes slower
   * than `thresholdMs` before the onset and since (a p99 above the threshold is more
   * than 1 % of them): the change as a rate, for readers that compare rates.
   */
  slowShare?: { before: number; after: number; thresholdMs: number };
  /** Excess failures (slow handshakes, firewall entries) per second over the baseline, from onset to end or now. */
  excessFailures: number;
  /** Failures (slow handshakes, firewall entries) from the onset to the end or now. */
  events: number;
  /** The values most over-represented among the new failures. */
  attributes: AttributeShare[];
  /**
   * Events (decayed) in the baseline the attributes' `baselineShare` comes from. Below
   * THIN_BASELINE (20) there was next to nothing to compare with: a change in the first
   * minutes of what the detector saw, or with a long lag (the baseline settles in steps
   * of the lag, attribution.ts), and a `baselineShare` of 0 means "not known".
   */
  baselineEvents?: number;
}

/** Per-second counts of one distribution (or tenant): for callers that hold aggregates, and for tests. */
export interface ConnectionCounts {
  timeMs: number;
  distributionId?: string;
  tenantId?: string | null;
  /** Handshakes (successes and failures). */
  handshakes: number;
  /** Failures by code (without `Failed:`); their sum is at most `handshakes`. */
  failures?: Readonly<Record<string, number>>;
  /** Handshake durations, ms (any number of them). */
  durations?: readonly number[];
}

/** Options of a {@link ChangeDetector}; every field has a default ({@link DEFAULT_CHANGE_OPTIONS}). */
export interface ChangeDetectorOptions {
  /** A second is analysed once the watermark is this many seconds past it (out-of-order tolerance). */
  lagSeconds: number;
  /** Half-life of every baseline, seconds of event time. */
  halfLifeSeconds: number;
  /** CUSUM threshold, log-likelihood ratio. */
  threshold: number;
  /** Most evidence one second may add, as a fraction of `threshold`. */
  maxStepEvidence: number;
  /** Recovery CUSUM threshold. */
  endThreshold: number;
  /** A unit is tested once it has this many seconds of history... */
  minBaselineSeconds: number;
  /** ...and its series' baselines hold this many (decayed) handshakes. */
  minBaselineHandshakes: number;
  /** Firewall series: decayed seconds of history before testing. */
  minBaselineFirewallSeconds: number;
  /** Excess failures after the onset for a change to stand. */
  minExcess: number;
  /** Shortest change, seconds. */
  minSustainSeconds: number;
  /** A pending segment that does not become a change within this many seconds joins the baseline. */
  maxPendingSeconds: number;
  /** Failure rates: the minimum effect is max(rate * ratio, rate + delta). */
  failureRatio: number;
  failureDelta: number;
  /** Latency: the minimum effect is p99 rising to max(p99 * ratio, p99 + minIncreaseMs). */
  latencyRatio: number;
  latencyMinIncreaseMs: number;
  /** Decayed handshakes before the p99 threshold is set. */
  latencyMinSamples: number;
  /** Firewall: the minimum effect is max(rate * ratio, rate + delta) entries per second. */
  firewallRatio: number;
  firewallDelta: number;
  /** Caps: distributions, tenant units, codes per unit, code series in all, firewall series. */
  maxDistributions: number;
  maxTenantUnits: number;
  maxCodesPerUnit: number;
  maxCodeSeries: number;
  maxFirewallSeries: number;
  /** Most changes kept (ongoing ones first; the oldest ended ones go). */
  maxChanges: number;
  /** Ended changes are kept this long after their end (Infinity for a report over a whole file). */
  retainEndedSeconds: number;
  /** A unit without traffic for this long is forgotten. */
  unitIdleSeconds: number;
  /** An ongoing change of a unit without traffic for this long ends at its last second of traffic. */
  silentEndSeconds: number;
  /** Attribution: handshakes per second per distribution sampled into its baseline tables (Infinity: all). */
  attributeSamplesPerSecond: number;
  /** Attribution: table capacities, ring capacity, and how values are chosen. */
  attributeBaselineCapacity: number;
  attributeFailureCapacity: number;
  attributeRingCapacity: number;
  maxAttributes: number;
  maxAttributesPerField: number;
  minAttributeShare: number;
  minAttributeLift: number;
}

/** The defaults: a 10-minute half-life, a 3 s lag, threshold 14 with a third of it per second at most, +5 points and doubled for failures, p99 x 1.5 and +50 ms, +0.2/s and doubled for firewall series. */
export const DEFAULT_CHANGE_OPTIONS: Readonly<ChangeDetectorOptions> = {
  lagSeconds: 3,
  halfLifeSeconds: 600,
  threshold: 14,
  maxStepEvidence: 1 / 3,
  endThreshold: 6,
  minBaselineSeconds: 15,
  minBaselineHandshakes: 50,
  minBaselineFirewallSeconds: 15,
  minExcess: 5,
  minSustainSeconds: 3,
  maxPendingSeconds: 300,
  failureRatio: 2,
  failureDelta: 0.05,
  latencyRatio: 1.5,
  latencyMinIncreaseMs: 50,
  latencyMinSamples: 200,
  firewallRatio: 2,
  firewallDelta: 0.2,
  maxDistributions: 1000,
  maxTenantUnits: 1000,
  maxCodesPerUnit: 32,
  maxCodeSeries: 8192,
  maxFirewallSeries: 256,
  maxChanges: 256,
  retainEndedSeconds: 3600,
  unitIdleSeconds: 3600,
  silentEndSeconds: 900,
  attributeSamplesPerSecond: 2,
  attributeBaselineCapacity: 16,
  attributeFailureCapacity: 16,
  attributeRingCapacity: 32,
  maxAttributes: 6,
  maxAttributesPerField: 2,
  minAttributeShare: 0.25,
  minAttributeLift: 0.15,
};

/** Sizes, for memory tests and the header. */
export interface ChangeDetectorStats {
  units: number;
  codeSeries: number;
  firewallSeries: number;
  activeChanges: number;
  changes: number;
  /** Events older than the last analysed second when they arrived (not analysed). */
  lateEvents: number;
  /** The watermark (largest event time or advance() time), epoch ms; NaN before any. */
  watermarkMs: number;
  /** End (exclusive) of the last analysed second, epoch ms; NaN before any. */
  analysedUntilMs: number;
}
