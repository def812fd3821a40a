/**
 * The aggregation store: ingests events on the hot path (O(1) amortised work per
 * event into the current bucket and slice), and computes a Snapshot lazily, only
 * when someone reads it after a change. Change notifications are batched.
 */
import type { ConnectionEvent, FirewallEvent, LogEvent } from '../events/types.js';
import { ArrivalRate } from './arrival-rate.js';
import { CappedCounts } from './capped-counts.js';
import { DroppedCounter } from './dropped-events.js';
import { ExpiringCerts } from './expiring-certs.js';
import {
  DEFAULT_GROUP_CAPS,
  FirewallKindRegistry,
  GroupRegistry,
  NO_DISTRIBUTION,
  clampLabel,
  type FirewallKind,
} from './group-registry.js';
import { InsightsLayer } from './insights-layer.js';
import { Notifier, realScheduler } from './notifier.js';
import { RecentFailures } from './recent-failures.js';
import { SlidingTimeline } from './sliding-timeline.js';
import { SnapshotBuilder } from './snapshot-builder.js';
import { SpanTimeline } from './span-timeline.js';
import { resolveOptions, type ResolvedStoreOptions, type StoreOptions } from './store-options.js';
import type { Timeline, TimelineStats } from './timeline.js';
import {
  EMPTY_FILTER,
  type AggregateLatency,
  type AggregateRow,
  type ExclusionReason,
  type Filter,
  type LiveStore,
  type Snapshot,
} from './types.js';

const DAY_MS = 86_400_000;
/** Notifications are spaced at least this many times the last snapshot's compute time. */
const SNAPSHOT_CPU_FACTOR = 5;

/** Internal sizes, for memory-cap tests and diagnostics. */
export interface StoreStats extends TimelineStats {
  groups: number;
  distributions: number;
  tenants: number;
  statuses: number;
  firewallKinds: number;
  recentFailures: number;
  expiringCerts: number;
  malformedReasons: number;
  /** Events older than the retained history, counted and dropped. */
  lateDropped: number;
}

/** A live (or whole-span) aggregation store; see index.ts for the behaviour. */
export class AggregationStore implements LiveStore {
  private readonly o: ResolvedStoreOptions;
  private readonly clock: () => number;
  private readonly groups: GroupRegistry;
  private readonly kinds: FirewallKindRegistry;
  private readonly timeline: Timeline;
  private readonly sliding: SlidingTimeline | null;
  private readonly span: SpanTimeline | null;
  private readonly insights: InsightsLayer;
  private readonly recent: RecentFailures;
  private readonly expiring: ExpiringCerts;
  private readonly malformed = new CappedCounts(64);
  private readonly arrivals = new ArrivalRate(10);
  private readonly notifier: Notifier;
  private readonly builder: SnapshotBuilder;
  private filter: Filter = EMPTY_FILTER;
  private durationMs: number;
  private mark: { label: string; atMs: number } | null = null;
  private snapshot: Snapshot | null = null;
  private dirty = true;
  private version = 0;
  /** Events older than the history when they arrived: counted, with their time span, and dropped. */
  private readonly late = new DroppedCounter();
  private readonly beforeSince = new DroppedCounter();
  private readonly afterUntil = new DroppedCounter();
  private events = 0;
  private lastTickBucket = NaN;
  /** Arrival time of the latest input; sliding the window cannot change a snapshot long after it. */
  private lastInputMs = -Infinity;
  private sampledSpan = false;
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor(options: StoreOptions = {}) {
    const o = resolveOptions(options);
    this.o = o;
    this.clock = o.clock;
    const sketch = { relativeAccuracy: o.relativeAccuracy, maxBins: o.maxSketchBins };
    this.groups = new GroupRegistry({ ...DEFAULT_GROUP_CAPS, ...o.caps });
    this.kinds = new FirewallKindRegistry(o.maxFirewallKinds);
    if (o.window === 'all') {
      this.span = new SpanTimeline({
        bucketMs: o.bucketMs,
        maxBuckets: o.maxReportBuckets,
        topCapacity: o.topCapacity,
        maxPoints: o.maxSeriesPoints,
        sketch,
      });
      this.sliding = null;
      this.timeline = this.span;
    } else {
      this.sliding = new SlidingTimeline({
        retentionMs: o.windowMs,
        bucketMs: o.bucketMs,
        sliceMs: o.sliceMs,
        historyMs: o.historyMs,
        coarseMs: o.coarseBucketMs,
        topCapacity: o.topCapacity,
        maxPoints: o.maxSeriesPoints,
        sketch,
      });
      this.span = null;
      this.timeline = this.sliding;
    }
    this.durationMs = o.window === 'all' ? 0 : Math.min(o.initialWindowMs, o.historyMs);
    this.insights = new InsightsLayer(this.groups);
    this.recent = new RecentFailures(o.recentCapacity);
    this.expiring = new ExpiringCerts(o.expiringWithinDays * DAY_MS, o.maxExpiringCerts);
    this.notifier = new Notifier(o.notifyIntervalMs, o.scheduler ?? realScheduler);
    this.builder = new SnapshotBuilder(sketch, o.window === 'all' ? 0 : o.topsRefreshMs);
  }

  // ---- ingest (hot path) ----

  /** Count one parsed event from `source` (a file path, `logGroup/stream`, `demo`, ...). */
  ingest(event: LogEvent, source: string): void {
    const now = this.clock();
    this.events++;
    this.lastInputMs = now;
    this.arrivals.add(now);
    if (event.kind === 'connection') this.ingestConnection(event, source, now);
    else if (event.kind === 'firewall') this.ingestFirewall(event, source, now);
    this.changed();
  }

  /** Count one malformed input (line, record, file) with its reason; `source` is accepted for symmetry. */
  recordMalformed(reason: string, _source?: string): void {
    this.malformed.add(typeof reason === 'string' && reason !== '' ? reason : 'unknown');
    this.lastInputMs = this.clock();
    this.changed();
  }

  /**
   * The ingest sink left an event out because of the --since / --until window; it is
   * counted (with its time) so that snapshots can say so, and is in no other figure.
   */
  recordExcluded(reason: ExclusionReason, timeMs: number): void {
    (reason === 'before-since' ? this.beforeSince : this.afterUntil).add(timeMs);
    this.lastInputMs = this.clock();
    this.changed();
  }

  /** A source (CloudWatch Live Tail) reported that the events it delivers now are sampled. */
  markSampled(atMs?: number): void {
    const now = this.clock();
    const t = atMs ?? now;
    if (this.span !== null) this.sampledSpan = true;
    else this.timeline.countsAt(t, now)?.markSampled();
    this.lastInputMs = now;
    this.changed();
  }

  /**
   * Insights results for [range.startMs, range.endMs): the rows replace earlier rows of
   * the bins they cover, and the latency rows replace earlier latency rows.
   */
  replaceAggregates(range: { startMs: number; endMs: number }, rows: readonly AggregateRow[], latency: readonly AggregateLatency[]): void {
    this.insights.replace(range, rows, latency);
    this.lastInputMs = this.clock();
    this.changed();
  }

  private ingestConnection(e: ConnectionEvent, source: string, now: number): void {
    const failed = e.outcome === 'failed';
    const t = Number.isFinite(e.eventTimestamp) ? e.eventTimestamp : now;
    const bucket = this.timeline.countsAt(t, now);
    if (bucket === null) {
      this.late.add(t);
      return;
    }
    const status =
      typeof e.connectionStatus === 'string' && e.connectionStatus !== '' ? e.connectionStatus : failed ? 'Failed:Unknown' : 'Success';
    const gid = this.groups.gid(e.distributionId || NO_DISTRIBUTION, e.distributionTenantId || null, status, failed);
    const hs = e.tlsHandshakeDuration;
    bucket.addConnection(gid, t, failed, typeof hs === 'number' ? hs : undefined);
    this.timeline.topsAt(t, now)?.addConnection(e, gid);
    this.expiring.observe(e, gid, this.span !== null ? t : now);
    if (failed) this.recent.push(e, source);
  }

  private ingestFirewall(e: FirewallEvent, source: string, now: number): void {
    const t = Number.isFinite(e.timestampMs) ? e.timestampMs : now;
    const bucket = this.timeline.countsAt(t, now);
    if (bucket === null) {
      this.late.add(t);
      return;
    }
    const kind = this.kinds.id(firewallKind(e));
    bucket.addFirewall(kind);
    this.timeline.topsAt(t, now)?.addFirewall(e, kind);
    if (this.kinds.kinds[kind]?.failed) this.recent.push(e, source);
  }

  // ---- controls ----

  setFilter(filter: Filter): void {
    this.filter = {
      distributions: [...filter.distributions],
      tenants: [...filter.tenants],
      statuses: [...filter.statuses],
      text: filter.text,
    };
    this.changed();
  }

  /** Visible window; clamped to [bucketMs, history]. Ignored in whole-span mode. */
  setWindow(durationMs: number): void {
    if (this.span !== null || !Number.isFinite(durationMs)) return;
    this.durationMs = Math.min(Math.max(Math.floor(durationMs), this.o.bucketMs), this.o.historyMs);
    this.changed();
  }

  setMark(label: string | null): void {
    this.mark = label === null ? null : { label, atMs: this.clock() };
    this.changed();
  }

  // ---- readers ----

  subscribe(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  /** The current snapshot; the same object until something changed. */
  getSnapshot(): Snapshot {
    if (this.snapshot === null || this.dirty) {
      this.dirty = false;
      const started = performance.now();
      this.snapshot = this.compute();
      // Keep snapshot work under about a fifth of a core (batched mode only).
      this.notifier.minIntervalMs = SNAPSHOT_CPU_FACTOR * (performance.now() - started);
    }
    return this.snapshot;
  }

  /** Notify subscribers of pending changes now instead of at the next batch. */
  flush(): void {
    this.notifier.flush();
  }

  /**
   * Let the window slide with the clock: marks the snapshot stale when the clock
   * entered a new bucket (so an idle monitor still moves). start() calls it every
   * second; tests call it after advancing a fake clock.
   */
  tick(): void {
    if (this.span !== null) return;
    const now = this.clock();
    const bucket = Math.floor(now / this.o.bucketMs);
    if (bucket !== this.lastTickBucket) {
      this.lastTickBucket = bucket;
      // An idle monitor publishes nothing: once every input has aged out of the history
      // (and of the rates), sliding the window can no longer change what is shown.
      if (now - this.lastInputMs <= this.o.historyMs + 2 * this.o.bucketMs) this.changed();
    }
  }

  /** Start the internal tick timer (unref'd, so it never keeps the process alive). */
  start(): void {
    if (this.ticker !== null) return;
    this.ticker = setInterval(() => this.tick(), this.o.tickMs);
    this.ticker.unref?.();
  }

  /** Stop the tick timer and any pending notification timer. */
  stop(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
    this.notifier.stop();
  }

  /** Internal sizes (for tests and diagnostics). */
  stats(): StoreStats {
    const dims = this.groups.dimensionSizes;
    return {
      ...this.timeline.stats(),
      groups: this.groups.size,
      distributions: dims.distributions,
      tenants: dims.tenants,
      statuses: dims.statuses,
      firewallKinds: this.kinds.size,
      recentFailures: this.recent.size,
      expiringCerts: this.expiring.certs.size,
      malformedReasons: this.malformed.counts.size,
      lateDropped: this.late.total,
    };
  }

  private changed(): void {
    this.dirty = true;
    this.notifier.changed();
  }

  private compute(): Snapshot {
    this.version++;
    const span = this.span;
    let now: number;
    let startMs: number;
    let durationMs: number;
    if (span !== null) {
      const first = Number.isNaN(span.firstMs) ? 0 : span.firstMs;
      const last = Number.isNaN(span.lastMs) ? 0 : span.lastMs;
      now = last;
      startMs = first;
      durationMs = last - first + 1;
    } else {
      now = this.clock();
      this.lastTickBucket = Math.floor(now / this.o.bucketMs);
      durationMs = this.durationMs;
      startMs = now - durationMs;
      this.timeline.advance(now);
      this.insights.prune(now - this.o.historyMs);
    }
    const sampled = span !== null ? this.sampledSpan : this.timeline.countsIn(startMs, now + 1, now).some((b) => b.sampled);
    const snapshot = this.builder.build({
      version: this.version,
      nowMs: now,
      startMs,
      durationMs,
      filter: this.filter,
      timeline: this.timeline,
      sliceMs: this.sliding?.sliceFor(durationMs) ?? Number.MAX_SAFE_INTEGER,
      groups: this.groups,
      kinds: this.kinds,
      insights: this.insights,
      recent: this.recent,
      expiring: this.expiring,
      malformed: { total: this.malformed.total, byReason: this.malformed.toRecord() },
      eventsPerSec: span !== null ? this.events / Math.max(1, durationMs / 1000) : this.arrivals.perSecond(now),
      wholeSpan: span !== null,
      sampled,
      mark: this.mark,
      topN: this.o.topN,
      maxExpiring: this.o.maxExpiringCerts,
      maxLatencyRows: this.o.maxLatencyRows,
    });
    snapshot.late = { ...this.late.toJSON(), historyMs: span !== null ? null : this.o.historyMs };
    snapshot.excluded = { beforeSince: this.beforeSince.toJSON(), atOrAfterUntil: this.afterUntil.toJSON() };
    return snapshot;
  }
}

function firewallKind(e: FirewallEvent): FirewallKind {
  const rc = e.event?.revocation_check;
  if (e.category === 'tls_error') {
    return { category: 'tls_error', errorClass: e.tlsErrorClass ?? 'other', revocationStatus: null, revocationAction: null, failed: true };
  }
  if (e.category === 'revocation_check') {
    const status = clampLabel(typeof rc?.status === 'string' ? rc.status : 'UNKNOWN');
    const action = clampLabel(typeof rc?.action === 'string' ? rc.action : 'UNKNOWN');
    return {
      category: 'revocation_check',
      errorClass: null,
      revocationStatus: status,
      revocationAction: action,
      failed: status.toUpperCase() !== 'GOOD',
    };
  }
  return { category: 'other', errorClass: null, revocationStatus: null, revocationAction: null, failed: false };
}
