/** Options of the aggregation store and their defaults. */
import type { ChangeDetectorOptions } from './changes/types.js';
import type { GroupCaps } from './group-registry.js';
import type { Scheduler } from './notifier.js';

/** Options of {@link createStore} / {@link createReportAggregator}; every field is optional. */
export interface StoreOptions {
  /** The change detector's options (aggregation/changes); a whole-span store keeps ended changes and waits longer for late events. */
  changes?: Partial<ChangeDetectorOptions>;
  /** Time source, epoch ms. Default `Date.now`. */
  clock?: () => number;
  /** `sliding` (live monitor, default) or `all` (report: everything ingested, no window). */
  window?: 'sliding' | 'all';
  /** Retention of per-second detail (fine buckets and top-N slices). Default 15 min. */
  windowMs?: number;
  /** Fine bucket width. Default 1 s. */
  bucketMs?: number;
  /** Top-N slice width. Default 10 s. */
  sliceMs?: number;
  /** Retention of coarse history (for longer windows and previous-window comparisons). Default 2 h. */
  historyMs?: number;
  /** Coarse bucket width. Default 1 min. */
  coarseBucketMs?: number;
  /** The window of the default query (`select()` without one). Default 15 min (capped to the history). */
  initialWindowMs?: number;
  /** Most series points per window; longer windows merge buckets. Default 120. */
  maxSeriesPoints?: number;
  /** Distribution rows that get handshake percentiles (busiest first). Default 100. */
  maxLatencyRows?: number;
  /** Rows per top table in a snapshot. Default 20. */
  topN?: number;
  /** Keys kept per top-N table per slice. Default 256. */
  topCapacity?: number;
  /** Recent-failures ring size. Default 500. */
  recentCapacity?: number;
  /** Horizon for expiring certificates, days. Default 30. */
  expiringWithinDays?: number;
  /** Most expiring certificates tracked. Default 1000. */
  maxExpiringCerts?: number;
  /** Caps on distinct distributions, tenants, statuses and groups. */
  caps?: Partial<GroupCaps>;
  /** Most distinct firewall kinds (category x class x revocation status x action). Default 256. */
  maxFirewallKinds?: number;
  /** DDSketch relative accuracy. Default 0.01. */
  relativeAccuracy?: number;
  /** DDSketch bin cap. Default 2048. */
  maxSketchBins?: number;
  /** Batch interval of change notifications, ms; 0 notifies synchronously. Default 100 (10 Hz). */
  notifyIntervalMs?: number;
  /** Each top table is merged at most this often while the query is unchanged. Default 1000 ms. */
  topsRefreshMs?: number;
  /** Interval of the internal tick started by start(). Default 1000 ms. */
  tickMs?: number;
  /** Timers for notification batching. Default real timers, unref'd. */
  scheduler?: Scheduler;
  /** Report mode: most count buckets over the span (width doubles beyond). Default 512. */
  maxReportBuckets?: number;
}

/** Options with every default filled in. */
export type ResolvedStoreOptions = Required<Omit<StoreOptions, 'caps' | 'scheduler'>> & {
  caps: Partial<GroupCaps>;
  scheduler: Scheduler | undefined;
};

const MINUTE = 60_000;
/**
 * A report reads its file inputs merged in event-time order (src/sources/files), but a
 * merge cuts files into pieces of a few seconds and lines within a file are only roughly
 * ordered: the detector waits 10 s of event time before it analyses a second (what comes
 * later still is counted as late and said). Not longer: the attribute baseline settles in
 * steps of this lag, and with a minute a change in the first two minutes of the data had
 * no baseline to be compared with.
 */
export const REPORT_CHANGE_LAG_SECONDS = 10;

/** Rows a top table keeps (the report's top size). */
export const DEFAULT_TOP_N = 20;

/** How near its NotAfter a certificate counts as expiring, in days. */
export const DEFAULT_EXPIRING_WITHIN_DAYS = 30;

/** Fill defaults and sanitise sizes. */
export function resolveOptions(o: StoreOptions): ResolvedStoreOptions {
  const bucketMs = positive(o.bucketMs, 1000);
  const windowMs = Math.max(bucketMs, positive(o.windowMs, 15 * MINUTE));
  const sliceMs = Math.max(bucketMs, positive(o.sliceMs, 10_000));
  const coarseBucketMs = Math.max(sliceMs, positive(o.coarseBucketMs, MINUTE));
  const historyMs = Math.max(windowMs, positive(o.historyMs, 120 * MINUTE));
  const window = o.window ?? 'sliding';
  return {
    clock: o.clock ?? Date.now,
    window,
    changes: window === 'all' ? { retainEndedSeconds: Infinity, lagSeconds: REPORT_CHANGE_LAG_SECONDS, ...o.changes } : { ...o.changes },
    windowMs,
    bucketMs,
    sliceMs,
    historyMs,
    coarseBucketMs,
    initialWindowMs: Math.min(positive(o.initialWindowMs, 15 * MINUTE), historyMs),
    maxSeriesPoints: positive(o.maxSeriesPoints, 120),
    topN: positive(o.topN, DEFAULT_TOP_N),
    maxLatencyRows: positive(o.maxLatencyRows, 100),
    topCapacity: Math.max(4, positive(o.topCapacity, 256)),
    recentCapacity: positive(o.recentCapacity, 500),
    expiringWithinDays: o.expiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS,
    maxExpiringCerts: positive(o.maxExpiringCerts, 1000),
    caps: o.caps ?? {},
    maxFirewallKinds: positive(o.maxFirewallKinds, 256),
    relativeAccuracy: o.relativeAccuracy ?? 0.01,
    maxSketchBins: positive(o.maxSketchBins, 2048),
    notifyIntervalMs: o.notifyIntervalMs ?? 100,
    topsRefreshMs: o.topsRefreshMs ?? 1000,
    tickMs: positive(o.tickMs, 1000),
    scheduler: o.scheduler,
    maxReportBuckets: Math.max(2, positive(o.maxReportBuckets, 512)),
  };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}
