/**
 * The one difference between the SQL tlstop sends Athena (Trino) and what DuckDB runs: the
 * approximate percentile is `approx_percentile(x, q)` in Trino and `approx_quantile(x, q)`
 * in DuckDB. Everything else the report's statements use (count, min, max, coalesce, concat,
 * %, GROUP BY ordinals, double-quoted names) reads the same in both.
 */
export function toDuckDb(trinoSql: string): string {
  return trinoSql.replace(/\bapprox_percentile\(/g, 'approx_quantile(');
}
