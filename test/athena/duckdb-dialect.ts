/**
 * The differences between the SQL tlstop sends Athena (Trino) and what DuckDB runs, translated
 * in one place: the approximate percentile (`approx_percentile(x, q)` in Trino,
 * `approx_quantile(x, q)` in DuckDB) and an ISO 8601 text to epoch seconds, NULL when it is
 * none (`to_unixtime(try(from_iso8601_timestamp(c)))` over a plain column in Trino,
 * `epoch(TRY_CAST(c AS TIMESTAMPTZ))` in DuckDB). Everything else the report's statements use
 * (count, min, max, min_by, coalesce, concat, substr, regexp_extract, %, GROUPING SETS,
 * row_number, GROUP BY ordinals, double-quoted names) reads the same in both.
 */
export function toDuckDb(trinoSql: string): string {
  return trinoSql
    .replace(/\bapprox_percentile\(/g, 'approx_quantile(')
    .replace(/\bto_unixtime\(try\(from_iso8601_timestamp\((\w+)\)\)\)/g, 'epoch(TRY_CAST($1 AS TIMESTAMPTZ))');
}
