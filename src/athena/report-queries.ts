/**
 * The SELECT statements behind `report --engine athena`, and the mapping of their rows to
 * the store's aggregate rows (the shape CloudWatch Logs Insights results take, so one
 * store layer takes both). The statements keep to SQL that Athena (Trino) and DuckDB read
 * alike, but for `approx_percentile`, so the tests can run them over the same files locally.
 * Pure: no SDK here.
 */
import type { AggregateLatency, AggregateRow } from '../events/aggregates.js';
import { eventTimeExpression, partitionColumns, type AthenaTable } from './table-ddl.js';
import { integerLiteral, quotedName, stringLiteral } from './sql-text.js';

/** A result row: column label to text (null for SQL NULL), as GetQueryResults gives it. */
export type ResultRow = Record<string, string | null>;

/** The span a report asks for, in epoch ms (either end open). */
export interface QuerySpan {
  sinceMs?: number;
  untilMs?: number;
}

/** Objects are filed by when they were written: a partition can hold events this long before or after its own time. */
export const PARTITION_MARGIN_MS = 2 * 3_600_000;

/** Bin widths the count query may use, the finest first. */
export const BIN_WIDTHS_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000] as const;

/** Most bins the count query asks for (rows are bins × distributions × statuses). */
export const MAX_BINS = 1_000;

/** The finest bin width that covers [startMs, endMs] in at most MAX_BINS bins. */
export function binWidthFor(startMs: number, endMs: number): number {
  for (const width of BIN_WIDTHS_MS) if ((endMs - startMs) / width <= MAX_BINS) return width;
  return BIN_WIDTHS_MS[BIN_WIDTHS_MS.length - 1]!;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The partition value (`2026/11/20/05`, or by day) that holds time `ms`. */
export function partitionValue(hourly: boolean, ms: number): string {
  const d = new Date(ms);
  const day = `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
  return hourly ? `${day}/${two(d.getUTCHours())}` : day;
}

/** SQL for the partition value of a row: the `dt` column, or the Hive columns joined the same way. */
function partitionKey(table: AthenaTable): string {
  const columns = partitionColumns(table);
  if (columns.length === 1) return 'dt';
  return `concat(${columns.map((c) => quotedName(c)).join(", '/', ")})`;
}

/** The WHERE conditions for a span: on the event time, and on the partitions that can hold it. */
export function spanConditions(table: AthenaTable, span: QuerySpan): string[] {
  const time = eventTimeExpression(table);
  const out: string[] = [];
  if (span.sinceMs !== undefined) out.push(`${time} >= ${integerLiteral(span.sinceMs)}`);
  if (span.untilMs !== undefined) out.push(`${time} < ${integerLiteral(span.untilMs)}`);
  if (table.dates === null) return out;
  const key = partitionKey(table);
  const hourly = table.dates.hourly;
  if (span.sinceMs !== undefined) {
    const from = span.sinceMs - PARTITION_MARGIN_MS;
    out.push(`${key} >= ${stringLiteral(partitionValue(hourly, from))}`);
    if (table.dates.hive) out.push(`"year" >= ${stringLiteral(String(new Date(from).getUTCFullYear()))}`);
  }
  if (span.untilMs !== undefined) {
    const to = span.untilMs + PARTITION_MARGIN_MS;
    out.push(`${key} <= ${stringLiteral(partitionValue(hourly, to))}`);
    if (table.dates.hive) out.push(`"year" <= ${stringLiteral(String(new Date(to).getUTCFullYear()))}`);
  }
  return out;
}

export function from(table: AthenaTable, tableRef?: string): string {
  return tableRef ?? `${quotedName(table.database)}.${quotedName(table.table)}`;
}

export function where(conditions: string[]): string {
  return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
}

const pct = (q: number, name: string): string => `approx_percentile(tlshandshakeduration, ${q}) AS ${name}`;

/** The handshake percentile columns (p50, p90, p99, max_ms) of a latency statement. */
export const LATENCY_COLUMNS = `${pct(0.5, 'p50')}, ${pct(0.9, 'p90')}, ${pct(0.99, 'p99')}, max(tlshandshakeduration) AS max_ms`;

/** The condition of a latency statement's rows. */
export const HAS_HANDSHAKE = 'tlshandshakeduration IS NOT NULL';

/**
 * The statements of one report. `tableRef` replaces the qualified table name (the tests
 * name a local view). Connections only: the firewall table is queried by `firewallStatements`.
 */
export function connectionStatements(table: AthenaTable, span: QuerySpan, binMs: number, tableRef?: string) {
  const time = eventTimeExpression(table);
  const base = spanConditions(table, span);
  const source = from(table, tableRef);
  const latency = LATENCY_COLUMNS;
  const timed = where([...base, HAS_HANDSHAKE]);
  return {
    counts:
      `SELECT connectionstatus AS status, coalesce(distributionid, '') AS distribution, ` +
      `${time} - ${time} % ${integerLiteral(binMs)} AS bin_start, count(*) AS connections ` +
      `FROM ${source}${where([...base, 'connectionstatus IS NOT NULL'])} GROUP BY 1, 2, 3`,
    latency: `SELECT ${latency} FROM ${source}${timed}`,
    latencyByDistribution: `SELECT coalesce(distributionid, '') AS distribution, ${latency} FROM ${source}${timed} GROUP BY 1`,
  };
}

/** The first and last event time and the number of events of the span (to size the bins when an end is open). */
export function spanStatement(table: AthenaTable, span: QuerySpan, tableRef?: string): string {
  const time = eventTimeExpression(table);
  return `SELECT min(${time}) AS first_ms, max(${time}) AS last_ms, count(*) AS events FROM ${from(table, tableRef)}${where(spanConditions(table, span))}`;
}

export function numberOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** The span query's one row. */
export function toSpan(rows: readonly ResultRow[]): { firstMs: number | null; lastMs: number | null; events: number } {
  const row = rows[0] ?? {};
  return { firstMs: numberOrNull(row.first_ms), lastMs: numberOrNull(row.last_ms), events: numberOrNull(row.events) ?? 0 };
}

/** Count rows to aggregate rows; a row without a readable count or bin is skipped (and counted). */
export function toCountRows(rows: readonly ResultRow[], binMs: number): { rows: AggregateRow[]; unreadable: number } {
  const out: AggregateRow[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const count = numberOrNull(row.connections);
    const binStartMs = numberOrNull(row.bin_start);
    if (count === null || binStartMs === null || typeof row.status !== 'string') {
      unreadable++;
      continue;
    }
    out.push({ binStartMs, binMs, distributionId: row.distribution ?? '', connectionStatus: row.status, count });
  }
  return { rows: out, unreadable };
}

/** Latency rows over `range`; `byDistribution` false gives the overall row (distributionId null). */
export function toLatencyRows(
  rows: readonly ResultRow[],
  range: { startMs: number; endMs: number },
  byDistribution: boolean,
): AggregateLatency[] {
  const out: AggregateLatency[] = [];
  for (const row of rows) {
    const [p50, p90, p99, max] = [row.p50, row.p90, row.p99, row.max_ms].map(numberOrNull);
    if (p50 === null && p90 === null && p99 === null && max === null) continue;
    out.push({
      rangeStartMs: range.startMs,
      rangeEndMs: range.endMs,
      distributionId: byDistribution ? (row.distribution ?? '') : null,
      p50: p50 ?? null,
      p90: p90 ?? null,
      p99: p99 ?? null,
      max: max ?? null,
    });
  }
  return out;
}
