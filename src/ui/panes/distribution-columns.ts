/**
 * Column widths of the Distributions table for a pane width. The failure code and p99
 * get their room first; the Tenant column narrows, then goes, when space is short.
 */
import type { DistributionRow } from '../../aggregation/types.js';
import { safe, shortFailureCode } from '../format.js';

/**
 * Widths in characters; `tenant` is 0 when the column is not shown. One space separates
 * `fail` from `top`; `top` includes its trailing gap.
 */
export interface DistributionColumns {
  marker: number;
  dist: number;
  tenant: number;
  attempts: number;
  fail: number;
  top: number;
  p99: number;
}

const FIXED = { marker: 2, dist: 15, attempts: 8, fail: 7, gap: 1, p99: 6 };
const TENANT_FULL = 13;
const TENANT_MIN = 7;
/** Longest failure code that widens the column (unknown future codes are cut). */
const CODE_MAX = 40;

/** Header of the failure-code column at `width` (its trailing gap excluded). */
export function topFailureHeader(width: number): string {
  return width >= 'Top failure'.length ? 'Top failure' : 'Failure';
}

/** Widths for `rows` in a pane `width` columns wide (every row counts, so scrolling never re-lays the table). */
export function distributionColumns(width: number, rows: readonly DistributionRow[]): DistributionColumns {
  const hasTenant = rows.some((r) => r.tenantId !== null);
  const codes = rows.map((r) => safe(r.topFailureCode ?? '-', CODE_MAX));
  const full = Math.max('Top failure'.length, ...codes.map((c) => c.length)) + 1;
  const short = Math.max('Failure'.length, ...codes.map((c) => shortFailureCode(c).length)) + 1;
  const avail = width - FIXED.marker - FIXED.dist - FIXED.attempts - FIXED.fail - FIXED.gap - FIXED.p99;
  const base = { marker: FIXED.marker, dist: FIXED.dist, attempts: FIXED.attempts, fail: FIXED.fail, p99: FIXED.p99 };
  const withoutTenant = { ...base, tenant: 0, top: Math.max(1, avail) };
  if (!hasTenant) return withoutTenant;
  if (avail >= full + TENANT_FULL) return { ...base, tenant: TENANT_FULL, top: avail - TENANT_FULL };
  // Full codes with a narrower tenant; else short codes (`…Untrusted`) and the tenant; else no tenant.
  const top = avail - full >= TENANT_MIN ? full : short;
  const tenant = Math.min(TENANT_FULL, avail - top);
  return tenant >= TENANT_MIN ? { ...base, tenant, top: avail - tenant } : withoutTenant;
}
