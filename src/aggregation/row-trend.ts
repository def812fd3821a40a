/**
 * The failure-rate trend of every distribution row: the failure rate per equal part of
 * the window, from the window's series points. A part's per-row counts are kept while its points are at the same
 * versions, so a frame re-counts only the newest part, not the
 * whole window, however many distributions there are.
 */
import type { CountBucket } from './count-bucket.js';
import type { ViewContext } from './view-context.js';

/** How many parts a trend has (one sparkline cell each). */
export const TREND_PARTS = 12;

/**
 * Per-row attempts and failures of one part, and the versions of the points they were
 * counted from (a version names one bucket's contents: holding the points themselves
 * would keep merged points alive after the point cache dropped them).
 */
interface PartCounts {
  versions: number[];
  rows: Map<string, { attempts: number; failures: number }>;
}

/** Parts kept per store: the live ones of a few queries (each query uses TREND_PARTS). */
const MAX_PARTS = 3 * TREND_PARTS;

/** Per store (its point cache), the parts counted lately, least recently used first. */
const partCaches = new WeakMap<object, Map<string, PartCounts>>();

/**
 * Per row key, the failure rate (0..1) of each of the last {@link TREND_PARTS} parts,
 * oldest first; null where the row had no attempts. Parts are a whole number of series
 * steps wide and aligned to multiples of their width, so a point never moves from one
 * part to another as the window slides (the newest part fills as time passes, and the
 * oldest may reach a little before the window, where there are no points).
 */
export function rowTrends(v: ViewContext): Map<string, Array<number | null>> {
  const step = v.step;
  const steps = Math.max(1, Math.ceil(v.durationMs / step));
  const partMs = step * Math.ceil(steps / TREND_PARTS);
  const firstPart = Math.floor(v.nowMs / partMs) - TREND_PARTS + 1;
  const byPart: CountBucket[][] = Array.from({ length: TREND_PARTS }, () => []);
  for (const point of v.points()) {
    const part = Math.floor(point.startMs / partMs) - firstPart;
    if (part >= 0 && part < TREND_PARTS) byPart[part]!.push(point);
  }
  let cache = partCaches.get(v.inputs.points);
  if (cache === undefined) partCaches.set(v.inputs.points, (cache = new Map()));
  // The points' summaries depend on the filter (the text filter also makes other points).
  const filterKey = JSON.stringify(v.filter);
  const out = new Map<string, Array<number | null>>();
  byPart.forEach((points, part) => {
    if (points.length === 0) return;
    const counts = partCounts(v, cache, `${filterKey}|${partMs}|${firstPart + part}`, points);
    for (const [key, c] of counts) {
      let trend = out.get(key);
      if (trend === undefined) out.set(key, (trend = new Array<number | null>(TREND_PARTS).fill(null)));
      if (c.attempts > 0) trend[part] = c.failures / c.attempts;
    }
  });
  return out;
}

/** The per-row counts of one part's `points`: kept ones when the points are unchanged. */
function partCounts(
  v: ViewContext,
  cache: Map<string, PartCounts>,
  key: string,
  points: CountBucket[],
): Map<string, { attempts: number; failures: number }> {
  const hit = cache.get(key);
  cache.delete(key);
  if (hit !== undefined && samePoints(hit, points)) {
    cache.set(key, hit);
    return hit.rows;
  }
  const rows = new Map<string, { attempts: number; failures: number }>();
  for (const [rowKey, r] of v.sum(points, true, false).rows) rows.set(rowKey, { attempts: r.attempts, failures: r.failures });
  cache.set(key, { versions: points.map((p) => p.version), rows });
  for (const old of cache.keys()) {
    if (cache.size <= MAX_PARTS) break;
    cache.delete(old);
  }
  return rows;
}

function samePoints(hit: PartCounts, points: readonly CountBucket[]): boolean {
  return hit.versions.length === points.length && points.every((p, i) => p.version === hit.versions[i]);
}
