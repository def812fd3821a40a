/**
 * The statements for the report's sections beyond the count bins and percentiles (first and
 * last failure per distribution, the top tables), and their rows mapped to the document's
 * shapes. In the SQL Athena (Trino) and DuckDB read alike. Pure: no SDK here.
 */
import { NO_DISTRIBUTION } from '../aggregation/group-registry.js';
import { eventTimeExpression, type AthenaTable } from './table-ddl.js';
import { from, numberOrNull, spanConditions, where, type QuerySpan, type ResultRow } from './report-queries.js';

/** A connection is failed when its status is not `Success` (as the store counts it). */
const FAILED = "connectionstatus <> 'Success'";

/** First and last event time of a failed connection, per distribution. */
export function failureSpanStatement(table: AthenaTable, span: QuerySpan, tableRef?: string): string {
  const time = eventTimeExpression(table);
  const conditions = [...spanConditions(table, span), 'connectionstatus IS NOT NULL', FAILED];
  return (
    `SELECT coalesce(distributionid, '') AS distribution, min(${time}) AS first_failure_ms, max(${time}) AS last_failure_ms ` +
    `FROM ${from(table, tableRef)}${where(conditions)} GROUP BY 1`
  );
}

/** The distribution key the store files a row under (none: `(none)`). */
export function distributionKey(id: string | null | undefined): string {
  return id ? id : NO_DISTRIBUTION;
}

/** Failure span rows by distribution key (rows without a readable time are left out). */
export function toFailureSpans(rows: readonly ResultRow[]): Map<string, { firstMs: number; lastMs: number }> {
  const out = new Map<string, { firstMs: number; lastMs: number }>();
  for (const row of rows) {
    const firstMs = numberOrNull(row.first_failure_ms);
    const lastMs = numberOrNull(row.last_failure_ms);
    if (firstMs === null || lastMs === null) continue;
    out.set(distributionKey(row.distribution), { firstMs, lastMs });
  }
  return out;
}
