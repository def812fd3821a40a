/**
 * The aggregation store's public contract: queries in (filter, window, mark), immutable
 * sections and snapshots out. The store (src/aggregation/store.ts) implements it; the
 * UI, `tlstop report` and the exporters only read these shapes. No React, no I/O.
 */
import type { LogEvent, TlsErrorClass } from '../events/types.js';
import type { Change } from './changes/types.js';

/** What the user narrowed the view to. Empty arrays / empty text mean "no filter". */
export interface Filter {
  /** Distribution ids; several at once are OR-ed. */
  distributions: string[];
  /** Distribution tenant ids; OR-ed. */
  tenants: string[];
  /**
   * Outcome or status filter, OR-ed: `Success`, `Failed` (any failure), or a raw
   * status such as `Failed:ClientCertExpired`.
   */
  statuses: string[];
  /** Case-insensitive substring over SNI, certificate subject, issuer, serial and client IP. */
  text: string;
}

export const EMPTY_FILTER: Filter = { distributions: [], tenants: [], statuses: [], text: '' };

export interface Percentiles {
  /** Milliseconds; null when there was no sample. */
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  /** Number of samples behind the percentiles. */
  count: number;
}

export interface StatusCount {
  /** Raw status, `Success` or `Failed:<Code>`. */
  status: string;
  count: number;
  /** Count in the window of equal length just before this one (for "change vs previous"). */
  previous: number;
}

export interface DistributionRow {
  distributionId: string;
  /** Null when the records carry no tenant. */
  tenantId: string | null;
  attempts: number;
  failures: number;
  /** failures / attempts, 0..1 (0 when no attempts). */
  failureRate: number;
  topFailureCode: string | null;
  byStatus: Record<string, number>;
  handshakeMs: Percentiles;
  /** Epoch ms of the first and the latest failure inside the window ("since when"). */
  firstFailureMs: number | null;
  lastFailureMs: number | null;
  /** Over the last 60 seconds only, for alert thresholds and the "now" column. */
  lastMinute: { attempts: number; failures: number; failureRate: number; p99: number | null };
  /** Excess failures per second of the row's ongoing changes (the changes section's impact); 0 when none. */
  impact: number;
  /**
   * The SNI the distribution is known by (the most seen lately, from the change detector's
   * baseline of its handshakes); null when none was logged, and on a tenant's row (the
   * baseline is the whole distribution's, and each tenant has its own names).
   */
  sni: string | null;
  /** Failure rate (0..1) per equal part of the window, oldest first; null where there were no attempts. */
  trend: Array<number | null>;
}

/** How the Distributions rows are ordered; `impact` (the default) puts what changed most on top. */
export type DistributionSort = 'impact' | 'failures' | 'attempts' | 'failRate' | 'p99' | 'name';

/** The orders the sort key cycles through, in order. */
export const DISTRIBUTION_SORTS: readonly DistributionSort[] = ['impact', 'failures', 'attempts', 'failRate', 'p99', 'name'];

/** One point per bucket of the window (oldest first), for sparklines. */
export interface SeriesPoint {
  startMs: number;
  attempts: number;
  failures: number;
  p50: number | null;
  p99: number | null;
}

export interface TopEntry {
  key: string;
  count: number;
  failures: number;
}

export interface FirewallSummary {
  total: number;
  tlsErrors: number;
  revocationChecks: number;
  /** Alert, flow and other non-TLS firewall entries. */
  other: number;
  byErrorClass: Record<TlsErrorClass, number>;
  bySni: TopEntry[];
  byDestination: TopEntry[];
  /** How far below the truth the SNI and destination counts may be (0: exact); see frequent-items.ts. */
  undercount: { bySni: number; byDestination: number };
  /** status (REVOKED, UNKNOWN, ...) -> action (DROP, ...) -> count. */
  revocation: Record<string, Record<string, number>>;
}

export interface ExpiringCert {
  serial: string;
  subject: string;
  issuer: string;
  notAfterMs: number;
  lastSeenMs: number;
  count: number;
}

export interface RecentEvent {
  /** Monotonic id, stable across snapshots (for selection). */
  seq: number;
  source: string;
  event: LogEvent;
}

export interface MarkComparison {
  label: string;
  atMs: number;
  /** Same-length spans before and after the mark (after = mark..now, before = mark-(now-mark)..mark). */
  before: { attempts: number; failures: number; failureRate: number; p99: number | null };
  after: { attempts: number; failures: number; failureRate: number; p99: number | null };
}

/** Events left out of every figure, with the span of their own timestamps. */
export interface DroppedEvents {
  total: number;
  /** Epoch ms of the oldest and of the newest event time among them; null when `total` is 0. */
  oldestMs: number | null;
  newestMs: number | null;
}

export interface Snapshot {
  /** Increments on every published change. */
  version: number;
  nowMs: number;
  /**
   * `idleStepMs` is present while the window's edge moves in steps of that length instead
   * of every second: a live monitor that has had no input for a few seconds.
   */
  window: { durationMs: number; startMs: number; endMs: number; bucketMs: number; idleStepMs?: number };
  filter: Filter;
  connections: {
    total: number;
    success: number;
    failed: number;
    byStatus: Record<string, number>;
    /** Failure statuses sorted by count, with the previous-window count. */
    failureHistogram: StatusCount[];
    /**
     * True when the window of equal length before this one held no connection the filter
     * accepts (or there is none, as in a report): "vs previous" then has nothing to compare
     * with and says `new`, not +N (a monitor started less than a window ago).
     */
    previousEmpty: boolean;
    /** Attempts per second over the last 10 seconds. */
    attemptsPerSec: number;
    successRate: number;
    handshakeMs: Percentiles;
  };
  /** All ingested events per second over the last 10 seconds, unfiltered. */
  eventsPerSec: number;
  series: SeriesPoint[];
  distributions: DistributionRow[];
  firewall: FirewallSummary;
  top: {
    clientIps: TopEntry[];
    subjects: TopEntry[];
    issuers: TopEntry[];
    serials: TopEntry[];
    snis: TopEntry[];
    /** Subjects and issuers ranked by failures only. */
    failingSubjects: TopEntry[];
    failingIssuers: TopEntry[];
    /** How far below the truth each table's counts may be (0: exact); see frequent-items.ts. */
    undercount: TopUndercount;
  };
  expiringCerts: ExpiringCert[];
  /** Newest first, bounded (ring buffer); filtered like everything else. */
  recentFailures: RecentEvent[];
  malformed: { total: number; byReason: Record<string, number> };
  /** True when any source reported CloudWatch Live Tail sampling in the window. */
  sampled: boolean;
  mark: MarkComparison | null;
  /**
   * Events that were already older than the retained history when they arrived (live
   * store only), dropped and counted since the store started. `historyMs` is that
   * history (null in whole-span mode, which keeps everything). Optional for snapshots
   * made by hand; the store always sets it.
   */
  late?: DroppedEvents & { historyMs: number | null };
  /** Events the --since / --until window left out (reported by the ingest sink), since the store started. */
  excluded?: { beforeSince: DroppedEvents; atOrAfterUntil: DroppedEvents };
  /** What changed (the change detector); optional for snapshots made by hand, the store always sets it. */
  changes?: ChangesView;
}

/**
 * What changed, from the store's change detector (aggregation/changes): over all the
 * traffic, on event time, independent of the filter and the window (a change is news
 * whatever the view is narrowed to; Enter on one narrows the view to it).
 */
export interface ChangesView {
  /** Ongoing and recently ended changes, ranked by excess failures per second. */
  changes: readonly Change[];
  /** The SNI most seen for each distribution in `changes` (the name people know it by), when any. */
  sniByDistribution: Readonly<Record<string, string>>;
  /** Events that arrived more than `lagSeconds` behind the newest event time: counted, not analysed. */
  lateEvents: number;
  /** How far out of time order an event may arrive and still be analysed. */
  lagSeconds: number;
  /**
   * Event time analysed up to (exclusive), epoch ms; null before any second was analysed.
   * The section is not renewed for this alone (it moves every second): read it as "some
   * traffic was analysed", or with the list.
   */
  analysedUntilMs: number | null;
}

/** Why the ingest sink left an event out: before `--since`, or at or after `--until`. */
export type ExclusionReason = 'before-since' | 'at-or-after-until';

export type { AggregateLatency, AggregateRow } from '../events/aggregates.js';
export type { Change } from './changes/types.js';

/** A moment the user marked; the mark section compares the same-length spans before and after it. */
export interface Mark {
  label: string;
  /** Epoch ms the mark was set at. */
  atMs: number;
}

/**
 * What a view asks the store: which events (filter), over how long (window), compared
 * with when (mark). The UI's reducer owns it; the store only answers it.
 */
export interface ViewQuery {
  filter: Filter;
  /** Visible window length, ms; clamped to what the store retains (ignored by a whole-span store). */
  windowMs: number;
  mark: Mark | null;
  /** Order of the distributions section; absent means `impact`. */
  sort?: DistributionSort;
}

/** The header's figures: when, which window, what arrived and what was left out (the store always sets `late` and `excluded`). */
export type Overview = Pick<
  Snapshot,
  'version' | 'nowMs' | 'window' | 'filter' | 'eventsPerSec' | 'sampled' | 'malformed' | 'late' | 'excluded'
>;

/** What the Certificates pane shows: expiring certificates and the top failing subjects and issuers. */
export interface CertificatesView {
  nowMs: number;
  expiringCerts: ExpiringCert[];
  failingSubjects: TopEntry[];
  failingIssuers: TopEntry[];
  /** How far below the truth the subjects' and issuers' counts may be (0: exact). */
  undercount: Pick<TopUndercount, 'subjects' | 'issuers'>;
}

/**
 * Per connection top table, the most any shown count may be below the true count: more
 * distinct values passed than the table keeps (near-unique client IPs, serials). 0: exact.
 */
export interface TopUndercount {
  clientIps: number;
  subjects: number;
  issuers: number;
  serials: number;
  snis: number;
}

/**
 * The sections of a view, each computed on its own and only when read: a pane reads its
 * own, so a pane that is not on screen costs nothing.
 */
export interface ViewSections {
  overview: Overview;
  /** Totals, failure histogram, rates and the overall handshake percentiles (the latency section). */
  connections: Snapshot['connections'];
  /** Overall handshake percentiles of the window. */
  latency: Percentiles;
  distributions: DistributionRow[];
  series: SeriesPoint[];
  top: Snapshot['top'];
  firewall: FirewallSummary;
  certificates: CertificatesView;
  failures: RecentEvent[];
  mark: MarkComparison | null;
  changes: ChangesView;
}

/** A section's name. */
export type SectionName = keyof ViewSections;

/** Every section, in the order a Snapshot lists them. */
export const SECTION_NAMES: readonly SectionName[] = [
  'overview',
  'connections',
  'latency',
  'series',
  'distributions',
  'firewall',
  'top',
  'certificates',
  'failures',
  'mark',
  'changes',
];

/**
 * What the UI reads: a query engine. `section(name, query)` returns the same object
 * while neither the store's version nor the query changed, so it suits React's
 * useSyncExternalStore as it is.
 */
export interface ViewSource {
  subscribe(listener: () => void): () => void;
  /** Bumps whenever what a query shows may have changed (data arrived, the window slid). */
  version(): number;
  /** One section of the view `query` asks for. */
  section<K extends SectionName>(name: K, query: ViewQuery): ViewSections[K];
  /** Distribution ids seen so far (the picker offers them, also those the filter hides). */
  distributionIds(): readonly string[];
}
