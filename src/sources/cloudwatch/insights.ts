/**
 * `insights` mode: the histograms come from CloudWatch Logs Insights, so counts stay
 * exact at volumes where Live Tail samples. On a schedule it runs the count query and
 * the latency queries over a recent range, polls each until it completes, and hands
 * the results to `sink.aggregates`, which replaces the counts for that range.
 */
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { Backoff } from './backoff.js';
import { errorName } from './error-kind.js';
import {
  BIN_MS,
  COUNT_QUERY,
  LATENCY_BY_DISTRIBUTION_QUERY,
  LATENCY_QUERY,
  QUERY_ROW_LIMIT,
  toAggregateRows,
  toLatencyRows,
} from './insights-queries.js';
import type { ResolvedLogGroup } from './log-groups.js';
import { formatDelay, reportFault, type RunContext, type StatusBase } from './run-context.js';
import { sleep } from './sleep.js';

/** Insights accepts at most 50 log groups per query. */
export const MAX_GROUPS_PER_QUERY = 50;

/** A query that ended in Failed, Cancelled, Timeout or Unknown. */
export class QueryEndedError extends Error {
  override readonly name = 'QueryEndedError';
}

class AbortedError extends Error {}

/** Start a query and poll it to completion; returns its result rows. */
export async function runQuery(
  ctx: RunContext,
  groups: readonly ResolvedLogGroup[],
  queryString: string,
  range: { startMs: number; endMs: number },
): Promise<ResultField[][]> {
  const started = await ctx.client.send(
    new StartQueryCommand({
      logGroupNames: groups.map((g) => g.name),
      startTime: Math.floor(range.startMs / 1000),
      endTime: Math.ceil(range.endMs / 1000),
      queryString,
      limit: QUERY_ROW_LIMIT,
    }),
    { abortSignal: ctx.signal },
  );
  const queryId = started.queryId;
  if (!queryId) throw new QueryEndedError('StartQuery returned no query id');
  const deadline = ctx.now() + ctx.timings.insightsQueryTimeoutMs;
  try {
    for (;;) {
      const result = await ctx.client.send(new GetQueryResultsCommand({ queryId }), { abortSignal: ctx.signal });
      switch (result.status) {
        case 'Complete':
          return result.results ?? [];
        case 'Failed':
        case 'Cancelled':
        case 'Timeout':
        case 'Unknown':
          throw new QueryEndedError(`Logs Insights query ended with status ${result.status}`);
        default:
          break; // Scheduled, Running
      }
      if (ctx.now() > deadline) {
        await ctx.client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
        throw new QueryEndedError(`Logs Insights query still running after ${formatDelay(ctx.timings.insightsQueryTimeoutMs)}; stopped`);
      }
      await sleep(ctx.timings.insightsPollMs, ctx.signal);
      if (ctx.signal.aborted) throw new AbortedError();
    }
  } catch (error) {
    if (ctx.signal.aborted) await ctx.client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
    throw error;
  }
}

/** What one Insights runner reads. */
export interface InsightsOptions {
  groups: ResolvedLogGroup[];
  base: StatusBase;
  sinceMs?: number;
  /** End of the one range read without follow (default: now). */
  untilMs?: number;
  /** False: one cycle over the since-window, then `done`. */
  follow: boolean;
}

/** Run query cycles until the signal aborts (or once, without follow). */
export async function runInsights(ctx: RunContext, options: InsightsOptions): Promise<void> {
  const { timings } = ctx;
  const { base } = options;
  const groups = options.groups.slice(0, MAX_GROUPS_PER_QUERY);
  const note =
    options.groups.length > MAX_GROUPS_PER_QUERY
      ? ` Only the first ${MAX_GROUPS_PER_QUERY} of ${options.groups.length} log groups are queried (Insights limit).`
      : '';
  const backoff = new Backoff(timings.backoffBaseMs, timings.backoffMaxMs, ctx.random);
  let firstCycle = true;
  while (!ctx.signal.aborted) {
    const endMs = options.follow ? ctx.now() : (options.untilMs ?? ctx.now());
    const from = firstCycle ? (options.sinceMs ?? endMs - timings.insightsLookbackMs) : endMs - timings.insightsRefreshMs;
    const range = { startMs: Math.floor(from / BIN_MS) * BIN_MS, endMs };
    try {
      const counts = await runQuery(ctx, groups, COUNT_QUERY, range);
      const overall = await runQuery(ctx, groups, LATENCY_QUERY, range);
      const byDistribution = await runQuery(ctx, groups, LATENCY_BY_DISTRIBUTION_QUERY, range);
      const rows = toAggregateRows(counts);
      const latency = [...toLatencyRows(overall, range, false), ...toLatencyRows(byDistribution, range, true)];
      ctx.sink.aggregates?.(range, rows, latency);
      backoff.reset();
      firstCycle = false;
      const truncated =
        counts.length >= QUERY_ROW_LIMIT
          ? ` The count query hit the ${QUERY_ROW_LIMIT}-row limit: narrow the range or the log groups.`
          : '';
      if (!options.follow) {
        ctx.sink.status({ ...base, state: 'done', message: `Logs Insights: ${rows.length} count rows.${truncated}${note}` });
        return;
      }
      ctx.sink.status({
        ...base,
        state: 'connected',
        message: `Logs Insights: ${rows.length} count rows; next query in ${formatDelay(timings.insightsIntervalMs)}.${truncated}${note}`,
      });
      await sleep(timings.insightsIntervalMs, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted || error instanceof AbortedError) return;
      if (error instanceof QueryEndedError) {
        const delay = backoff.next();
        ctx.sink.status({ ...base, state: 'retrying', message: `${error.message}; retrying in ${formatDelay(delay)}.` });
        await sleep(delay, ctx.signal);
      } else if (errorName(error) === 'LimitExceededException') {
        const delay = backoff.next();
        ctx.sink.status({
          ...base,
          state: 'retrying',
          message: `Too many concurrent Logs Insights queries in this account and region (LimitExceededException); retrying in ${formatDelay(delay)}.`,
        });
        await sleep(delay, ctx.signal);
      } else {
        await sleep(reportFault(ctx, base, error, 'StartQuery/GetQueryResults', backoff), ctx.signal);
      }
    }
  }
}
