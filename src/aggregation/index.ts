/**
 * The aggregation store: pure TypeScript (no React, no I/O; time from an injectable
 * clock). A query engine: readers ask `section(name, query)` (or `select(query)` for a
 * whole Snapshot) with a query of their own (filter, window length, mark); each section
 * (overview, connections, latency, distributions, series, top, firewall, certificates,
 * failures, mark) is computed only when read, once per change and query.
 *
 * Live mode (`createStore`) keeps per-second count buckets and 10-second top-N slices
 * for the retention (default 15 min), rolled into 1-minute history buckets kept for
 * 2 h (1 h windows and previous-window comparisons read those). Report mode
 * (`createReportAggregator`) keeps the whole ingested span in at most 512 buckets
 * whose width doubles as the span grows. The difference is one window policy
 * (sliding-window.ts, whole-span.ts); both answer with the same sections.
 *
 * Filters recompute from retained buckets:
 * - distribution, tenant and status are exact: buckets count per (distribution,
 *   tenant, status) group, with a handshake DDSketch per group;
 * - free text (SNI, subject, issuer, serial, client IP; firewall: SNI, destination)
 *   is exact for the recent-failures list, the expiring certificates and the keys of
 *   the top tables (each table matches on its own field). Counts, rates, histograms,
 *   series and distribution rows under a text filter are estimated from the top-N
 *   slices: per group, the largest per-field sum of matching keys, at slice
 *   resolution (10 s; 1 min beyond the retention). That is a lower bound of the
 *   truth (keys pruned by the caps are missing; an event matching through two fields
 *   counts once). Latency under a text filter is the latency of the groups that had
 *   matches, not of the matching events alone (durations are not kept per key).
 * - Firewall entries have no distribution or status: only the text filter applies
 *   to the firewall pane (and firewall entries leave the recent list under a group
 *   filter).
 *
 * Bounded work: a section nobody reads is not computed; each top table is merged at
 * most once a second while the query is unchanged (`topsRefreshMs`); handshake
 * percentiles are computed for the 100 busiest distribution rows (`maxLatencyRows`),
 * the others carry counts only; notifications are spaced at least 5x the CPU time the
 * last frame's sections took.
 */
import { AggregationStore } from './store.js';
import type { StoreOptions } from './store-options.js';

export { AggregationStore, type StoreStats } from './store.js';
export { DEFAULT_EXPIRING_WITHIN_DAYS, DEFAULT_TOP_N, type StoreOptions } from './store-options.js';
export { DDSketch, type DDSketchOptions } from './dd-sketch.js';
export { FrequentItems } from './frequent-items.js';
export type { Scheduler } from './notifier.js';
export * from './types.js';
export { sectionsOf, snapshotOf } from './view-snapshot.js';

/** A live store with a sliding window (see the module comment for defaults). */
export function createStore(options: StoreOptions = {}): AggregationStore {
  return new AggregationStore({ ...options, window: options.window ?? 'sliding' });
}

/**
 * A whole-span aggregator for `tlstop report`: everything ingested counts, the
 * window is [first event, last event] whatever length a query asks for, rates are over that span and there
 * is no previous window. Notifications are synchronous (nothing subscribes usually).
 */
export function createReportAggregator(options: Omit<StoreOptions, 'window'> = {}): AggregationStore {
  return new AggregationStore({ notifyIntervalMs: 0, ...options, window: 'all' });
}
