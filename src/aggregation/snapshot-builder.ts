/**
 * Computes a Snapshot from retained buckets, slices and rings for the current
 * filter, window and mark. Never looks at raw events except the recent-failures ring
 * and the expiring-certificate list, which keep them. See README-level notes in
 * index.ts for what a text filter can and cannot recompute.
 */
import type { CountBucket } from './count-bucket.js';
import {
  SummaryCache,
  rowKeyOf,
  rowSketches,
  percentilesOf,
  rate,
  summarize,
  topFailureCode,
  type ConnectionTotals,
  type SummaryContext,
} from './connection-summary.js';
import type { DDSketch, DDSketchOptions } from './dd-sketch.js';
import type { ExpiringCerts } from './expiring-certs.js';
import { connectionMatches, firewallMatches, groupAcceptance, hasGroupFilter, textNeedle } from './filter-match.js';
import { summarizeFirewall } from './firewall-summary.js';
import type { FirewallKindRegistry, GroupRegistry } from './group-registry.js';
import type { InsightsLayer } from './insights-layer.js';
import { PointCache } from './point-cache.js';
import type { RecentFailures } from './recent-failures.js';
import type { Timeline } from './timeline.js';
import { coveredSpan, expiringList, histogram, matchedGroups, roundRecord, rowSortKey } from './snapshot-parts.js';
import { mergeTable, textBucket, topEntries } from './top-summary.js';
import type { TopTables } from './top-tables.js';
import type { DistributionRow, Filter, MarkComparison, Percentiles, SeriesPoint, Snapshot } from './types.js';

/** Everything a snapshot is computed from. */
export interface SnapshotState {
  version: number;
  nowMs: number;
  /** Visible window [startMs, nowMs]. */
  startMs: number;
  durationMs: number;
  filter: Filter;
  timeline: Timeline;
  /** Width of the top-N slices this window reads (for the text-filter series step). */
  sliceMs: number;
  groups: GroupRegistry;
  kinds: FirewallKindRegistry;
  insights: InsightsLayer;
  recent: RecentFailures;
  expiring: ExpiringCerts;
  malformed: { total: number; byReason: Record<string, number> };
  eventsPerSec: number;
  /** Whole-span (report) mode: rates are over the span, no previous window. */
  wholeSpan: boolean;
  sampled: boolean;
  mark: { label: string; atMs: number } | null;
  topN: number;
  maxExpiring: number;
  /** Distribution rows that get handshake percentiles (the busiest by failures, then attempts). */
  maxLatencyRows: number;
}

const RATE_SPAN_MS = 10_000;
const LAST_MINUTE_MS = 60_000;

type TopsResult = Snapshot['top'] & { fwSni: Snapshot['firewall']['bySni']; fwDest: Snapshot['firewall']['byDestination'] };

/** Builds snapshots; holds the caches that make repeated snapshots cheap. */
export class SnapshotBuilder {
  private readonly points: PointCache;
  private readonly summaries = new SummaryCache();
  private readonly textCache = new Map<string, { slice: TopTables; version: number; bucket: CountBucket }>();
  private tops: { key: string; atMs: number; value: TopsResult } | null = null;
  private readonly rowKeys: string[] = [];

  constructor(
    private readonly sketch: DDSketchOptions,
    /** Top tables are recomputed at most this often while filter and window stay the same. */
    private readonly topsRefreshMs: number,
  ) {
    this.points = new PointCache(sketch);
  }

  /** Compute one snapshot. */
  build(s: SnapshotState): Snapshot {
    const { nowMs, startMs, durationMs, filter, timeline, groups } = s;
    const endMs = nowMs + 1;
    const needle = textNeedle(filter);
    const accept = groupAcceptance(filter, groups);
    const ctx: SummaryContext = { groups, accept, sketch: this.sketch };
    const baseStep = timeline.stepFor(durationMs);
    const step = needle === '' ? baseStep : Math.max(baseStep, s.sliceMs);
    const tag = needle === '' ? '' : `t:${needle}`;
    const fkey = JSON.stringify([filter.distributions, filter.tenants, filter.statuses]);
    const sum = (buckets: CountBucket[], withRows: boolean, withSketch = true): ConnectionTotals =>
      this.summaries.sum(buckets, ctx, fkey, withRows, withSketch);

    const realIn = (a: number, b: number): CountBucket[] => s.insights.overlay(timeline.countsIn(a, b, nowMs), a, b);
    const countsIn =
      needle === '' ? realIn : (a: number, b: number): CountBucket[] => this.textBuckets(timeline.topsIn(a, b, nowMs), needle);
    const pointsIn = (a: number, b: number): CountBucket[] => this.points.points(countsIn(a, b), step, tag);

    const keepFrom = Math.min(startMs - durationMs, s.mark === null ? Infinity : 2 * s.mark.atMs - nowMs) - step;
    this.points.pruneBefore(keepFrom);
    for (const [key, e] of this.textCache) if (e.slice.startMs + e.slice.widthMs < keepFrom) this.textCache.delete(key);
    const points = pointsIn(startMs, endMs);
    const cur = sum(points, true);
    const prev = s.wholeSpan ? null : sum(countsIn(startMs - durationMs, startMs), false, false);
    const recentBuckets = countsIn(nowMs - RATE_SPAN_MS, endMs);
    const recentTotals = sum(recentBuckets, false, false);
    const lastMinute = sum(countsIn(nowMs - LAST_MINUTE_MS, endMs), true);

    // Latency: from the real sketches; under a text filter, of the groups that matched.
    let latencySketch = cur.sketch;
    let latencyPoints = points;
    const latencyMinuteBuckets = needle === '' ? countsIn(nowMs - LAST_MINUTE_MS, endMs) : realIn(nowMs - LAST_MINUTE_MS, endMs);
    let latencyCtx = ctx;
    if (needle !== '') {
      latencyCtx = { groups, accept: matchedGroups(points, accept, groups.size), sketch: this.sketch };
      latencyPoints = this.points.points(realIn(startMs, endMs), step, '');
      latencySketch = summarize(latencyPoints, latencyCtx, false).sketch;
    }
    const wanted = new Set(
      [...cur.rows.entries()]
        .sort((x, y) => y[1].failures - x[1].failures || y[1].attempts - x[1].attempts)
        .slice(0, s.maxLatencyRows)
        .map(([key]) => key),
    );
    const rowKeys = (gid: number): string => this.rowKey(groups, gid);
    const latencyRows = rowSketches(latencyPoints, latencyCtx, wanted, rowKeys);
    const latencyMinute = rowSketches(latencyMinuteBuckets, latencyCtx, wanted, rowKeys);

    const handshakeMs = this.latencyOr(percentilesOf(latencySketch), s, null, startMs, endMs);
    const distributions = this.distributionRows(cur, latencyRows, lastMinute, latencyMinute, s, startMs, endMs);
    const series = this.series(points, latencyPoints, (p) => this.summaries.of(p, ctx, fkey), latencyCtx, startMs, nowMs, step);
    const top = this.topTables(s, accept, needle, startMs, endMs);
    const firewall = summarizeFirewall(points, s.kinds, top.fwSni, top.fwDest);

    const total = Math.round(cur.total);
    const failed = Math.round(cur.failed);
    const attemptsPerSec = s.wholeSpan
      ? cur.total / Math.max(1, durationMs / 1000)
      : recentTotals.total / (Math.max(RATE_SPAN_MS, coveredSpan(recentBuckets)) / 1000);
    const snapshotTop = {
      clientIps: top.clientIps,
      subjects: top.subjects,
      issuers: top.issuers,
      serials: top.serials,
      snis: top.snis,
      failingSubjects: top.failingSubjects,
      failingIssuers: top.failingIssuers,
    };

    return {
      version: s.version,
      nowMs,
      window: { durationMs, startMs, endMs: nowMs, bucketMs: step },
      filter,
      connections: {
        total,
        success: total - failed,
        failed,
        byStatus: roundRecord(cur.byStatus),
        failureHistogram: histogram(cur.byStatus, prev?.byStatus ?? new Map()),
        attemptsPerSec,
        successRate: total > 0 ? (total - failed) / total : 0,
        handshakeMs,
      },
      eventsPerSec: s.eventsPerSec,
      series,
      distributions,
      firewall,
      top: snapshotTop,
      expiringCerts: expiringList(s.expiring, nowMs, s.maxExpiring, accept, needle, startMs),
      recentFailures: s.recent.newestFirst((r) => {
        const e = r.event;
        if (e.kind === 'connection') return e.eventTimestamp >= startMs && connectionMatches(e, filter, needle);
        return !hasGroupFilter(filter) && e.timestampMs >= startMs && firewallMatches(e, needle);
      }),
      malformed: s.malformed,
      sampled: s.sampled,
      mark: s.mark === null ? null : this.markComparison(s.mark, s, pointsIn, ctx, needle, realIn, step),
    };
  }

  private rowKey(groups: GroupRegistry, gid: number): string {
    let key = this.rowKeys[gid];
    if (key === undefined) this.rowKeys[gid] = key = rowKeyOf(groups, gid);
    return key;
  }

  /** Pseudo count buckets of text matches, one per slice, cached per slice version. */
  private textBuckets(slices: TopTables[], needle: string): CountBucket[] {
    const out: CountBucket[] = [];
    for (const slice of slices) {
      const key = `${needle}|${slice.startMs}|${slice.widthMs}`;
      const hit = this.textCache.get(key);
      if (hit !== undefined && hit.slice === slice && hit.version === slice.version) {
        out.push(hit.bucket);
        continue;
      }
      const bucket = textBucket(slice, needle);
      this.textCache.set(key, { slice, version: slice.version, bucket });
      out.push(bucket);
    }
    if (this.textCache.size > 4096) this.textCache.clear();
    return out;
  }

  /** Percentiles, falling back to Insights latency when no live sample exists. */
  private latencyOr(p: Percentiles, s: SnapshotState, distributionId: string | null, startMs: number, endMs: number): Percentiles {
    if (p.count > 0 || s.insights.empty) return p;
    const l = s.insights.latencyFor(distributionId, startMs, endMs);
    if (l === null) return p;
    return { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, count: 0 };
  }

  private distributionRows(
    cur: ConnectionTotals,
    latency: Map<string, DDSketch>,
    minute: ConnectionTotals,
    latencyMinute: Map<string, DDSketch>,
    s: SnapshotState,
    startMs: number,
    endMs: number,
  ): DistributionRow[] {
    const rows: DistributionRow[] = [];
    for (const [key, r] of cur.rows) {
      const m = minute.rows.get(key);
      const lm = latencyMinute.get(key);
      const attempts = Math.round(r.attempts);
      const failures = Math.round(r.failures);
      const mAttempts = Math.round(m?.attempts ?? 0);
      const mFailures = Math.round(m?.failures ?? 0);
      rows.push({
        distributionId: r.distributionId,
        tenantId: r.tenantId,
        attempts,
        failures,
        failureRate: rate(failures, attempts),
        topFailureCode: topFailureCode(r.byStatus),
        byStatus: roundRecord(r.byStatus),
        handshakeMs: this.latencyOr(percentilesOf(latency.get(key) ?? null), s, r.distributionId, startMs, endMs),
        firstFailureMs: Number.isNaN(r.firstFailureMs) ? null : r.firstFailureMs,
        lastFailureMs: Number.isNaN(r.lastFailureMs) ? null : r.lastFailureMs,
        lastMinute: {
          attempts: mAttempts,
          failures: mFailures,
          failureRate: rate(mFailures, mAttempts),
          p99: percentilesOf(lm ?? null).p99,
        },
      });
    }
    return rows.sort((a, b) => b.failures - a.failures || b.attempts - a.attempts || (rowSortKey(a) < rowSortKey(b) ? -1 : 1));
  }

  private series(
    points: CountBucket[],
    latencyPoints: CountBucket[],
    pointTotals: (p: CountBucket) => ConnectionTotals,
    latencyCtx: SummaryContext,
    startMs: number,
    nowMs: number,
    step: number,
  ): SeriesPoint[] {
    const byStart = new Map<number, CountBucket>();
    for (const p of points) byStart.set(p.startMs, p);
    const latencyByStart = new Map<number, CountBucket>();
    for (const p of latencyPoints) latencyByStart.set(p.startMs, p);
    const out: SeriesPoint[] = [];
    const first = Math.floor(startMs / step) * step;
    for (let t = first; t <= nowMs; t += step) {
      const p = byStart.get(t);
      const totals = p === undefined ? null : pointTotals(p);
      const lp = latencyByStart.get(t);
      const lat = lp === undefined ? null : lp === p && totals !== null ? totals : summarize([lp], latencyCtx, false);
      const pct = percentilesOf(lat?.sketch ?? null);
      out.push({
        startMs: t,
        attempts: Math.round(totals?.total ?? 0),
        failures: Math.round(totals?.failed ?? 0),
        p50: pct.p50,
        p99: pct.p99,
      });
    }
    return out;
  }

  private topTables(s: SnapshotState, accept: boolean[] | null, needle: string, startMs: number, endMs: number): TopsResult {
    const key = JSON.stringify([s.filter, s.durationMs, s.groups.size]);
    if (this.tops !== null && this.tops.key === key && s.nowMs - this.tops.atMs < this.topsRefreshMs && s.nowMs >= this.tops.atMs) {
      return this.tops.value;
    }
    const slices = s.timeline.topsIn(startMs, endMs, s.nowMs);
    const failed = s.groups.failed;
    const kindFailed = s.kinds.kinds.map((k) => k.failed);
    const n = s.topN;
    const subjects = mergeTable(slices, 'subjects', accept, failed, needle);
    const issuers = mergeTable(slices, 'issuers', accept, failed, needle);
    const value: TopsResult = {
      clientIps: topEntries(mergeTable(slices, 'clientIps', accept, failed, needle), n),
      subjects: topEntries(subjects, n),
      issuers: topEntries(issuers, n),
      serials: topEntries(mergeTable(slices, 'serials', accept, failed, needle), n),
      snis: topEntries(mergeTable(slices, 'snis', accept, failed, needle), n),
      failingSubjects: topEntries(subjects, n, 'failures'),
      failingIssuers: topEntries(issuers, n, 'failures'),
      fwSni: topEntries(mergeTable(slices, 'fwSnis', null, kindFailed, needle), n),
      fwDest: topEntries(mergeTable(slices, 'fwDestinations', null, kindFailed, needle), n),
    };
    this.tops = { key, atMs: s.nowMs, value };
    return value;
  }

  private markComparison(
    mark: { label: string; atMs: number },
    s: SnapshotState,
    pointsIn: (a: number, b: number) => CountBucket[],
    ctx: SummaryContext,
    needle: string,
    realIn: (a: number, b: number) => CountBucket[],
    step: number,
  ): MarkComparison {
    const span = Math.max(0, s.nowMs - mark.atMs);
    const side = (a: number, b: number): MarkComparison['after'] => {
      const t = this.summaries.sum(
        pointsIn(a, b),
        ctx,
        JSON.stringify([s.filter.distributions, s.filter.tenants, s.filter.statuses]),
        false,
      );
      let sketchTotals = t;
      if (needle !== '') {
        const matched = matchedGroups(pointsIn(a, b), ctx.accept, s.groups.size);
        sketchTotals = summarize(this.points.points(realIn(a, b), step, ''), { ...ctx, accept: matched }, false);
      }
      const attempts = Math.round(t.total);
      const failures = Math.round(t.failed);
      return { attempts, failures, failureRate: rate(failures, attempts), p99: percentilesOf(sketchTotals.sketch).p99 };
    };
    return {
      label: mark.label,
      atMs: mark.atMs,
      before: side(mark.atMs - span, mark.atMs),
      after: side(mark.atMs, s.nowMs + 1),
    };
  }
}
