/** Amazon Athena as the report's engine: the table tlstop describes for a delivery, the queries, the runner. */
export {
  athenaClient,
  athenaReport,
  athenaRunner,
  type RunQuery,
  queryContext,
  ATHENA_PERCENTILES,
  ATHENA_TOP_TABLES,
  NOT_COMPUTED_BY_ATHENA,
  NOT_COMPUTED_BY_ATHENA_FIREWALL,
  type AthenaSettings,
} from './athena-report.js';
export { describeDelivery, type LayoutOptions } from './delivery-layout.js';
export { runAthenaQuery, AthenaQueryError, type QueryContext, type QueryResult } from './query-runner.js';
export { connectionStatements, spanStatement, spanConditions, binWidthFor, toCountRows, toLatencyRows, toSpan } from './report-queries.js';
export { createTableStatement, type AthenaTable } from './table-ddl.js';
export { checkName } from './sql-text.js';
