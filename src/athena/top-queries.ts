/**
 * The report's top tables computed by Athena: exact counts (GROUP BY over every record, not the
 * local report's Misra-Gries lower bounds). One statement and one scan for all seven tables:
 * GROUPING SETS with one set per field, ranked per table by `row_number()` (count, then key;
 * the failing tables by failures, then count, then key, as the store ranks them) and cut to
 * the report's top size. Keys as the parser and the store take them: '' and '-' are no value,
 * at most MAX_LABEL_LENGTH characters. Pure: no SDK here.
 */
import { MAX_LABEL_LENGTH } from '../aggregation/group-registry.js';
import type { TopEntry } from '../aggregation/index.js';
import type { ReportDocument } from '../report/report-document.js';
import { from, numberOrNull, spanConditions, where, type QuerySpan, type ResultRow } from './report-queries.js';
import { distributionConditions, textValue } from './section-queries.js';
import { integerLiteral } from './sql-text.js';
import type { AthenaTable } from './table-ddl.js';

type TopName = keyof ReportDocument['top'];

/** The connection tables, each with its column. */
const TOP_COLUMNS = [
  ['clientIps', 'clientip'],
  ['subjects', 'clientleafcertsubject'],
  ['issuers', 'clientleafcertissuer'],
  ['serials', 'clientleafcertserialnumber'],
  ['snis', 'tlssni'],
] as const;

/** The tables that also give a table ranked by failures. */
const FAILING: Partial<Record<TopName, TopName>> = { subjects: 'failingSubjects', issuers: 'failingIssuers' };

/** The top tables' statement; `distributions` narrows it as --distribution narrows the local tables. */
export function topStatement(
  table: AthenaTable,
  span: QuerySpan,
  topN: number,
  distributions: readonly string[],
  tableRef?: string,
): string {
  const conditions = [...spanConditions(table, span), 'connectionstatus IS NOT NULL', ...distributionConditions(distributions)];
  const keys = TOP_COLUMNS.map(([, column], i) => `substr(${textValue(column)}, 1, ${MAX_LABEL_LENGTH}) AS k${i}`).join(', ');
  const tableName = `CASE ${TOP_COLUMNS.map(([name], i) => `WHEN grouping(k${i}) = 0 THEN '${name}'`).join(' ')} END`;
  const key = `coalesce(${TOP_COLUMNS.map((_, i) => `k${i}`).join(', ')})`;
  const sets = TOP_COLUMNS.map((_, i) => `(k${i})`).join(', ');
  const grouped =
    `SELECT ${tableName} AS top_table, ${key} AS top_key, count(*) AS connections, ` +
    `sum(CASE WHEN connectionstatus <> 'Success' THEN 1 ELSE 0 END) AS failures ` +
    `FROM (SELECT connectionstatus, ${keys} FROM ${from(table, tableRef)}${where(conditions)}) GROUP BY GROUPING SETS (${sets})`;
  const ranked =
    `SELECT top_table, top_key, connections, failures, ` +
    `row_number() OVER (PARTITION BY top_table ORDER BY connections DESC, top_key) AS by_count, ` +
    `row_number() OVER (PARTITION BY top_table ORDER BY failures DESC, connections DESC, top_key) AS by_failures ` +
    `FROM (${grouped}) WHERE top_key IS NOT NULL`;
  const n = integerLiteral(topN);
  return `SELECT * FROM (${ranked}) WHERE by_count <= ${n} OR (failures > 0 AND by_failures <= ${n}) ORDER BY top_table, by_count`;
}

/** The top statement's rows as the document's top tables (a row it cannot read is left out). */
export function toTopTables(rows: readonly ResultRow[], topN: number): ReportDocument['top'] {
  const out: ReportDocument['top'] = {
    clientIps: [],
    subjects: [],
    issuers: [],
    serials: [],
    snis: [],
    failingSubjects: [],
    failingIssuers: [],
  };
  const ranked: Array<{ name: TopName; entry: TopEntry; byCount: number; byFailures: number }> = [];
  for (const row of rows) {
    const name = TOP_COLUMNS.find(([n]) => n === row.top_table)?.[0];
    const [count, failures, byCount, byFailures] = [row.connections, row.failures, row.by_count, row.by_failures].map(numberOrNull);
    if (name === undefined || typeof row.top_key !== 'string' || count == null || failures == null || byCount == null || byFailures == null)
      continue;
    ranked.push({ name, entry: { key: row.top_key, count, failures }, byCount, byFailures });
  }
  for (const r of [...ranked].sort((a, b) => a.byCount - b.byCount)) if (r.byCount <= topN) out[r.name].push(r.entry);
  for (const r of [...ranked].sort((a, b) => a.byFailures - b.byFailures)) {
    const failing = FAILING[r.name];
    if (failing !== undefined && r.entry.failures > 0 && r.byFailures <= topN) out[failing].push(r.entry);
  }
  return out;
}
