/**
 * One frame of one query: the window it covers, what the filter accepts, and the
 * intermediate results several sections share (series points, the window's totals, the
 * latency basis), each computed the first time a section asks for it. Sections
 * (sections/*.ts) read only this. Never looks at raw events except the recent-failures
 * ring and the expiring-certificate list, which keep them; see index.ts for what a text
 * filter can and cannot recompute.
 */
import { rowKeyOf, rowSketches, summarize, type ConnectionTotals, type SummaryCache, type SummaryContext } from './connection-summary.js';
import type { ChangeDetector } from './changes/change-detector.js';
import type { CountBucket } from './count-bucket.js';
import type { DDSketch, DDSketchOptions } from './dd-sketch.js';
import type { ExpiringCerts } from './expiring-certs.js';
import { groupAcceptance, textNeedle } from './filter-match.js';
import type { FirewallKindRegistry, GroupRegistry } from './group-registry.js';
import type { InsightsLayer } from './insights-layer.js';
import type { PointCache } from './point-cache.js';
import type { RecentFailures } from './recent-failures.js';
import type { RowLatencyCache } from './row-latency.js';
import { matchedGroups } from './snapshot-parts.js';
import type { TextBucketCache } from './text-buckets.js';
import type { DistributionSort, Filter, Mark, Overview, Percentiles, ViewQuery } from './types.js';
import type { FrameWindow, WindowPolicy } from './window-policy.js';

/** What views are computed from: the store's data, its window policy and the caches that outlive a frame. */
export interface ViewInputs {
  policy: WindowPolicy;
  groups: GroupRegistry;
  kinds: FirewallKindRegistry;
  insights: InsightsLayer;
  recent: RecentFailures;
  expiring: ExpiringCerts;
  sketch: DDSketchOptions;
  points: PointCache;
  summaries: SummaryCache;
  textBuckets: TextBucketCache;
  rowLatency: RowLatencyCache;
  /** What changed, on event time, over all the traffic. */
  changes: ChangeDetector;
  /** Row key (distribution and tenant) of a group, cached per gid. */
  rowKey(gid: number): string;
  /** Malformed inputs and the events left out, as the overview shows them. */
  counters(): Required<Pick<Overview, 'malformed' | 'late' | 'excluded'>>;
  topN: number;
  maxExpiring: number;
  /** Distribution rows that get handshake percentiles (the busiest by failures, then attempts). */
  maxLatencyRows: number;
}

/** Handshake latency's basis: the real sketches, of the groups a text filter matched. */
export interface LatencyBasis {
  ctx: SummaryContext;
  points: CountBucket[];
  sketch: DDSketch | null;
}

/** One frame of one query; see the module comment. */
export class ViewContext implements FrameWindow {
  readonly startMs: number;
  readonly durationMs: number;
  /** End of the window, exclusive. */
  readonly endMs: number;
  readonly filter: Filter;
  readonly mark: Mark | null;
  /** Order of the distributions section (the query's, `impact` when it names none). */
  readonly sort: DistributionSort;
  /** The normalised text filter ('' = none). */
  readonly needle: string;
  /** Per gid: does the filter accept the group? Null when no group filter is set. */
  readonly accept: boolean[] | null;
  readonly summary: SummaryContext;
  /** Width of one series point. */
  readonly step: number;
  private readonly tag: string;
  private readonly fkey: string;
  private pointsMemo: CountBucket[] | null = null;
  private totalsMemo: ConnectionTotals | null = null;
  private latencyMemo: LatencyBasis | null = null;

  constructor(
    readonly inputs: ViewInputs,
    readonly version: number,
    readonly nowMs: number,
    query: ViewQuery,
  ) {
    const { policy, groups } = inputs;
    const w = policy.window(nowMs, query.windowMs);
    this.startMs = w.startMs;
    this.durationMs = w.durationMs;
    this.endMs = nowMs + 1;
    const f = query.filter;
    this.filter = { distributions: [...f.distributions], tenants: [...f.tenants], statuses: [...f.statuses], text: f.text };
    this.mark = query.mark;
    this.sort = query.sort ?? 'impact';
    this.needle = textNeedle(this.filter);
    this.accept = groupAcceptance(this.filter, groups);
    this.summary = { groups, accept: this.accept, sketch: inputs.sketch };
    const baseStep = policy.timeline.stepFor(this.durationMs);
    this.step = this.needle === '' ? baseStep : Math.max(baseStep, policy.sliceFor(this.durationMs));
    this.tag = this.needle === '' ? '' : `t:${this.needle}`;
    this.fkey = JSON.stringify([this.filter.distributions, this.filter.tenants, this.filter.statuses]);
    // Forget cached points no window of this frame reads (the previous window, the mark's spans).
    const markFrom = this.mark === null ? Infinity : 2 * this.mark.atMs - nowMs;
    const keepFrom = Math.min(this.startMs - this.durationMs, markFrom) - this.step;
    inputs.points.pruneBefore(keepFrom);
    inputs.textBuckets.pruneBefore(keepFrom);
  }

  /** Real count buckets over [a, b), Insights bins taking over the time they cover. */
  realIn(a: number, b: number): CountBucket[] {
    return this.inputs.insights.overlay(this.inputs.policy.timeline.countsIn(a, b, this.nowMs), a, b);
  }

  /** Count buckets over [a, b): real ones, or under a text filter the estimates from the top-N slices. */
  countsIn(a: number, b: number): CountBucket[] {
    if (this.needle === '') return this.realIn(a, b);
    return this.inputs.textBuckets.buckets(this.inputs.policy.timeline.topsIn(a, b, this.nowMs), this.needle);
  }

  /** Series points over [a, b). */
  pointsIn(a: number, b: number): CountBucket[] {
    return this.inputs.points.points(this.countsIn(a, b), this.step, this.tag);
  }

  /** Totals of `buckets` for the filter: rows only when `withRows`, the overall sketch only when `withSketch`. */
  sum(buckets: readonly CountBucket[], withRows: boolean, withSketch = true): ConnectionTotals {
    return this.inputs.summaries.sum(buckets, this.summary, this.fkey, withRows, withSketch);
  }

  /**
   * Handshake sketches of the `wanted` rows over `buckets`, for the latency basis's groups:
   * from cached per-bucket row sketches, except under a text filter (whose matched groups
   * change from frame to frame).
   */
  rowLatency(buckets: readonly CountBucket[], wanted: ReadonlySet<string>): Map<string, DDSketch> {
    const { rowLatency, rowKey } = this.inputs;
    const ctx = this.latency().ctx;
    return this.needle === '' ? rowLatency.rows(buckets, ctx, this.fkey, wanted, rowKey) : rowSketches(buckets, ctx, wanted, rowKey);
  }

  /** The (cached) summary of one point, without rows. */
  pointTotals(point: CountBucket): ConnectionTotals {
    return this.inputs.summaries.of(point, this.summary, this.fkey);
  }

  /** The window's series points. */
  points(): CountBucket[] {
    return (this.pointsMemo ??= this.pointsIn(this.startMs, this.endMs));
  }

  /** The window's totals, with rows and the overall sketch. */
  totals(): ConnectionTotals {
    return (this.totalsMemo ??= this.sum(this.points(), true));
  }

  /** Latency comes from the real sketches; under a text filter, of the groups that had matches. */
  latency(): LatencyBasis {
    if (this.latencyMemo !== null) return this.latencyMemo;
    if (this.needle === '') return (this.latencyMemo = { ctx: this.summary, points: this.points(), sketch: this.totals().sketch });
    const { groups, sketch } = this.inputs;
    const ctx: SummaryContext = { groups, accept: matchedGroups(this.points(), this.accept, groups.size), sketch };
    const points = this.inputs.points.points(this.realIn(this.startMs, this.endMs), this.step, '');
    return (this.latencyMemo = { ctx, points, sketch: summarize(points, ctx, false).sketch });
  }

  /** Percentiles, falling back to Insights latency when no live sample exists. */
  latencyOr(p: Percentiles, distributionId: string | null): Percentiles {
    const insights = this.inputs.insights;
    if (p.count > 0 || insights.empty) return p;
    const l = insights.latencyFor(distributionId, this.startMs, this.endMs);
    if (l === null) return p;
    return { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, count: 0 };
  }
}

/** A row-key function caching keys per gid (they never change once interned). */
export function rowKeyCache(groups: GroupRegistry): (gid: number) => string {
  const keys: string[] = [];
  return (gid) => (keys[gid] ??= rowKeyOf(groups, gid));
}
