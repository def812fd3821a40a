/**
 * The Logs Insights queries tlstop runs and the mapping of their results to the
 * store's aggregate rows. Pure: no SDK calls here.
 */
import type { ResultField } from '@aws-sdk/client-cloudwatch-logs';
import type { AggregateLatency, AggregateRow } from '../../events/aggregates.js';

/** Connection counts per status and distribution, per minute. */
export const COUNT_QUERY =
  'filter ispresent(connectionStatus) | stats count(*) as connections by connectionStatus, distributionId, bin(1m) as minute';

/** Handshake percentiles over the whole range. */
export const LATENCY_QUERY =
  'filter ispresent(tlsHandshakeDuration) | stats pct(tlsHandshakeDuration, 50) as p50, pct(tlsHandshakeDuration, 90) as p90, pct(tlsHandshakeDuration, 99) as p99, max(tlsHandshakeDuration) as maxDuration';

/** Handshake percentiles per distribution. */
export const LATENCY_BY_DISTRIBUTION_QUERY = `${LATENCY_QUERY} by distributionId`;

/** Bin width of COUNT_QUERY. */
export const BIN_MS = 60_000;

/** Most rows a query returns (the service maximum). */
export const QUERY_ROW_LIMIT = 10_000;

type Row = ResultField[];

function fieldsOf(row: Row): Map<string, string> {
  const map = new Map<string, string>();
  for (const cell of row) if (cell.field !== undefined && cell.value !== undefined) map.set(cell.field, cell.value);
  return map;
}

function first(fields: Map<string, string>, names: string[]): string | undefined {
  for (const name of names) {
    const value = fields.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Insights prints times as `2026-11-24 06:44:00.000` (UTC); also accepts ISO strings
 * and epoch milliseconds. NaN when unreadable.
 */
export function parseInsightsTime(text: string): number {
  const trimmed = text.trim();
  if (/^\d{12,14}$/.test(trimmed)) return Number(trimmed);
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(trimmed) ? `${trimmed.replace(' ', 'T')}Z` : trimmed;
  return Date.parse(iso);
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** COUNT_QUERY rows to aggregate rows; rows without a count or a readable bin are skipped. */
export function toAggregateRows(results: readonly Row[]): AggregateRow[] {
  const rows: AggregateRow[] = [];
  for (const result of results) {
    const fields = fieldsOf(result);
    const count = numberOrNull(first(fields, ['connections', 'count(*)', 'count']));
    const bin = first(fields, ['minute', 'bin(1m)', 'bin']);
    if (count === null || bin === undefined) continue;
    const binStartMs = parseInsightsTime(bin);
    if (!Number.isFinite(binStartMs)) continue;
    rows.push({
      binStartMs,
      binMs: BIN_MS,
      distributionId: fields.get('distributionId') ?? '',
      connectionStatus: fields.get('connectionStatus') ?? '',
      count,
    });
  }
  return rows;
}

/** Latency rows; `byDistribution` false gives the overall row (distributionId null). */
export function toLatencyRows(
  results: readonly Row[],
  range: { startMs: number; endMs: number },
  byDistribution: boolean,
): AggregateLatency[] {
  const rows: AggregateLatency[] = [];
  for (const result of results) {
    const fields = fieldsOf(result);
    const p50 = numberOrNull(first(fields, ['p50', 'pct(tlsHandshakeDuration, 50)']));
    const p90 = numberOrNull(first(fields, ['p90', 'pct(tlsHandshakeDuration, 90)']));
    const p99 = numberOrNull(first(fields, ['p99', 'pct(tlsHandshakeDuration, 99)']));
    const max = numberOrNull(first(fields, ['maxDuration', 'max(tlsHandshakeDuration)']));
    if (p50 === null && p90 === null && p99 === null && max === null) continue;
    rows.push({
      rangeStartMs: range.startMs,
      rangeEndMs: range.endMs,
      distributionId: byDistribution ? (fields.get('distributionId') ?? '') : null,
      p50,
      p90,
      p99,
      max,
    });
  }
  return rows;
}
