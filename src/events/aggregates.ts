/**
 * Pre-aggregated counts and percentiles that a source can deliver instead of events
 * (CloudWatch Logs Insights computes them in the cloud). Shared by the source that
 * produces them and the store that takes them in, so neither imports the other.
 */

/** A count row from CloudWatch Logs Insights (`stats count(*) by connectionStatus, distributionId, bin(1m)`). */
export interface AggregateRow {
  binStartMs: number;
  binMs: number;
  distributionId: string;
  connectionStatus: string;
  count: number;
}

/** Handshake percentiles from an Insights query over [rangeStartMs, rangeEndMs). */
export interface AggregateLatency {
  rangeStartMs: number;
  rangeEndMs: number;
  /** Null for the overall row. */
  distributionId: string | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}
