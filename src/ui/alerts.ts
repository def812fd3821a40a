/**
 * Alert evaluation, pure: which distributions are over a threshold in the last minute,
 * and which just crossed (for the bell and the alert log).
 */
import type { DistributionRow } from '../aggregation/types.js';
import type { AlertThresholds } from './app-props.js';
import { fmtMs, fmtPct } from './format.js';

/** Key of a distribution row (`E123` or `E123/tenant`). */
export function rowKey(row: Pick<DistributionRow, 'distributionId' | 'tenantId'>): string {
  return row.tenantId ? `${row.distributionId}/${row.tenantId}` : row.distributionId;
}

/** One entry of the on-screen alert log. */
export interface AlertEntry {
  atMs: number;
  key: string;
  /** Plain text reason, e.g. `failure 12.5% ≥ 5%`; built from numbers only (no log text). */
  reason: string;
}

/** Why a row is over a threshold, or null. */
export function alertReason(row: DistributionRow, t: AlertThresholds): string | null {
  const reasons: string[] = [];
  const lm = row.lastMinute;
  if (t.failureRatePct !== undefined && lm.attempts > 0 && lm.failureRate * 100 >= t.failureRatePct) {
    reasons.push(`failure ${fmtPct(lm.failureRate)} ≥ ${t.failureRatePct}%`);
  }
  if (t.p99Ms !== undefined && lm.p99 !== null && lm.p99 >= t.p99Ms) {
    reasons.push(`p99 ${fmtMs(lm.p99)} ≥ ${fmtMs(t.p99Ms)}`);
  }
  return reasons.length > 0 ? reasons.join(', ') : null;
}

/** Result of one evaluation. */
export interface AlertEvaluation {
  /** Keys currently over a threshold. */
  active: Set<string>;
  /** Rows that were not active before and are now (one bell for the lot). */
  crossed: AlertEntry[];
}

/** Compare the rows with the thresholds and with the previously active set. */
export function evaluateAlerts(
  rows: readonly DistributionRow[],
  thresholds: AlertThresholds,
  previouslyActive: ReadonlySet<string>,
  nowMs: number,
): AlertEvaluation {
  const active = new Set<string>();
  const crossed: AlertEntry[] = [];
  if (thresholds.failureRatePct === undefined && thresholds.p99Ms === undefined) return { active, crossed };
  for (const row of rows) {
    const reason = alertReason(row, thresholds);
    if (reason === null) continue;
    const key = rowKey(row);
    active.add(key);
    if (!previouslyActive.has(key)) crossed.push({ atMs: nowMs, key, reason });
  }
  return { active, crossed };
}
