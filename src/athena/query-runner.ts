/**
 * One Athena query, start to rows: StartQueryExecution, GetQueryExecution polled with a
 * growing delay until the query ends, then GetQueryResults page by page (NextToken). A query
 * that fails or is cancelled is an AthenaQueryError naming its execution id, its state and
 * Athena's reason (escaped: it quotes the statement and the data). The only SDK calls here.
 */
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { sleep } from '../sources/cloudwatch/sleep.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { ResultRow } from './report-queries.js';

/** Where and how queries run. */
export interface QueryContext {
  client: AthenaClient;
  signal: AbortSignal;
  database: string;
  workgroup?: string;
  /** s3://… for the results; a workgroup's own setting is used when absent. */
  outputLocation?: string;
  timings?: Partial<PollTimings>;
}

export interface PollTimings {
  /** First wait before GetQueryExecution; doubles to `maxMs`. */
  firstMs: number;
  maxMs: number;
  /** A query still running after this is stopped (StopQueryExecution). */
  timeoutMs: number;
}

export const DEFAULT_POLL: PollTimings = { firstMs: 100, maxMs: 5_000, timeoutMs: 30 * 60_000 };

/** Most rows read back from one query: bounds memory (the count query is bins × distributions × statuses). */
export const MAX_RESULT_ROWS = 500_000;

/** GetQueryResults page size (the service maximum). */
const PAGE_SIZE = 1000;

/** A query that did not succeed, or whose results could not be read whole. */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
  constructor(
    message: string,
    readonly queryExecutionId: string | undefined,
  ) {
    super(message);
  }
}

/** What a finished query gave. */
export interface QueryResult {
  queryExecutionId: string;
  rows: ResultRow[];
  /** Bytes Athena scanned (what it bills), when it says. */
  scannedBytes: number | null;
}

/** Athena's reason text is hostile (it quotes the statement and the data): escaped and bounded. */
function reasonText(reason: string | undefined): string {
  return reason ? `: ${sanitizeForTerminal(reason.replace(/\s+/g, ' ').trim(), 400)}` : '';
}

/** Runs `sql` to the end and returns its rows, the header row of a SELECT left out. */
export async function runAthenaQuery(ctx: QueryContext, sql: string): Promise<QueryResult> {
  const timings = { ...DEFAULT_POLL, ...ctx.timings };
  const started = await ctx.client.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: ctx.database },
      ...(ctx.workgroup !== undefined && { WorkGroup: ctx.workgroup }),
      ...(ctx.outputLocation !== undefined && { ResultConfiguration: { OutputLocation: ctx.outputLocation } }),
    }),
    { abortSignal: ctx.signal },
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('Athena StartQueryExecution returned no query execution id', undefined);
  const stop = (): Promise<unknown> => ctx.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
  const deadline = Date.now() + timings.timeoutMs;
  let wait = timings.firstMs;
  let statementType: string | undefined;
  let scannedBytes: number | null;
  for (;;) {
    await sleep(wait, ctx.signal);
    if (ctx.signal.aborted) {
      await stop();
      throw new AthenaQueryError(`Athena query ${id} stopped: interrupted`, id);
    }
    const { QueryExecution: q } = await ctx.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), {
      abortSignal: ctx.signal,
    });
    const state = q?.Status?.State;
    if (state === 'SUCCEEDED') {
      statementType = q?.StatementType;
      scannedBytes = q?.Statistics?.DataScannedInBytes ?? null;
      break;
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      const error = q?.Status?.AthenaError;
      const kind = error?.ErrorType !== undefined ? ` (error type ${error.ErrorType}${error.Retryable ? ', retryable' : ''})` : '';
      throw new AthenaQueryError(`Athena query ${id} ended ${state}${kind}${reasonText(q?.Status?.StateChangeReason)}`, id);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new AthenaQueryError(
        `Athena query ${id} still ${sanitizeForTerminal(String(state), 20)} after ${Math.round(timings.timeoutMs / 60_000)} min; stopped`,
        id,
      );
    }
    wait = Math.min(timings.maxMs, wait * 2);
  }
  const rows = await readRows(ctx, id, statementType);
  return { queryExecutionId: id, rows, scannedBytes };
}

async function readRows(ctx: QueryContext, id: string, statementType: string | undefined): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  let token: string | undefined;
  let labels: string[] | undefined;
  let first = true;
  do {
    const page = await ctx.client.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, ...(token && { NextToken: token }) }),
      { abortSignal: ctx.signal },
    );
    labels ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => (c.Label ?? c.Name ?? '').toLowerCase());
    let data = page.ResultSet?.Rows ?? [];
    // Athena gives a SELECT's column labels as the first row of the first page.
    if (first && statementType !== 'DDL' && data.length > 0) {
      const head = (data[0]!.Data ?? []).map((d) => (d.VarCharValue ?? '').toLowerCase());
      if (head.length === labels.length && head.every((h, i) => h === labels![i])) data = data.slice(1);
    }
    first = false;
    for (const row of data) {
      const record: ResultRow = {};
      (row.Data ?? []).forEach((cell, i) => {
        const label = labels![i];
        if (label !== undefined) record[label] = cell.VarCharValue ?? null;
      });
      rows.push(record);
    }
    if (rows.length > MAX_RESULT_ROWS)
      throw new AthenaQueryError(`Athena query ${id} returned more than ${MAX_RESULT_ROWS} rows; narrow --since/--until`, id);
    token = page.NextToken;
  } while (token && !ctx.signal.aborted);
  return rows;
}
