/**
 * The distributions section: one row per distribution (and tenant) with counts, the top
 * failure code, handshake percentiles (for the `maxLatencyRows` busiest rows only), the
 * failure span, the last minute's figures that alert thresholds read, the failure-rate
 * trend, the impact of its ongoing changes and the SNI it is known by; in the query's order.
 */
import { percentilesOf, rate, topFailureCode } from '../connection-summary.js';
import { sortDistributionRows } from '../distribution-sort.js';
import { rowImpact } from '../row-impact.js';
import { sniLookup } from '../row-sni.js';
import { rowTrends } from '../row-trend.js';
import { roundRecord } from '../snapshot-parts.js';
import type { DistributionRow } from '../types.js';
import type { ViewContext } from '../view-context.js';

const LAST_MINUTE_MS = 60_000;

/** Rows in the order the query asks (`v.sort`; impact by default). */
export function selectDistributions(v: ViewContext): DistributionRow[] {
  const cur = v.totals();
  const minuteFrom = v.nowMs - LAST_MINUTE_MS;
  const lastMinute = v.sum(v.countsIn(minuteFrom, v.endMs), true, false);
  // Latency over the last minute: from the real sketches, as for the window.
  const latencyMinuteBuckets = v.needle === '' ? v.countsIn(minuteFrom, v.endMs) : v.realIn(minuteFrom, v.endMs);
  const wanted = new Set(
    [...cur.rows.entries()]
      .sort((x, y) => y[1].failures - x[1].failures || y[1].attempts - x[1].attempts)
      .slice(0, v.inputs.maxLatencyRows)
      .map(([key]) => key),
  );
  const rowLatency = v.rowLatency(v.latency().points, wanted);
  const minuteLatency = v.rowLatency(latencyMinuteBuckets, wanted);
  const trends = rowTrends(v);
  const impactOf = rowImpact(v.inputs.changes.changes());
  const sniOf = sniLookup(v.inputs.changes, v.nowMs);
  const rows: DistributionRow[] = [];
  for (const [key, r] of cur.rows) {
    const m = lastMinute.rows.get(key);
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
      handshakeMs: v.latencyOr(percentilesOf(rowLatency.get(key) ?? null), r.distributionId),
      firstFailureMs: Number.isNaN(r.firstFailureMs) ? null : r.firstFailureMs,
      lastFailureMs: Number.isNaN(r.lastFailureMs) ? null : r.lastFailureMs,
      lastMinute: {
        attempts: mAttempts,
        failures: mFailures,
        failureRate: rate(mFailures, mAttempts),
        p99: percentilesOf(minuteLatency.get(key) ?? null).p99,
      },
      impact: impactOf(r.distributionId, r.tenantId),
      // The detector's baseline is the distribution's: on a tenant's row it would name the
      // busiest tenant's host (each tenant of a multi-tenant distribution has its own).
      sni: r.tenantId === null ? sniOf(r.distributionId) : null,
      trend: trends.get(key) ?? [],
    });
  }
  return sortDistributionRows(rows, v.sort);
}
