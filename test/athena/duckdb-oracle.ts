/**
 * DuckDB (from npm, a devDependency) as a local stand-in for Athena: it runs the report's
 * statements (translated by duckdb-dialect.ts) over views with the same columns as the
 * table tlstop describes, partition columns included. `duckdbAvailable()` says why not when
 * the package or its binary is missing, so the tests skip naming it.
 */
import type { RunQuery } from '../../src/athena/index.js';
import type { ResultRow } from '../../src/athena/report-queries.js';
import { toDuckDb } from './duckdb-dialect.js';

type DuckDb = typeof import('@duckdb/node-api');
type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckDb['DuckDBInstance']['create']>>['connect']>>;

let loaded: { module: DuckDb } | { reason: string } | undefined;

/** The module, or why it cannot be loaded here. */
export async function loadDuckDb(): Promise<{ module: DuckDb } | { reason: string }> {
  if (!loaded) {
    try {
      const module = await import('@duckdb/node-api');
      const instance = await module.DuckDBInstance.create(':memory:');
      (await instance.connect()).closeSync();
      loaded = { module };
    } catch (error) {
      loaded = { reason: `DuckDB (@duckdb/node-api, a devDependency: npm ci) does not load: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  return loaded;
}

export async function openDuckDb(module: DuckDb): Promise<Connection> {
  const instance = await module.DuckDBInstance.create(':memory:');
  return instance.connect();
}

/** Results as Athena gives them: every value as text, NULL as null, labels lowercase. */
export function duckRunner(connection: Connection): RunQuery {
  let n = 0;
  return async (sql) => {
    const reader = await connection.runAndReadAll(toDuckDb(sql));
    const names = reader.columnNames().map((c) => c.toLowerCase());
    const rows: ResultRow[] = reader.getRowsJS().map((values) => {
      const row: ResultRow = {};
      values.forEach((v, i) => (row[names[i]!] = v === null || v === undefined ? null : String(v)));
      return row;
    });
    return { queryExecutionId: `duckdb-${++n}`, rows, scannedBytes: null };
  };
}
