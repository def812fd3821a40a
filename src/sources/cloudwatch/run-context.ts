/**
 * What every mode runner shares: the SDK clients, the sink, the caller's signal, the
 * timings, and one way to turn a failed call into a status and a wait.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { SourceSink, SourceStatus } from '../types.js';
import type { Backoff } from './backoff.js';
import { asSentence } from '../../aws/client-options.js';
import { classifyError, describeFault } from './error-kind.js';
import type { CloudWatchTimings } from './options.js';

/** Shared state of one running CloudWatch source. */
export interface RunContext {
  sourceId: string;
  /** Client for unary calls (DescribeLogGroups, FilterLogEvents, Insights). */
  client: CloudWatchLogsClient;
  /** Client for StartLiveTail (streaming handler, host prefix handling). */
  liveClient: CloudWatchLogsClient;
  sink: SourceSink;
  signal: AbortSignal;
  timings: CloudWatchTimings;
  random: () => number;
  now: () => number;
  /** FilterLogEvents page size, when set. */
  filterPageSize?: number;
}

/** The fixed part of a status a runner reports (id, label, mode). */
export type StatusBase = Pick<SourceStatus, 'id' | 'label' | 'mode'>;

/**
 * Report a failed call on the status line and return how long to wait before the
 * retry: backoff for throttling and transient faults (`retrying`), the slow
 * user-action interval for credentials, permissions and missing resources (`error`).
 *
 * The message leads with what matters when the header has to cut it: the operation,
 * what went wrong (with the error code), then when tlstop retries (transient) or what
 * to do (user action), then the rest:
 * `FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s. Check the network, ...`
 */
export function reportFault(ctx: RunContext, base: StatusBase, error: unknown, operation: string, backoff: Backoff): number {
  const kind = classifyError(error, ctx.signal);
  const { what, advice } = describeFault(error, operation);
  if (kind === 'throttled' || kind === 'transient') {
    const delay = backoff.next();
    ctx.sink.status({
      ...base,
      state: 'retrying',
      message: `${operation}: ${what}; retrying in ${formatDelay(delay)}.${advice ? ` ${advice}` : ''}`,
    });
    return delay;
  }
  backoff.next();
  const delay = ctx.timings.userActionRetryMs;
  ctx.sink.status({
    ...base,
    state: 'error',
    message: `${operation}: ${asSentence(what)}${advice ? ` ${advice}` : ''} Retrying every ${formatDelay(delay)}.`,
  });
  return delay;
}

/** `850 ms`, `4 s`, `2 min`. */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
