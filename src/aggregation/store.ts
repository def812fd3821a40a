/**
 * The aggregation store: ingests events on the hot path (O(1) amortised work per event
 * into the current bucket and slice), and answers queries (filter, window, mark) section
 * by section, lazily, only for what is read after a change (view-engine.ts). Change
 * notifications are batched. Whether the window slides with the clock (the monitor) or
 * covers the whole span (`tlstop report`) is one policy object, chosen at construction.
 */
import type { ConnectionEvent, FirewallEvent, LogEvent } from '../events/types.js';
import { CappedCounts } from './capped-counts.js';
import { ChangeDetector } from './changes/change-detector.js';
import { SummaryCache } from './connection-summary.js';
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
import { PointCache } from './point-cache.js';
import { RecentFailures } from './recent-failures.js';
import { RowLatencyCache } from './row-latency.js';
import { SlidingWindow } from './sliding-window.js';
import { resolveOptions, type ResolvedStoreOptions, type StoreOptions } from './store-options.js';
import { TextBucketCache } from './text-buckets.js';
import type { TimelineStats } from './timeline.js';
import { TopTablesCache } from './top-cache.js';
import {
  EMPTY_FILTER,
  type AggregateLatency,
  type AggregateRow,
  type ExclusionReason,
  type Overview,
  type SectionName,
  type Snapshot,
  type ViewQuery,
  type ViewSections,
  type ViewSource,
} from './types.js';
import { rowKeyCache } from './view-context.js';
import { ViewEngine } from './view-engine.js';
import { snapshotOf } from './view-snapshot.js';
import { WholeSpan } from './whole-span.js';
import type { WindowPolicy } from './window-policy.js';

const DAY_MS = 86_400_000;
/**
 * A live store closes the detector's seconds by the clock this far behind it (besides the
 * events' own watermark), so a change ends when its traffic stops, while sources that
 * deliver a few seconds late (CloudWatch polling) still land in open seconds. The clock
 * runs on from the newest event: it stands for that event's time plus the time since it
 * arrived (an old event that is not the newest moves nothing). A history read over many
 * seconds, or a source that delivers a minute late, is then analysed on its own times,
 * instead of the clock closing the seconds it is about to fill and counting them late;
 * and nothing closes before the first event.
 */
const CHANGE_CLOCK_ALLOWANCE_MS = 10_000;
/** Notifications are spaced at least this many times the CPU time of the last frame's sections. */
const FRAME_CPU_FACTOR = 5;

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
export class AggregationStore implements ViewSource {
  private readonly o: ResolvedStoreOptions;
  private readonly clock: () => number;
  private readonly policy: WindowPolicy;
  private readonly groups: GroupRegistry;
  private readonly kinds: FirewallKindRegistry;
  private readonly insights: InsightsLayer;
  private readonly recent: RecentFailures;
  private readonly expiring: ExpiringCerts;
  private readonly malformed = new CappedCounts(64);
  private readonly notifier: Notifier;
  private readonly engine: ViewEngine;
  private readonly detector: ChangeDetector;
  /** Events older than the history when they arrived: counted, with their time span, and dropped. */
  private readonly late = new DroppedCounter();
  private readonly beforeSince = new DroppedCounter();
  private readonly afterUntil = new DroppedCounter();
  /** Arrival time of the latest input; sliding the window cannot change a view long after it. */
  private lastInputMs = -Infinity;
  /** The newest event time given to the detector, and the clock when it came (CHANGE_CLOCK_ALLOWANCE_MS). */
  private newestEventMs = -Infinity;
  private lastEventAtMs = -Infinity;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private selected: { query: ViewQuery; version: number; snapshot: Snapshot } | null = null;
  /** What select() shows when asked without a query: no filter, the starting window, no mark. */
  readonly defaultQuery: ViewQuery;

  constructor(options: StoreOptions = {}) {
    const o = resolveOptions(options);
    this.o = o;
    this.clock = o.clock;
    const sketch = { relativeAccuracy: o.relativeAccuracy, maxBins: o.maxSketchBins };
    this.policy = o.window === 'all' ? new WholeSpan(o, sketch) : new SlidingWindow(o.clock, o, sketch);
    this.groups = new GroupRegistry({ ...DEFAULT_GROUP_CAPS, ...o.caps });
    this.kinds = new FirewallKindRegistry(o.maxFirewallKinds);
    this.insights = new InsightsLayer(this.groups);
    this.recent = new RecentFailures(o.recentCapacity);
    this.expiring = new ExpiringCerts(o.expiringWithinDays * DAY_MS, o.maxExpiringCerts);
    this.notifier = new Notifier(o.notifyIntervalMs, o.scheduler ?? realScheduler);
    this.defaultQuery = { filter: EMPTY_FILTER, windowMs: o.initialWindowMs, mark: null };
    this.detector = new ChangeDetector(o.changes);
    this.engine = new ViewEngine(
      {
        policy: this.policy,
        groups: this.groups,
        kinds: this.kinds,
        insights: this.insights,
        recent: this.recent,
        expiring: this.expiring,
        sketch,
        points: new PointCache(sketch),
        summaries: new SummaryCache(),
        textBuckets: new TextBucketCache(),
        rowLatency: new RowLatencyCache(),
        changes: this.detector,
        rowKey: rowKeyCache(this.groups),
        counters: () => this.counters(),
        topN: o.topN,
        maxExpiring: o.maxExpiringCerts,
        maxLatencyRows: o.maxLatencyRows,
      },
      new TopTablesCache(this.policy.topsRefreshMs),
      // Keep view work under about a fifth of a core (batched mode only).
      (ms) => (this.notifier.minIntervalMs = FRAME_CPU_FACTOR * ms),
    );
  }

  // ---- ingest (hot path) ----

  /** Count one parsed event from `source` (a file path, `logGroup/stream`, `demo`, ...). */
  ingest(event: LogEvent, source: string): void {
    const now = this.clock();
    this.inputAt(now);
    this.policy.arrived(now);
    if (event.kind === 'connection') this.ingestConnection(event, source, now);
    else if (event.kind === 'firewall') this.ingestFirewall(event, source, now);
    this.changed();
  }

  /** Count one malformed input (line, record, file) with its reason; `source` is accepted for symmetry. */
  recordMalformed(reason: string, _source?: string): void {
    this.malformed.add(typeof reason === 'string' && reason !== '' ? reason : 'unknown');
    this.inputAt(this.clock());
    this.changed();
  }

  /**
   * The ingest sink left an event out because of the --since / --until window; it is
   * counted (with its time) so that views can say so, and is in no other figure.
   */
  recordExcluded(reason: ExclusionReason, timeMs: number): void {
    (reason === 'before-since' ? this.beforeSince : this.afterUntil).add(timeMs);
    this.inputAt(this.clock());
    this.changed();
  }

  /** A source (CloudWatch Live Tail) reported that the events it delivers now are sampled. */
  markSampled(atMs?: number): void {
    const now = this.clock();
    this.policy.markSampled(atMs ?? now, now);
    this.inputAt(now);
    this.changed();
  }

  /**
   * Insights results for [range.startMs, range.endMs): the rows replace earlier rows of
   * the bins they cover, and the latency rows replace earlier latency rows.
   */
  replaceAggregates(range: { startMs: number; endMs: number }, rows: readonly AggregateRow[], latency: readonly AggregateLatency[]): void {
    this.insights.replace(range, rows, latency);
    let first = Infinity;
    let end = -Infinity;
    for (const row of rows) {
      if (!(row.count > 0)) continue;
      first = Math.min(first, row.binStartMs);
      end = Math.max(end, row.binStartMs + row.binMs);
    }
    if (end > first) this.policy.aggregatesCover?.(first, end);
    this.inputAt(this.clock());
    this.changed();
  }

  private ingestConnection(e: ConnectionEvent, source: string, now: number): void {
    const failed = e.outcome === 'failed';
    const t = Number.isFinite(e.eventTimestamp) ? e.eventTimestamp : now;
    const timeline = this.policy.timeline;
    const bucket = timeline.countsAt(t, now);
    if (bucket === null) {
      this.late.add(t);
      return;
    }
    const status =
      typeof e.connectionStatus === 'string' && e.connectionStatus !== '' ? e.connectionStatus : failed ? 'Failed:Unknown' : 'Success';
    const gid = this.groups.gid(e.distributionId || NO_DISTRIBUTION, e.distributionTenantId || null, status, failed);
    const hs = e.tlsHandshakeDuration;
    bucket.addConnection(gid, t, failed, typeof hs === 'number' ? hs : undefined);
    timeline.topsAt(t, now)?.addConnection(e, gid, failed);
    this.expiring.observe(e, gid, this.policy.seenAt(t, now));
    if (failed) this.recent.push(e, source);
    // The detector runs on event time; a time in the future counts as now, as above.
    const at = this.detectorTime(t, now);
    this.detector.observe(at === e.eventTimestamp ? e : { ...e, eventTimestamp: at });
  }

  private ingestFirewall(e: FirewallEvent, source: string, now: number): void {
    const t = Number.isFinite(e.timestampMs) ? e.timestampMs : now;
    const timeline = this.policy.timeline;
    const bucket = timeline.countsAt(t, now);
    if (bucket === null) {
      this.late.add(t);
      return;
    }
    const kind = this.kinds.id(firewallKind(e));
    bucket.addFirewall(kind);
    const failed = this.kinds.kinds[kind]?.failed === true;
    timeline.topsAt(t, now)?.addFirewall(e, kind, failed);
    if (failed) this.recent.push(e, source);
    const at = this.detectorTime(t, now);
    this.detector.observe(at === e.timestampMs ? e : { ...e, timestampMs: at });
  }

  /** An event's time for the detector (the future counts as now), remembered for the clock that runs on from it. */
  private detectorTime(t: number, now: number): number {
    const at = Math.min(t, now);
    if (at > this.newestEventMs) {
      this.newestEventMs = at;
      this.lastEventAtMs = now;
    }
    return at;
  }

  // ---- readers ----

  subscribe(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  version(): number {
    return this.engine.version();
  }

  /** One section of what `query` asks for; the same object until data or the query changed. */
  section<K extends SectionName>(name: K, query: ViewQuery): ViewSections[K] {
    // A whole-span store is read once its inputs ended: analyse every second left open.
    if (this.o.window === 'all' && name === 'changes') this.detector.flush();
    return this.engine.section(name, query);
  }

  /** Every section of `query` as one snapshot (exports, `tlstop report`, tests); the same object until data or the query changed. */
  select(query: ViewQuery = this.defaultQuery): Snapshot {
    const version = this.engine.version(query);
    const last = this.selected;
    if (last !== null && last.query === query && last.version === version) return last.snapshot;
    const snapshot = snapshotOf(this, query);
    this.selected = { query, version, snapshot };
    return snapshot;
  }

  distributionIds(): readonly string[] {
    return [...new Set(this.groups.distribution)];
  }

  /** Notify subscribers of pending changes now instead of at the next batch. */
  flush(): void {
    this.notifier.flush();
  }

  /**
   * Let the window slide with the clock: marks the view stale when the clock entered a
   * new bucket (so an idle monitor still moves), or, 15 s after the last input with no
   * change ongoing, a new 10-second slice (sliding-window.ts; the overview says so).
   * start() calls it every second; tests call it after advancing a fake clock. A
   * whole-span store never slides. The detector's seconds close by the clock either way,
   * run on from the newest event (CHANGE_CLOCK_ALLOWANCE_MS).
   */
  tick(): void {
    const now = this.clock();
    if (this.o.window !== 'all' && this.newestEventMs > -Infinity) {
      const eventClock = Math.min(now, this.newestEventMs + Math.max(0, now - this.lastEventAtMs));
      this.detector.advance(eventClock - CHANGE_CLOCK_ALLOWANCE_MS);
    }
    if (this.policy.tick(now, this.lastInputMs, !this.detector.hasOngoing())) this.changed();
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
      ...this.policy.timeline.stats(),
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

  private inputAt(nowMs: number): void {
    this.lastInputMs = nowMs;
    this.policy.inputAt?.(nowMs);
  }

  private changed(): void {
    this.engine.invalidate();
    this.notifier.changed();
  }

  private counters(): Required<Pick<Overview, 'malformed' | 'late' | 'excluded'>> {
    return {
      malformed: { total: this.malformed.total, byReason: this.malformed.toRecord() },
      late: { ...this.late.toJSON(), historyMs: this.policy.historyMs },
      excluded: { beforeSince: this.beforeSince.toJSON(), atOrAfterUntil: this.afterUntil.toJSON() },
    };
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
