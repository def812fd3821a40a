/** The connections and latency sections: totals, failure histogram, rates, handshake percentiles. */
import { percentilesOf } from '../connection-summary.js';
import { coveredSpan, histogram, roundRecord } from '../snapshot-parts.js';
import type { Percentiles, ViewSections } from '../types.js';
import type { ViewContext } from '../view-context.js';
import type { SectionReader } from './section.js';

/** Overall handshake percentiles of the window (Insights latency when there is no live sample). */
export function selectLatency(v: ViewContext): Percentiles {
  return v.latencyOr(percentilesOf(v.latency().sketch), null);
}

/** Totals of the window, failure codes against the previous window, attempts per second. */
export function selectConnections(v: ViewContext, read: SectionReader): ViewSections['connections'] {
  const cur = v.totals();
  const policy = v.inputs.policy;
  const before = policy.previous(v);
  const prev = before === null ? null : v.sum(v.countsIn(before.startMs, before.startMs + before.durationMs), false, false);
  const total = Math.round(cur.total);
  const failed = Math.round(cur.failed);
  const attemptsPerSec = policy.attemptsPerSec(cur.total, v, (spanMs) => {
    const recent = v.countsIn(v.nowMs - spanMs, v.endMs);
    return { total: v.sum(recent, false, false).total, coveredMs: coveredSpan(recent) };
  });
  return {
    total,
    success: total - failed,
    failed,
    byStatus: roundRecord(cur.byStatus),
    failureHistogram: histogram(cur.byStatus, prev?.byStatus ?? new Map()),
    previousEmpty: prev === null || prev.total <= 0,
    attemptsPerSec,
    successRate: total > 0 ? (total - failed) / total : 0,
    handshakeMs: read('latency'),
  };
}
