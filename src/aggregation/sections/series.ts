/** The series section: one point per step of the window (oldest first) for the sparklines. */
import { percentilesOf, summarize } from '../connection-summary.js';
import type { CountBucket } from '../count-bucket.js';
import type { SeriesPoint } from '../types.js';
import type { ViewContext } from '../view-context.js';

/** Attempts, failures, p50 and p99 per step; steps without data count zero. */
export function selectSeries(v: ViewContext): SeriesPoint[] {
  const latency = v.latency();
  const byStart = new Map<number, CountBucket>();
  for (const p of v.points()) byStart.set(p.startMs, p);
  const latencyByStart = new Map<number, CountBucket>();
  for (const p of latency.points) latencyByStart.set(p.startMs, p);
  const out: SeriesPoint[] = [];
  const step = v.step;
  for (let t = Math.floor(v.startMs / step) * step; t <= v.nowMs; t += step) {
    const p = byStart.get(t);
    const totals = p === undefined ? null : v.pointTotals(p);
    const lp = latencyByStart.get(t);
    const lat = lp === undefined ? null : lp === p && totals !== null ? totals : summarize([lp], latency.ctx, false);
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
