/**
 * Column widths of the Distributions table for a pane width. The ID, the attempts, the
 * window's Fail% and p99 always show. The rest is handed out in order of what triage
 * needs: the failure code (short, `…Untrusted`), the tenant (narrow), the last minute's
 * Now%, the whole code (`ClientCertUntrusted`), the SNI, the trend, the failure count;
 * what is left widens the tenant and the SNI to their content, then the code column.
 * At 80 columns that is every column but the SNI, the trend and the failure count.
 */
import { TREND_PARTS } from '../../aggregation/row-trend.js';
import type { DistributionRow } from '../../aggregation/types.js';
import { safe, shortFailureCode } from '../format.js';
import { textColumns } from '../lines.js';

/**
 * Widths in characters, 0 for a column not shown. `sni` and `top` include their
 * trailing gap, `trend` its leading one; one more space separates the numbers (or the
 * trend) from `top`.
 */
export interface DistributionColumns {
  marker: number;
  dist: number;
  sni: number;
  tenant: number;
  attempts: number;
  failures: number;
  fail: number;
  now: number;
  trend: number;
  top: number;
  p99: number;
}

/** Always shown; `attempts` fits `Attempts▼`, `dist` a 14-character CloudFront ID and its gap. */
const FIXED = { marker: 2, dist: 15, attempts: 9, fail: 7, gap: 1, p99: 6 };
const NOW = 7;
const FAILURES = 10;
/** A space, then one sparkline cell per trend part. */
const TREND = 1 + TREND_PARTS;
const TENANT_MIN = 7;
const TENANT_MAX = 32;
const SNI_MIN = 12;
const SNI_MAX = 40;
/** Longest failure code that widens the column (unknown future codes are cut). */
const CODE_MAX = 40;

/** Header of the failure-code column at `width` (its trailing gap excluded). */
export function topFailureHeader(width: number): string {
  return width >= 'Top failure'.length ? 'Top failure' : 'Failure';
}

/** Widest of `texts` in terminal columns, plus a gap, within [min, max]. */
function contentWidth(texts: readonly string[], min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.max(0, ...texts.map(textColumns)) + 1));
}

/** Widths for `rows` in a pane `width` columns wide (every row counts, so scrolling never re-lays the table). */
export function distributionColumns(width: number, rows: readonly DistributionRow[]): DistributionColumns {
  const codes = rows.map((r) => safe(r.topFailureCode ?? '-', CODE_MAX));
  const full = Math.max('Top failure'.length, ...codes.map((c) => c.length)) + 1;
  const short = Math.max('Failure'.length, ...codes.map((c) => shortFailureCode(c).length)) + 1;
  const tenants = rows.flatMap((r) => (r.tenantId === null ? [] : [safe(r.tenantId, TENANT_MAX)]));
  const snis = rows.flatMap((r) => (r.sni === null ? [] : [safe(r.sni, SNI_MAX)]));
  const hasTrend = rows.some((r) => r.trend.length > 0);

  let left = width - FIXED.marker - FIXED.dist - FIXED.attempts - FIXED.fail - FIXED.gap - FIXED.p99;
  /** `w` columns if they are left, else none. */
  const take = (w: number): number => {
    if (w <= 0 || w > left) return 0;
    left -= w;
    return w;
  };
  /** Up to `w` more columns, as many as are left. */
  const widen = (w: number): number => {
    const more = Math.max(0, Math.min(w, left));
    left -= more;
    return more;
  };
  const { marker, dist, attempts, fail, p99 } = FIXED;
  const c: DistributionColumns = { marker, dist, sni: 0, tenant: 0, attempts, failures: 0, fail, now: 0, trend: 0, top: 0, p99 };
  c.top = Math.max(1, Math.min(short, left));
  left -= c.top;
  // A narrow tenant before anything else: without it a multi-tenant distribution's rows look alike.
  if (tenants.length > 0) c.tenant = take(TENANT_MIN);
  c.now = take(NOW);
  c.top += take(full - c.top);
  const sniFull = contentWidth(snis, 'SNI'.length + 1, SNI_MAX);
  if (snis.length > 0) c.sni = take(Math.min(SNI_MIN, sniFull));
  if (hasTrend) c.trend = take(TREND);
  c.failures = take(FAILURES);
  if (c.tenant > 0) c.tenant += widen(contentWidth(tenants, TENANT_MIN, TENANT_MAX) - c.tenant);
  if (c.sni > 0) c.sni += widen(sniFull - c.sni);
  c.top += Math.max(0, left);
  return c;
}
