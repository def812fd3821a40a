/**
 * The statements for the report's sections beyond the count bins and percentiles (per
 * distribution: its first and last failure and its tenants; the top tables), and their rows
 * mapped to the document's shapes. In the SQL Athena (Trino) and DuckDB read alike. Pure: no
 * SDK here.
 */
import { NO_DISTRIBUTION } from '../aggregation/group-registry.js';
import { eventTimeExpression, type AthenaTable } from './table-ddl.js';
import {
  from,
  HAS_HANDSHAKE,
  LATENCY_COLUMNS,
  numberOrNull,
  spanConditions,
  where,
  type QuerySpan,
  type ResultRow,
} from './report-queries.js';
import { stringLiteral } from './sql-text.js';

/** A text field as the parser reads it: '' and '-' are no value. */
export function textValue(column: string): string {
  return `CASE WHEN ${column} IN ('', '-') THEN NULL ELSE ${column} END`;
}

/**
 * Counts and the first and last event time per distribution, tenant and status: the
 * distributions' first and last failure (over the statuses other than `Success`) and their
 * tenants' figures, in one scan.
 */
export function tenantStatement(table: AthenaTable, span: QuerySpan, tableRef?: string): string {
  const time = eventTimeExpression(table);
  return (
    `SELECT coalesce(distributionid, '') AS distribution, ${textValue('distributiontenantid')} AS tenant, ` +
    `connectionstatus AS status, count(*) AS connections, min(${time}) AS first_ms, max(${time}) AS last_ms ` +
    `FROM ${from(table, tableRef)}${where([...spanConditions(table, span), 'connectionstatus IS NOT NULL'])} GROUP BY 1, 2, 3`
  );
}

/** Handshake percentiles per tenant of the distributions `ids` (those with tenants). */
export function tenantLatencyStatement(table: AthenaTable, span: QuerySpan, ids: readonly string[], tableRef?: string): string {
  const conditions = [...spanConditions(table, span), HAS_HANDSHAKE, ...distributionConditions(ids)];
  return (
    `SELECT coalesce(distributionid, '') AS distribution, ${textValue('distributiontenantid')} AS tenant, ${LATENCY_COLUMNS} ` +
    `FROM ${from(table, tableRef)}${where(conditions)} GROUP BY 1, 2`
  );
}

/** The condition narrowing rows to `distributions` as --distribution narrows a local report (none when empty). */
export function distributionConditions(distributions: readonly string[]): string[] {
  if (distributions.length === 0) return [];
  return [`coalesce(distributionid, '') IN (${distributions.map((d) => stringLiteral(d === NO_DISTRIBUTION ? '' : d)).join(', ')})`];
}

/** The distribution key the store files a row under (none: `(none)`). */
export function distributionKey(id: string | null | undefined): string {
  return id ? id : NO_DISTRIBUTION;
}

/** One tenant's (or a distribution's) counts and failure times. */
export interface StatusFigures {
  total: number;
  failed: number;
  byStatus: Record<string, number>;
  firstFailureMs: number | null;
  lastFailureMs: number | null;
}

/** Per distribution: its failure times, and its figures per tenant (null: rows without a tenant). */
export interface DistributionFigures {
  firstFailureMs: number | null;
  lastFailureMs: number | null;
  tenants: Map<string | null, StatusFigures>;
  /** True when some row has a tenant id (the document then lists tenants, as a local report does). */
  hasTenants: boolean;
}

function addRow(f: StatusFigures, status: string, count: number, firstMs: number | null, lastMs: number | null): void {
  f.total += count;
  f.byStatus[status] = (f.byStatus[status] ?? 0) + count;
  if (status === 'Success') return;
  f.failed += count;
  if (firstMs !== null) f.firstFailureMs = f.firstFailureMs === null ? firstMs : Math.min(f.firstFailureMs, firstMs);
  if (lastMs !== null) f.lastFailureMs = f.lastFailureMs === null ? lastMs : Math.max(f.lastFailureMs, lastMs);
}

/** The tenant statement's rows by distribution key (a row without a readable count is left out). */
export function toDistributionFigures(rows: readonly ResultRow[]): Map<string, DistributionFigures> {
  const out = new Map<string, DistributionFigures>();
  for (const row of rows) {
    const count = numberOrNull(row.connections);
    if (count === null || typeof row.status !== 'string') continue;
    const key = distributionKey(row.distribution);
    let d = out.get(key);
    if (d === undefined) {
      d = { firstFailureMs: null, lastFailureMs: null, tenants: new Map(), hasTenants: false };
      out.set(key, d);
    }
    const tenant = row.tenant ?? null;
    if (tenant !== null) d.hasTenants = true;
    let t = d.tenants.get(tenant);
    if (t === undefined) {
      t = { total: 0, failed: 0, byStatus: {}, firstFailureMs: null, lastFailureMs: null };
      d.tenants.set(tenant, t);
    }
    const firstMs = numberOrNull(row.first_ms);
    const lastMs = numberOrNull(row.last_ms);
    addRow(t, row.status, count, firstMs, lastMs);
    const whole: StatusFigures = { total: 0, failed: 0, byStatus: {}, firstFailureMs: d.firstFailureMs, lastFailureMs: d.lastFailureMs };
    addRow(whole, row.status, count, firstMs, lastMs);
    d.firstFailureMs = whole.firstFailureMs;
    d.lastFailureMs = whole.lastFailureMs;
  }
  return out;
}
