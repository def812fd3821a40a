/**
 * The report's firewall figures computed by Athena over a Network Firewall TLS table, each
 * entry classified as the parser and firewall-summary.ts classify it: a `tls_error` entry
 * (missing SNI, SNI mismatch or other, from its message), a `revocation_check` entry (status
 * × action; one without both is not counted, as the parser skips it), or another entry. The
 * SNI and destination tables are exact (GROUP BY over every entry, cut to the report's top
 * size). Pure: no SDK here.
 */
import { MAX_LABEL_LENGTH } from '../aggregation/group-registry.js';
import type { ReportDocument } from '../report/report-document.js';
import { from, numberOrNull, spanConditions, where, type QuerySpan, type ResultRow } from './report-queries.js';
import { integerLiteral } from './sql-text.js';
import type { AthenaTable } from './table-ddl.js';

const MESSAGE = "trim(coalesce(event.tls_error.error_message, ''))";

/** Entries the parser reads (a revocation check needs its status and action). */
const READABLE =
  'NOT (event.tls_error IS NULL AND event.revocation_check IS NOT NULL AND ' +
  '(event.revocation_check.status IS NULL OR event.revocation_check.action IS NULL))';

function conditions(table: AthenaTable, span: QuerySpan): string[] {
  return [...spanConditions(table, span), 'event IS NOT NULL', READABLE];
}

/** Entries per category, TLS error class and revocation status × action. */
export function firewallCountStatement(table: AthenaTable, span: QuerySpan, tableRef?: string): string {
  const category =
    "CASE WHEN event.tls_error IS NOT NULL THEN 'tls_error' WHEN event.revocation_check IS NOT NULL THEN 'revocation_check' ELSE 'other' END";
  const errorClass =
    `CASE WHEN event.tls_error IS NULL THEN NULL WHEN ${MESSAGE} LIKE 'Server name is not found%' THEN 'missing_sni' ` +
    `WHEN ${MESSAGE} LIKE 'SNI:%' AND ${MESSAGE} LIKE '%Match Failed%' THEN 'sni_mismatch' ELSE 'other' END`;
  const revocation = (field: string) => `CASE WHEN event.tls_error IS NULL THEN event.revocation_check.${field} END`;
  return (
    `SELECT ${category} AS category, ${errorClass} AS error_class, ${revocation('status')} AS revocation_status, ` +
    `${revocation('action')} AS revocation_action, count(*) AS entries FROM ${from(table, tableRef)}${where(conditions(table, span))} GROUP BY 1, 2, 3, 4`
  );
}

/** The top `topN` SNIs (`sni`) or destinations (`dest_ip:dest_port`, or the address without a port). */
export function firewallTopStatement(
  table: AthenaTable,
  span: QuerySpan,
  by: 'sni' | 'destination',
  topN: number,
  tableRef?: string,
): string {
  const key =
    by === 'sni'
      ? `CASE WHEN event.sni <> '' THEN event.sni END`
      : `CASE WHEN event.dest_ip <> '' THEN CASE WHEN event.dest_port IS NULL THEN event.dest_ip ELSE concat(event.dest_ip, ':', event.dest_port) END END`;
  return (
    `SELECT top_key, count(*) AS entries FROM (SELECT substr(${key}, 1, ${MAX_LABEL_LENGTH}) AS top_key FROM ${from(table, tableRef)}` +
    `${where(conditions(table, span))}) WHERE top_key IS NOT NULL GROUP BY top_key ORDER BY entries DESC, top_key LIMIT ${integerLiteral(topN)}`
  );
}

/** The rows of the three statements as the document's firewall section. */
export function toFirewall(
  counts: readonly ResultRow[],
  snis: readonly ResultRow[],
  destinations: readonly ResultRow[],
): ReportDocument['firewall'] {
  const out: ReportDocument['firewall'] = {
    total: 0,
    tlsErrors: 0,
    revocationChecks: 0,
    other: 0,
    byErrorClass: { missing_sni: 0, sni_mismatch: 0, other: 0 },
    revocation: {},
    bySni: {},
    byDestination: {},
    undercount: { bySni: 0, byDestination: 0 },
  };
  for (const row of counts) {
    const n = numberOrNull(row.entries);
    if (n === null) continue;
    out.total += n;
    if (row.category === 'tls_error') {
      out.tlsErrors += n;
      const cls = row.error_class === 'missing_sni' || row.error_class === 'sni_mismatch' ? row.error_class : 'other';
      out.byErrorClass[cls] = (out.byErrorClass[cls] ?? 0) + n;
    } else if (row.category === 'revocation_check') {
      out.revocationChecks += n;
      const byAction = (out.revocation[row.revocation_status ?? 'UNKNOWN'] ??= {});
      const action = row.revocation_action ?? 'UNKNOWN';
      byAction[action] = (byAction[action] ?? 0) + n;
    } else out.other += n;
  }
  const table = (rows: readonly ResultRow[]) => {
    const entries: Record<string, number> = {};
    for (const row of rows) {
      const n = numberOrNull(row.entries);
      if (typeof row.top_key === 'string' && n !== null) entries[row.top_key] = n;
    }
    return entries;
  };
  out.bySni = table(snis);
  out.byDestination = table(destinations);
  return out;
}
