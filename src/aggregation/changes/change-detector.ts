/**
 * The change detector: "what changed, where, since when, and why", on event time.
 *
 * Series. Per distribution (tenantId null: all its handshakes) and per (distribution,
 * tenant): one binomial test per failure code (k failures with that code in n
 * handshakes of a second), one for the overall failure rate (any code), and one for
 * handshake p99 (see latency-series.ts). Per firewall (SNI, revocation status, action)
 * and per TLS error class: a Poisson test (k entries in a second). Each test is a
 * CUSUM against the series' own decaying baseline with a minimum effect size and an
 * upper-bound reference rate (count-change-test.ts, rate-model.ts).
 *
 * Time. Everything runs on event time. Events are counted into open seconds; a second
 * is analysed (closed) once the watermark (the largest event time seen, or the time
 * given to {@link ChangeDetector.advance}) is `lagSeconds` past it, so events a few
 * seconds out of order count where they belong, and a whole history read at once is
 * analysed exactly as it would have been live. Events older than the last closed
 * second are counted as late and not analysed. Quiet seconds cost nothing: binomial
 * seconds without handshakes carry no information, and a Poisson gap is one step.
 * The watermark trusts event times: a caller that receives hostile timestamps should
 * clamp future ones to its clock first (as the store counts them as "now"), and a live
 * caller that calls advance() with its clock should subtract its sources' delivery
 * delay, or those events arrive late.
 *
 * Changes. A confirmed change gets its onset (the maximum-likelihood split), an end
 * when the recovery test says so (or when its distribution goes silent for
 * `silentEndSeconds`), and an attribution (attribution.ts). {@link ChangeDetector.changes}
 * ranks ongoing and ended changes by excess failures per second; a tenant's change is
 * folded into the same change of its whole distribution, and an overall-rate change
 * into the per-code changes that explain most of it. The list is computed once per
 * closed second.
 *
 * Memory is bounded by the caps: distributions and tenant units beyond their caps fold
 * into `(other)`, as do codes and firewall SNIs; per series the state is O(1) plus two
 * bounded segment logs (made when a segment first starts); per unit a histogram (at
 * most 353 bins, only the range in use allocated), three generations of attribute
 * tables (each generation's tables in one flat set) and a flat ring, and a record per
 * open second taken from a shared pool; idle units and series are forgotten; kept
 * changes are capped. Thousands of units are normal (1,000 distributions and 1,000
 * tenants, and an `(other)` tenant per distribution), so per-unit objects and small
 * arrays are what the layout avoids.
 */
import type { ConnectionEvent, FirewallEvent, LogEvent, TlsErrorClass } from '../../events/types.js';
import { NO_DISTRIBUTION, OTHER_LABEL, clampLabel } from '../group-registry.js';
import {
  AttributeProfile,
  CONNECTION_FIELDS,
  FIREWALL_FIELDS,
  connectionAttributes,
  firewallAttributes,
  type AttributeField,
  type ChangeAttribution,
  type RankOptions,
} from './attribution.js';
import { CountChangeTest, type ChangeTestConfig, type StepResult } from './count-change-test.js';
import { decayFactor, decayedSeconds } from './decay.js';
import { LatencySeries, type LatencyConfig } from './latency-series.js';
import { binomialModel, poissonModel } from './rate-model.js';
import { ANY_FAILURE, P99_CODE, changeId, firewallSeriesKey, revocationCode, unitKey, type ChangeKind } from './series-key.js';
import {
  DEFAULT_CHANGE_OPTIONS,
  type Change,
  type ChangeDetectorOptions,
  type ChangeDetectorStats,
  type ConnectionCounts,
} from './types.js';

/** Counts of one unit in one open second. */
interface UnitSecond {
  sec: number;
  n: number;
  failures: number;
  codes: string[];
  counts: number[];
  durations: number[];
}

/** One failure-code series of a unit. */
interface CodeSeries {
  code: string;
  test: CountChangeTest;
  lastFailureSec: number;
  change: ChangeRecord | null;
  /** Failures of the second being closed (scratch). */
  k: number;
}

/** A distribution, or one tenant of a distribution. */
interface Unit {
  key: string;
  distributionId: string;
  tenantId: string | null;
  firstSec: number;
  /** Last closed second with handshakes. */
  lastSec: number;
  /** Last second an event was counted into (may still be open). */
  lastObservedSec: number;
  /** Decayed handshakes, at `massSec`: the baseline a new code series starts from. */
  mass: number;
  massSec: number;
  /** The unit's open seconds by ring slot (null: no counts in it); records come from the detector's pool. */
  slots: (UnitSecond | null)[];
  overall: CountChangeTest;
  overallChange: ChangeRecord | null;
  codes: Map<string, CodeSeries>;
  latency: LatencySeries;
  latencyChange: ChangeRecord | null;
  profile: AttributeProfile;
  /** Ongoing changes of this unit (their attributions take new events). */
  active: ChangeRecord[];
  /** The profile rolls at the first quiet second from this one on. */
  nextRollSec: number;
  /** Share of handshakes sampled into the attribute baseline, and the sampling credit. */
  sampleRate: number;
  sampleCredit: number;
}

/** One firewall series. */
interface FirewallSeries {
  key: string;
  kind: 'firewall-revocation' | 'firewall-tls-error';
  code: string;
  sni: string | null;
  test: CountChangeTest;
  /** Last second stepped. */
  lastSec: number;
  lastObservedSec: number;
  slotSecs: number[];
  slotCounts: number[];
  profile: AttributeProfile;
  change: ChangeRecord | null;
}

/** Which open second a ring slot holds, and who has counts in it. */
interface Bucket {
  sec: number;
  units: Unit[];
  firewall: FirewallSeries[];
}

/** A change as the detector keeps it. */
interface ChangeRecord {
  id: string;
  kind: ChangeKind;
  distributionId: string | null;
  tenantId: string | null;
  failureCode: string;
  sni: string | null;
  onsetMs: number;
  detectedAtMs: number;
  test: CountChangeTest;
  latency: LatencySeries | null;
  unit: Unit | null;
  firewall: FirewallSeries | null;
  attribution: ChangeAttribution;
  /** Set when the change ended: its final form. */
  frozen: Change | null;
}

/** Detects changes in failure rates, p99 and firewall entries, on event time (see the module comment). */
export class ChangeDetector {
  readonly options: Readonly<ChangeDetectorOptions>;
  private readonly failureTest: ChangeTestConfig;
  private readonly latencyConfig: LatencyConfig;
  private readonly firewallTest: ChangeTestConfig;
  private readonly rank: RankOptions;
  private readonly ringSize: number;
  private nextFirewallRollSec = -Infinity;
  private readonly buckets: Bucket[];
  /**
   * Records of closed seconds for reuse: a unit holds one only while it has counts in an
   * open second (at most the ring's few seconds), not one per ring slot for ever.
   */
  private readonly freeSeconds: UnitSecond[] = [];
  private readonly units = new Map<string, Unit>();
  private distributionUnits = 0;
  private tenantUnits = 0;
  private codeSeries = 0;
  private readonly firewall = new Map<string, FirewallSeries>();
  private readonly activeFirewall = new Set<FirewallSeries>();
  /** One profile for every firewall entry: the baseline a firewall change is compared with. */
  private readonly firewallProfile: AttributeProfile;
  private firewallFirstSec = NaN;
  private records: ChangeRecord[] = [];
  private watermarkSec = -Infinity;
  private watermarkMs = NaN;
  private closedUntil = -Infinity;
  private nextSweepSec = -Infinity;
  private late = 0;
  private readonly values: (string | null)[] = [];
  /** The last result of changes() and the closed second it was computed at. */
  private listed: Change[] | null = null;
  private listedAt = NaN;

  constructor(options: Partial<ChangeDetectorOptions> = {}) {
    const o = (this.options = { ...DEFAULT_CHANGE_OPTIONS, ...options });
    const common = {
      halfLifeSeconds: o.halfLifeSeconds,
      threshold: o.threshold,
      maxStepEvidence: o.threshold * o.maxStepEvidence,
      endThreshold: o.endThreshold,
      minExcess: o.minExcess,
      minSustainSeconds: o.minSustainSeconds,
      maxPendingSeconds: o.maxPendingSeconds,
    };
    this.failureTest = {
      ...common,
      model: binomialModel({ ratio: o.failureRatio, delta: o.failureDelta, floor: 0 }),
      minBaseline: o.minBaselineHandshakes,
    };
    this.latencyConfig = {
      test: { ...common, model: binomialModel({ ratio: 2, delta: 0, floor: 0.01 }), minBaseline: o.minBaselineHandshakes },
      ratio: o.latencyRatio,
      minIncreaseMs: o.latencyMinIncreaseMs,
      minSamples: o.latencyMinSamples,
      refreshSeconds: 60,
    };
    this.firewallTest = {
      ...common,
      model: poissonModel({ ratio: o.firewallRatio, delta: o.firewallDelta, floor: 0 }),
      minBaseline: o.minBaselineFirewallSeconds,
    };
    this.rank = {
      maxAttributes: o.maxAttributes,
      maxPerField: o.maxAttributesPerField,
      minShare: o.minAttributeShare,
      minLift: o.minAttributeLift,
    };
    this.ringSize = Math.max(1, Math.ceil(o.lagSeconds)) + 2;
    this.buckets = Array.from({ length: this.ringSize }, () => ({ sec: NaN, units: [], firewall: [] }));
    this.firewallProfile = this.newProfile(FIREWALL_FIELDS);
  }

  /** Count one event at its own timestamp (advances the watermark when it is the newest so far). */
  observe(event: LogEvent): void {
    if (event.kind === 'connection') this.observeConnection(event);
    else this.observeFirewall(event);
  }

  /** Count one second's aggregate counts of a distribution (or tenant); no attribution. */
  observeCounts(counts: ConnectionCounts): void {
    const sec = this.admit(counts.timeMs);
    if (sec === null) return;
    const n = Math.max(0, Math.floor(counts.handshakes));
    const whole = this.wholeUnit(counts.distributionId);
    const tenant = this.tenantUnit(whole, counts.tenantId ?? undefined);
    for (const unit of tenant === null ? [whole] : [whole, tenant]) {
      const slot = this.slotOf(unit, sec);
      slot.n += n;
      let failed = 0;
      for (const [rawCode, raw] of Object.entries(counts.failures ?? {})) {
        const k = Math.min(Math.max(0, Math.floor(raw)), n - failed);
        if (k <= 0) continue;
        failed += k;
        addCode(slot, clampLabel(rawCode), k);
      }
      slot.failures += failed;
      for (const d of counts.durations ?? []) if (d >= 0 && d !== Infinity) slot.durations.push(d);
    }
  }

  /** Move the watermark to `watermarkMs` (a live caller's clock, or the end of an input), closing the seconds it passes. */
  advance(watermarkMs: number): void {
    if (!Number.isFinite(watermarkMs)) return;
    this.moveWatermark(Math.floor(watermarkMs / 1000), watermarkMs);
  }

  /** Analyse every open second now (the end of a read-once input). */
  flush(): void {
    if (this.watermarkSec === -Infinity) return;
    this.closeThrough(this.watermarkSec);
  }

  /**
   * The changes found, ongoing and ended (kept for `retainEndedSeconds`), ranked by
   * excess failures per second. Changes move only when seconds close, so the result is
   * computed once per closed second and the same (read-only) array is returned until
   * then: cheap to poll, and a stable snapshot for `useSyncExternalStore`.
   */
  changes(): readonly Change[] {
    if (this.listedAt === this.closedUntil && this.listed !== null) return this.listed;
    const all = this.records.map((r) => this.toChange(r));
    const shown = all.filter((c) => !this.folded(c, all));
    shown.sort((a, b) => b.excessFailures - a.excessFailures || a.onset - b.onset || (a.id < b.id ? -1 : 1));
    this.listed = shown;
    this.listedAt = this.closedUntil;
    return shown;
  }

  /**
   * The SNI most seen among a distribution's handshakes lately (its attribute baseline:
   * sampled, decaying with the half-life), the name people know it by; null for a
   * distribution not followed or without SNIs. (The baseline holds its other fields as
   * hashes, so SNI is the one field it can name.)
   */
  mostSeen(distributionId: string, field: 'sni'): string | null {
    return this.units.get(unitKey(distributionId, null))?.profile.mostSeen(field) ?? null;
  }

  /** Whether some change has not ended yet (a live view of it moves with every closed second). */
  hasOngoing(): boolean {
    return this.records.some((r) => r.frozen === null);
  }

  /** Sizes (for memory tests). */
  stats(): ChangeDetectorStats {
    let active = 0;
    for (const r of this.records) if (r.frozen === null) active++;
    return {
      units: this.units.size,
      codeSeries: this.codeSeries,
      firewallSeries: this.firewall.size,
      activeChanges: active,
      changes: this.records.length,
      lateEvents: this.late,
      watermarkMs: this.watermarkMs,
      analysedUntilMs: Number.isFinite(this.closedUntil) ? (this.closedUntil + 1) * 1000 : NaN,
    };
  }

  // ---- ingest ----

  /** The event's second, after moving the watermark; null (and counted late) when that second is closed. */
  private admit(timeMs: number): number | null {
    if (!Number.isFinite(timeMs)) return null;
    const sec = Math.floor(timeMs / 1000);
    this.moveWatermark(sec, timeMs);
    if (sec <= this.closedUntil) {
      this.late++;
      return null;
    }
    return sec;
  }

  private observeConnection(event: ConnectionEvent): void {
    const sec = this.admit(event.eventTimestamp);
    if (sec === null) return;
    const failed = event.outcome === 'failed';
    const code = failed ? clampLabel(event.failureCode ?? OTHER_LABEL) : null;
    const duration = event.tlsHandshakeDuration;
    const hasDuration = duration !== undefined && duration >= 0 && duration !== Infinity;
    const values = this.values;
    connectionAttributes(event, values);
    const whole = this.wholeUnit(event.distributionId);
    this.countConnection(whole, sec, event.eventTimestamp, code, hasDuration ? duration : -1, values);
    const tenant = this.tenantUnit(whole, event.distributionTenantId);
    if (tenant !== null) this.countConnection(tenant, sec, event.eventTimestamp, code, hasDuration ? duration : -1, values);
  }

  /** Count one handshake (duration -1 when unknown) into a unit's open second, profile, ring and ongoing changes. */
  private countConnection(unit: Unit, sec: number, timeMs: number, code: string | null, duration: number, values: (string | null)[]): void {
    const slot = this.slotOf(unit, sec);
    slot.n++;
    if (code !== null) {
      slot.failures++;
      addCode(slot, code, 1);
    }
    if (duration >= 0) slot.durations.push(duration);
    // The attribute baseline takes a systematic sample, each sampled handshake weighing for those skipped.
    unit.sampleCredit += unit.sampleRate;
    if (unit.sampleCredit >= 1) {
      unit.sampleCredit -= 1;
      unit.profile.observe(sec, values, 1 / unit.sampleRate);
    }
    const slow = duration > unit.latency.threshold;
    if (code === null && !slow) return;
    unit.profile.recent.push(timeMs, code, slow, values);
    for (const change of unit.active) {
      if (timeMs >= change.onsetMs && matchesChange(change, unit, code, slow)) change.attribution.add(values);
    }
  }

  private observeFirewall(event: FirewallEvent): void {
    if (event.category === 'other') return;
    const sec = this.admit(event.timestampMs);
    if (sec === null) return;
    if (Number.isNaN(this.firewallFirstSec) || sec < this.firewallFirstSec) this.firewallFirstSec = sec;
    const series = this.firewallSeriesFor(event, sec);
    const slot = mod(sec, this.ringSize);
    if (series.slotSecs[slot] !== sec) {
      series.slotSecs[slot] = sec;
      series.slotCounts[slot] = 0;
      this.bucketOf(sec).firewall.push(series);
    }
    series.slotCounts[slot]!++;
    series.lastObservedSec = Math.max(series.lastObservedSec, sec);
    const values = this.values;
    firewallAttributes(event, values);
    series.profile.observe(sec, values);
    series.profile.recent.push(event.timestampMs, series.key, false, values);
    const change = series.change;
    if (change !== null && event.timestampMs >= change.onsetMs) change.attribution.add(values);
  }

  /** The unit of a distribution (all its handshakes). */
  private wholeUnit(distributionId: string | undefined): Unit {
    const found = distributionId === undefined ? undefined : this.units.get(distributionId);
    if (found !== undefined && found.tenantId === null) return found;
    return this.unitFor(distributionId === undefined || distributionId === '' ? NO_DISTRIBUTION : clampLabel(distributionId), null);
  }

  /** The unit of a tenant of `whole`'s distribution; null without a tenant, or when the distribution was folded into (other). */
  private tenantUnit(whole: Unit, tenantId: string | undefined): Unit | null {
    if (tenantId === undefined || tenantId === '' || whole.distributionId === OTHER_LABEL) return null;
    return this.unitFor(whole.distributionId, clampLabel(tenantId));
  }

  private unitFor(distributionId: string, tenantId: string | null): Unit {
    const key = unitKey(distributionId, tenantId);
    const found = this.units.get(key);
    if (found !== undefined) return found;
    const o = this.options;
    if (tenantId === null && distributionId !== OTHER_LABEL) {
      if (this.distributionUnits >= o.maxDistributions) return this.unitFor(OTHER_LABEL, null);
      this.distributionUnits++;
    } else if (tenantId !== null && tenantId !== OTHER_LABEL) {
      if (this.tenantUnits >= o.maxTenantUnits) return this.unitFor(distributionId, OTHER_LABEL);
      this.tenantUnits++;
    }
    const unit: Unit = {
      key,
      distributionId,
      tenantId,
      firstSec: NaN,
      lastSec: NaN,
      lastObservedSec: -Infinity,
      mass: 0,
      massSec: NaN,
      slots: new Array<UnitSecond | null>(this.ringSize).fill(null),
      overall: new CountChangeTest(this.failureTest),
      overallChange: null,
      codes: new Map(),
      latency: new LatencySeries(this.latencyConfig),
      latencyChange: null,
      profile: this.newProfile(CONNECTION_FIELDS),
      active: [],
      nextRollSec: -Infinity,
      sampleRate: 1,
      sampleCredit: 0,
    };
    this.units.set(key, unit);
    return unit;
  }

  private newProfile(fields: readonly AttributeField[]): AttributeProfile {
    const o = this.options;
    return new AttributeProfile(fields, o.halfLifeSeconds, o.attributeBaselineCapacity, o.attributeRingCapacity);
  }

  private slotOf(unit: Unit, sec: number): UnitSecond {
    const i = mod(sec, this.ringSize);
    let slot = unit.slots[i]!;
    if (slot === null) {
      slot = this.freeSeconds.pop() ?? { sec: NaN, n: 0, failures: 0, codes: [], counts: [], durations: [] };
      unit.slots[i] = slot;
    }
    if (slot.sec !== sec) {
      slot.sec = sec;
      this.bucketOf(sec).units.push(unit);
    }
    if (sec > unit.lastObservedSec) unit.lastObservedSec = sec;
    return slot;
  }

  private bucketOf(sec: number): Bucket {
    const bucket = this.buckets[mod(sec, this.ringSize)]!;
    if (bucket.sec !== sec) bucket.sec = sec;
    return bucket;
  }

  private firewallSeriesFor(event: FirewallEvent, sec: number): FirewallSeries {
    let kind: FirewallSeries['kind'];
    let code: string;
    let sni: string | null = null;
    if (event.category === 'tls_error') {
      kind = 'firewall-tls-error';
      code = event.tlsErrorClass ?? 'other';
    } else {
      kind = 'firewall-revocation';
      const check = event.event.revocation_check;
      code = clampLabel(revocationCode(check?.status ?? 'UNKNOWN', check?.action ?? 'UNKNOWN'));
      sni = event.event.sni === undefined || event.event.sni === '' ? '-' : clampLabel(event.event.sni);
    }
    let key = kind === 'firewall-revocation' ? firewallSeriesKey(kind, sni!, code) : firewallSeriesKey(kind, code as TlsErrorClass);
    const found = this.firewall.get(key);
    if (found !== undefined) return found;
    if (this.firewall.size >= this.options.maxFirewallSeries) {
      // Beyond the cap: one series per kind and code under SNI (other).
      if (kind === 'firewall-revocation') sni = OTHER_LABEL;
      else code = OTHER_LABEL;
      key = kind === 'firewall-revocation' ? firewallSeriesKey(kind, sni!, code) : firewallSeriesKey(kind, code as TlsErrorClass);
      const other = this.firewall.get(key);
      if (other !== undefined) return other;
    }
    const test = new CountChangeTest(this.firewallTest);
    // A new series starts with the firewall's whole history as its (empty) baseline.
    test.seed(sec - 1, decayedSeconds(this.options.halfLifeSeconds, sec - this.firewallFirstSec));
    const series: FirewallSeries = {
      key,
      kind,
      code,
      sni,
      test,
      lastSec: sec - 1,
      lastObservedSec: sec,
      slotSecs: new Array<number>(this.ringSize).fill(NaN),
      slotCounts: new Array<number>(this.ringSize).fill(0),
      profile: this.firewallProfile,
      change: null,
    };
    this.firewall.set(key, series);
    return series;
  }

  // ---- closing seconds ----

  private moveWatermark(sec: number, ms: number): void {
    if (!(ms <= this.watermarkMs)) this.watermarkMs = ms;
    if (sec <= this.watermarkSec) return;
    this.watermarkSec = sec;
    const target = sec - Math.ceil(this.options.lagSeconds) - 1;
    if (this.closedUntil === -Infinity) {
      this.closedUntil = target;
      this.nextSweepSec = target + 60;
      return;
    }
    this.closeThrough(target);
  }

  /** Analyse every second up to and including `target`. */
  private closeThrough(target: number): void {
    if (target <= this.closedUntil) return;
    // Only the ring's seconds can hold counts: a jump over a long gap costs ringSize steps.
    const last = Math.min(target, this.closedUntil + this.ringSize);
    for (let s = this.closedUntil + 1; s <= last; s++) this.closeSecond(s);
    if (target > last) for (const series of [...this.activeFirewall]) this.stepFirewall(series, target, 0);
    this.closedUntil = target;
    if (target >= this.nextSweepSec) {
      this.nextSweepSec = target + 60;
      this.sweep();
    }
  }

  private closeSecond(s: number): void {
    const bucket = this.buckets[mod(s, this.ringSize)]!;
    if (bucket.sec === s) {
      for (const unit of bucket.units) this.stepUnit(unit, s);
      for (const series of bucket.firewall) {
        const slot = mod(s, this.ringSize);
        if (series.slotSecs[slot] === s) this.stepFirewall(series, s, series.slotCounts[slot]!);
        series.slotSecs[slot] = NaN;
      }
      bucket.units.length = 0;
      bucket.firewall.length = 0;
      bucket.sec = NaN;
    }
    if (this.activeFirewall.size > 0)
      for (const series of [...this.activeFirewall]) if (series.lastSec < s) this.stepFirewall(series, s, 0);
    this.closedUntil = s;
    if (s >= this.nextFirewallRollSec && this.firewall.size > 0) this.rollFirewall(s);
  }

  /**
   * Seconds to the next roll of an attribute profile `age` seconds old: half its age
   * (so a young baseline settles soon), at least the lag and a second (see
   * AttributeProfile), at most 30 s.
   */
  private rollInterval(age: number): number {
    return Math.max(this.ringSize, Math.min(30, Math.floor(age / 2)));
  }

  /** Roll the firewall profile if every firewall series is quiet (pending ones are stepped to `s` first). */
  private rollFirewall(s: number): void {
    let busy = false;
    for (const series of this.firewall.values()) {
      if (!series.test.quiet && series.test.state === 'watch' && series.lastSec < s && series.lastObservedSec <= s) {
        this.stepFirewall(series, s, 0);
      }
      if (!series.test.quiet) busy = true;
    }
    if (busy) return;
    this.firewallProfile.roll();
    this.nextFirewallRollSec = s + this.rollInterval(s - this.firewallFirstSec);
  }

  private stepUnit(unit: Unit, s: number): void {
    const at = mod(s, this.ringSize);
    const slot = unit.slots[at]!;
    if (slot === null || slot.sec !== s) return;
    const n = slot.n;
    if (n > 0) {
      if (Number.isNaN(unit.firstSec)) unit.firstSec = s;
      const warm = s - unit.firstSec >= this.options.minBaselineSeconds;
      const massBefore = Number.isNaN(unit.massSec) ? 0 : unit.mass * decayFactor(this.options.halfLifeSeconds, s - 1 - unit.massSec);
      const overall = unit.overall.step(s, n, slot.failures, warm);
      this.handleUnit(unit, 'failure-rate', ANY_FAILURE, unit.overall, overall, null);
      for (let i = 0; i < slot.codes.length; i++) this.codeSeriesFor(unit, slot.codes[i]!, s, massBefore).k += slot.counts[i]!;
      for (const series of unit.codes.values()) {
        const k = series.k;
        series.k = 0;
        if (k > 0) series.lastFailureSec = s;
        const result = series.test.step(s, n, k, warm);
        this.handleUnit(unit, 'failure-code', series.code, series.test, result, series);
      }
      const latency = unit.latency.step(s, slot.durations, warm);
      this.handleUnit(unit, 'latency-p99', P99_CODE, unit.latency.test, latency, null);
      unit.mass = massBefore * decayFactor(this.options.halfLifeSeconds, 1) + n;
      unit.massSec = s;
      unit.lastSec = s;
      // Handshakes per second over the unit's (decayed) history, for the attribute sampling.
      const rate = unit.mass / decayedSeconds(this.options.halfLifeSeconds, s - unit.firstSec + 1);
      unit.sampleRate = Math.min(1, this.options.attributeSamplesPerSecond / rate);
      if (s >= unit.nextRollSec && unitQuiet(unit)) {
        unit.profile.roll();
        unit.nextRollSec = s + this.rollInterval(s - unit.firstSec);
      }
    }
    slot.sec = NaN;
    slot.n = 0;
    slot.failures = 0;
    slot.codes.length = 0;
    slot.counts.length = 0;
    slot.durations.length = 0;
    unit.slots[at] = null;
    this.freeSeconds.push(slot);
  }

  private codeSeriesFor(unit: Unit, code: string, s: number, massBefore: number): CodeSeries {
    const found = unit.codes.get(code);
    if (found !== undefined) return found;
    const full = unit.codes.size >= this.options.maxCodesPerUnit || this.codeSeries >= this.options.maxCodeSeries;
    if (full && code !== OTHER_LABEL) return this.codeSeriesFor(unit, OTHER_LABEL, s, massBefore);
    const test = new CountChangeTest(this.failureTest);
    // A code never seen before has the distribution's whole history as its baseline: zero of it.
    test.seed(s - 1, massBefore);
    const series: CodeSeries = { code, test, lastFailureSec: s, change: null, k: 0 };
    unit.codes.set(code, series);
    this.codeSeries++;
    return series;
  }

  private stepFirewall(series: FirewallSeries, s: number, k: number): void {
    const o = this.options;
    const warm = s - this.firewallFirstSec >= o.minBaselineSeconds;
    const gap = s - series.lastSec - 1;
    if (gap > 0) this.handleFirewall(series, series.test.step(s - 1, gap, 0, warm, gap));
    this.handleFirewall(series, series.test.step(s, 1, k, warm));
    series.lastSec = s;
  }

  // ---- changes ----

  private handleUnit(
    unit: Unit,
    kind: ChangeKind,
    code: string,
    test: CountChangeTest,
    result: StepResult,
    series: CodeSeries | null,
  ): void {
    if (result === 'alarm') {
      const record = this.newRecord(kind, unit.distributionId, unit.tenantId, code, null, test);
      record.unit = unit;
      if (kind === 'latency-p99') record.latency = unit.latency;
      const excluded: AttributeField[] = unit.tenantId === null ? [] : ['tenant'];
      record.attribution = unit.profile.startChange(
        record.onsetMs,
        (entry) => matchesChange(record, unit, entry.code, entry.slow),
        excluded,
        this.options.attributeFailureCapacity,
      );
      unit.active.push(record);
      if (series !== null) series.change = record;
      else if (kind === 'latency-p99') unit.latencyChange = record;
      else unit.overallChange = record;
      this.records.push(record);
    } else if (result === 'end') {
      const record = series !== null ? series.change : kind === 'latency-p99' ? unit.latencyChange : unit.overallChange;
      if (record === null) return;
      this.finish(record);
      unit.active.splice(unit.active.indexOf(record), 1);
      if (series !== null) series.change = null;
      else if (kind === 'latency-p99') unit.latencyChange = null;
      else unit.overallChange = null;
    }
  }

  private handleFirewall(series: FirewallSeries, result: StepResult): void {
    if (result === 'alarm') {
      const record = this.newRecord(series.kind, null, null, series.code, series.sni, series.test);
      record.firewall = series;
      record.attribution = series.profile.startChange(
        record.onsetMs,
        (entry) => entry.code === series.key,
        // The SNI says nothing when it is the series' own (a revocation check's) or always "-" (missing SNI).
        series.kind === 'firewall-revocation' || series.code === 'missing_sni' ? ['sni'] : [],
        this.options.attributeFailureCapacity,
      );
      series.change = record;
      this.activeFirewall.add(series);
      this.records.push(record);
    } else if (result === 'end' && series.change !== null) {
      this.finish(series.change);
      series.change = null;
      this.activeFirewall.delete(series);
    }
  }

  private newRecord(
    kind: ChangeKind,
    distributionId: string | null,
    tenantId: string | null,
    failureCode: string,
    sni: string | null,
    test: CountChangeTest,
  ): ChangeRecord {
    const onsetMs = test.onsetSec * 1000;
    return {
      id: changeId(kind, distributionId, tenantId, failureCode, sni, onsetMs),
      kind,
      distributionId,
      tenantId,
      failureCode,
      sni,
      onsetMs,
      detectedAtMs: this.watermarkMs,
      test,
      latency: null,
      unit: null,
      firewall: null,
      attribution: null as unknown as ChangeAttribution,
      frozen: null,
    };
  }

  private finish(record: ChangeRecord): void {
    record.frozen = this.toChange(record);
  }

  private toChange(record: ChangeRecord): Change {
    if (record.frozen !== null) return record.frozen;
    const t = record.test;
    const ended = t.state === 'watch';
    const endSec = ended ? t.endSec : NaN;
    const lastSec = ended ? t.endSec - 1 : t.lastChangeSec;
    const duration = Math.max(1, lastSec - t.onsetSec + 1);
    const excess = Math.max(0, (t.changeK - t.before * t.changeN) / duration);
    let before = t.before;
    let after = t.changeN > 0 ? t.changeK / t.changeN : 0;
    let unit: Change['unit'] = record.firewall !== null ? 'per-second' : 'fraction';
    let slowShare: Change['slowShare'];
    if (record.latency !== null) {
      slowShare = { before, after, thresholdMs: record.latency.changeThreshold };
      before = record.latency.beforeP99;
      after = record.latency.afterP99;
      unit = 'ms';
    }
    return {
      id: record.id,
      kind: record.kind,
      distributionId: record.distributionId,
      tenantId: record.tenantId,
      failureCode: record.failureCode,
      sni: record.sni,
      onset: record.onsetMs,
      end: Number.isNaN(endSec) ? null : endSec * 1000,
      detectedAt: record.detectedAtMs,
      before,
      after,
      unit,
      ...(slowShare !== undefined && { slowShare }),
      excessFailures: excess,
      events: t.changeK,
      attributes: record.attribution.ranked(this.rank),
      baselineEvents: record.attribution.baselineEvents,
    };
  }

  /** A tenant's change shown by its distribution's, or an overall-rate change explained by per-code changes. */
  private folded(change: Change, all: readonly Change[]): boolean {
    if (change.distributionId === null) return false;
    if (change.tenantId !== null) {
      const whole = all.some(
        (c) =>
          c.tenantId === null &&
          c.distributionId === change.distributionId &&
          c.kind === change.kind &&
          c.failureCode === change.failureCode &&
          overlaps(c, change),
      );
      if (whole) return true;
    }
    if (change.kind !== 'failure-rate') return false;
    let explained = 0;
    for (const c of all) {
      if (
        c.kind === 'failure-code' &&
        c.distributionId === change.distributionId &&
        c.tenantId === change.tenantId &&
        overlaps(c, change)
      ) {
        explained += c.excessFailures;
      }
    }
    return explained >= 0.5 * change.excessFailures;
  }

  /** Forget idle units and series, end changes of silent units, drop old ended changes. */
  private sweep(): void {
    const o = this.options;
    const now = this.closedUntil;
    for (const unit of [...this.units.values()]) {
      if (unit.active.length > 0 && now - unit.lastSec >= o.silentEndSeconds) this.endSilent(unit);
      if (unit.active.length === 0 && now - Math.max(unit.lastSec, unit.lastObservedSec) >= o.unitIdleSeconds) {
        this.dropUnit(unit);
        continue;
      }
      for (const series of [...unit.codes.values()]) {
        if (series.change !== null || !series.test.quiet || now - series.lastFailureSec < o.unitIdleSeconds / 6) continue;
        if (series.test.decayedBaseline(now).k < 0.05) {
          unit.codes.delete(series.code);
          this.codeSeries--;
        }
      }
    }
    for (const series of [...this.firewall.values()]) {
      if (series.change !== null || !series.test.quiet || series.lastObservedSec > now || now - series.lastSec < o.unitIdleSeconds / 6)
        continue;
      if (series.test.decayedBaseline(now).k < 0.05) this.firewall.delete(series.key);
    }
    const keepAfter = now - o.retainEndedSeconds;
    this.records = this.records.filter((r) => r.frozen === null || r.frozen.end === null || r.frozen.end / 1000 >= keepAfter);
    if (this.records.length > o.maxChanges) {
      const ended = this.records.filter((r) => r.frozen !== null).sort((a, b) => (b.frozen!.end ?? 0) - (a.frozen!.end ?? 0));
      const drop = new Set(ended.slice(Math.max(0, ended.length - (this.records.length - o.maxChanges))));
      this.records = this.records.filter((r) => !drop.has(r));
    }
  }

  private endSilent(unit: Unit): void {
    const at = unit.lastSec + 1;
    for (const record of [...unit.active]) {
      if (record.latency !== null) record.latency.forceEnd(at);
      else record.test.forceEnd(at);
      this.finish(record);
    }
    unit.active.length = 0;
    unit.overallChange = null;
    unit.latencyChange = null;
    for (const series of unit.codes.values()) series.change = null;
  }

  private dropUnit(unit: Unit): void {
    this.units.delete(unit.key);
    this.codeSeries -= unit.codes.size;
    if (unit.tenantId === null && unit.distributionId !== OTHER_LABEL) this.distributionUnits--;
    else if (unit.tenantId !== null && unit.tenantId !== OTHER_LABEL) this.tenantUnits--;
  }
}

/** No series of the unit has a pending segment or an ongoing change. */
function unitQuiet(unit: Unit): boolean {
  if (!unit.overall.quiet || !unit.latency.test.quiet) return false;
  for (const series of unit.codes.values()) if (!series.test.quiet) return false;
  return true;
}

function addCode(slot: UnitSecond, code: string, k: number): void {
  const i = slot.codes.indexOf(code);
  if (i >= 0) slot.counts[i]! += k;
  else {
    slot.codes.push(code);
    slot.counts.push(k);
  }
}

/** Whether a failure (code) or slow handshake belongs to a change of `unit`. */
function matchesChange(change: ChangeRecord, unit: Unit, code: string | null, slow: boolean): boolean {
  switch (change.kind) {
    case 'latency-p99':
      return slow;
    case 'failure-rate':
      return code !== null;
    default:
      if (code === null) return false;
      if (change.failureCode === OTHER_LABEL) return code === OTHER_LABEL || !unit.codes.has(code);
      return code === change.failureCode;
  }
}

function overlaps(a: Change, b: Change): boolean {
  return a.onset <= (b.end ?? Infinity) && b.onset <= (a.end ?? Infinity);
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
