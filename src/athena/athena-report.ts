/**
 * `report --engine athena`: the report's figures computed by Athena over the delivery's
 * table. The queries' rows go into a whole-span store through its aggregate layer (the one
 * Logs Insights results go through), so the document is built by the same code as every
 * other report, then marked as computed by Athena.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { createReportAggregator, DEFAULT_EXPIRING_WITHIN_DAYS, DEFAULT_TOP_N } from '../aggregation/index.js';
import { expiringStatement, toExpiringCertificates } from './expiring-queries.js';
import { awsClientConfig, type AwsOptions } from '../aws/client-options.js';
import { buildReportDocument, iso, type HandshakeSummary, type ReportDocument } from '../report/report-document.js';
import { firewallCountStatement, firewallTopStatement, toFirewall } from './firewall-queries.js';
import { toTenantLatency, withDistributionFigures } from './document-sections.js';
import { runAthenaQuery, type PollTimings, type QueryContext, type QueryResult } from './query-runner.js';
import {
  binWidthFor,
  connectionStatements,
  spanStatement,
  toCountRows,
  toLatencyRows,
  toSpan,
  type QuerySpan,
  type ResultRow,
} from './report-queries.js';
import { tenantLatencyStatement, tenantStatement, toDistributionFigures, type DistributionFigures } from './section-queries.js';
import type { AthenaTable } from './table-ddl.js';
import { topStatement, toTopTables } from './top-queries.js';

/** Where the queries run. */
export interface AthenaSettings {
  aws: AwsOptions;
  workgroup?: string;
  outputLocation?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  timings?: Partial<PollTimings>;
}

/** What the document says of approx_percentile (Trino's default accuracy: a rank error of 1 %). */
export const ATHENA_PERCENTILES = 'handshake percentiles from approx_percentile (Athena, Trino: rank error within about 1 %), max exact';

/** What the document says of the top tables. */
export const ATHENA_TOP_TABLES =
  'top tables exact (GROUP BY over every record, topUndercount 0; a local report keeps Misra-Gries lower bounds)';

/** The document keys Athena does not fill in this version (empty in the document, not zero). */
export const NOT_COMPUTED_BY_ATHENA = ['changes', 'firewall', 'malformed'];

/** The same over a Network Firewall table (its entries have no connection figures to leave out). */
export const NOT_COMPUTED_BY_ATHENA_FIREWALL = ['changes', 'malformed'];

export function athenaClient(settings: AthenaSettings): AthenaClient {
  const { forcePathStyle: _s3Only, ...config } = awsClientConfig(settings.aws);
  return new AthenaClient({ ...config, ...(settings.credentials && { credentials: settings.credentials }) });
}

export function queryContext(client: AthenaClient, table: AthenaTable, settings: AthenaSettings, signal: AbortSignal): QueryContext {
  return {
    client,
    signal,
    database: table.database,
    ...(settings.workgroup !== undefined && { workgroup: settings.workgroup }),
    ...(settings.outputLocation !== undefined && { outputLocation: settings.outputLocation }),
    ...(settings.timings && { timings: settings.timings }),
  };
}

/** Runs one statement to its rows: Athena's runner, or in the tests a local engine. */
export type RunQuery = (sql: string) => Promise<QueryResult>;

/** Athena's runner for `ctx`. */
export function athenaRunner(ctx: QueryContext): RunQuery {
  return (sql) => runAthenaQuery(ctx, sql);
}

const wanted = (distributions: readonly string[], id: string): boolean => distributions.length === 0 || distributions.includes(id);

/** Runs the report's queries over `table` and builds the document (throws AthenaQueryError or an SDK error). */
export async function athenaReport(
  runQuery: RunQuery,
  table: AthenaTable,
  span: QuerySpan,
  options: { distributions: string[]; expiringWithinDays?: number },
): Promise<ReportDocument> {
  const ids: string[] = [];
  let scanned: number | null = null;
  const run = async (sql: string) => {
    const result = await runQuery(sql);
    ids.push(result.queryExecutionId);
    if (result.scannedBytes !== null) scanned = (scanned ?? 0) + result.scannedBytes;
    return result.rows;
  };
  let figures = new Map<string, DistributionFigures>();
  let tenantLatency = new Map<string, HandshakeSummary>();
  let top: ReportDocument['top'] | null = null;
  let expiring: ReportDocument['expiringCertificates'] = [];
  let range: { startMs: number; endMs: number } | null = null;
  if (span.sinceMs !== undefined && span.untilMs !== undefined) range = { startMs: span.sinceMs, endMs: span.untilMs };
  else {
    // An open end: the span query finds it, so the bins fit the data.
    const found = toSpan(await run(spanStatement(table, span)));
    if (found.events > 0 && found.firstMs !== null && found.lastMs !== null)
      range = { startMs: span.sinceMs ?? found.firstMs, endMs: span.untilMs ?? found.lastMs + 1 };
  }
  const aggregator = createReportAggregator({
    ...(options.expiringWithinDays !== undefined && { expiringWithinDays: options.expiringWithinDays }),
  });
  if (table.kind === 'firewall') return firewallReport(run, table, span, range, options, { ids, scanned: () => scanned });
  if (range !== null) {
    const binMs = binWidthFor(range.startMs, range.endMs);
    const statements = connectionStatements(table, span, binMs);
    // One after another: a failure stops the rest, and a small workgroup's concurrency is not used up.
    const counts = toCountRows(await run(statements.counts), binMs);
    const overall = toLatencyRows(await run(statements.latency), range, false);
    const byDistribution = toLatencyRows(await run(statements.latencyByDistribution), range, true);
    aggregator.replaceAggregates(range, counts.rows, [...overall, ...byDistribution]);
    figures = toDistributionFigures(await run(tenantStatement(table, span)));
    // Per-tenant percentiles only where there are tenants (one scan more, and none for most deliveries).
    const withTenants = [...figures].filter(([id, f]) => f.hasTenants && wanted(options.distributions, id)).map(([id]) => id);
    if (withTenants.length > 0) tenantLatency = toTenantLatency(await run(tenantLatencyStatement(table, span, withTenants)));
    top = toTopTables(await run(topStatement(table, span, DEFAULT_TOP_N, options.distributions)), DEFAULT_TOP_N);
    const withinDays = options.expiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS;
    expiring = toExpiringCertificates(await run(expiringStatement(table, span, withinDays, options.distributions)));
  }
  const doc = buildReportDocument(aggregator, {
    distributions: options.distributions,
    ...(span.sinceMs !== undefined && { sinceMs: span.sinceMs }),
    ...(span.untilMs !== undefined && { untilMs: span.untilMs }),
  });
  return {
    ...withDistributionFigures(doc, figures, tenantLatency),
    ...(top !== null && { top }),
    expiringCertificates: expiring,
    computedBy: {
      engine: 'athena',
      table: `${table.database}.${table.table}`,
      percentiles: ATHENA_PERCENTILES,
      topTables: ATHENA_TOP_TABLES,
      queryExecutionIds: ids,
      scannedBytes: scanned,
      notComputed: NOT_COMPUTED_BY_ATHENA,
    },
  };
}

/** The firewall figures of a Network Firewall table: entries by class, revocation status × action, top SNIs and destinations. */
async function firewallReport(
  run: (sql: string) => Promise<readonly ResultRow[]>,
  table: AthenaTable,
  span: QuerySpan,
  range: { startMs: number; endMs: number } | null,
  options: { distributions: string[] },
  queries: { ids: string[]; scanned: () => number | null },
): Promise<ReportDocument> {
  const doc = buildReportDocument(createReportAggregator(), {
    distributions: options.distributions,
    ...(span.sinceMs !== undefined && { sinceMs: span.sinceMs }),
    ...(span.untilMs !== undefined && { untilMs: span.untilMs }),
  });
  let firewall = doc.firewall;
  if (range !== null) {
    // One after another, as the connection statements.
    const counts = await run(firewallCountStatement(table, span));
    const snis = await run(firewallTopStatement(table, span, 'sni', DEFAULT_TOP_N));
    const destinations = await run(firewallTopStatement(table, span, 'destination', DEFAULT_TOP_N));
    firewall = toFirewall(counts, snis, destinations);
  }
  return {
    ...doc,
    ...(range !== null && firewall.total > 0 && { span: { start: iso(range.startMs), end: iso(range.endMs) } }),
    firewall,
    computedBy: {
      engine: 'athena',
      table: `${table.database}.${table.table}`,
      percentiles: ATHENA_PERCENTILES,
      topTables: ATHENA_TOP_TABLES,
      queryExecutionIds: queries.ids,
      scannedBytes: queries.scanned(),
      notComputed: NOT_COMPUTED_BY_ATHENA_FIREWALL,
    },
  };
}
