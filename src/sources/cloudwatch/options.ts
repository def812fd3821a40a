/**
 * Options of the CloudWatch Logs source and the timings it runs on. Every timer is
 * injectable so tests run in milliseconds instead of seconds.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsOptions } from '../../aws/client-options.js';

/** How the source reads CloudWatch Logs. */
export type CloudWatchMode = 'auto' | 'live' | 'poll' | 'insights';

/** Timers and limits; defaults in `DEFAULT_TIMINGS`. */
export interface CloudWatchTimings {
  /** Adaptive FilterLogEvents interval: starts at `pollInitialMs`, halves when busy, grows by 1.5x when idle. */
  pollMinMs: number;
  pollMaxMs: number;
  pollInitialMs: number;
  /** Each poll window starts this long before the previous poll began, for late-ingested events. */
  pollOverlapMs: number;
  /** Exponential backoff with full jitter for throttling, 5xx and network faults. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Retry interval while the user must act (credentials, permissions, missing log group). */
  userActionRetryMs: number;
  /** A Live Tail session with no update for this long is treated as dropped and reopened. */
  liveIdleTimeoutMs: number;
  /** On reopen, backfill with FilterLogEvents from this long before the last seen event. */
  liveBackfillSlackMs: number;
  /** Insights: time between query cycles. */
  insightsIntervalMs: number;
  /** Insights: GetQueryResults polling interval while a query runs. */
  insightsPollMs: number;
  /** Insights: each cycle after the first re-queries this much recent time (late events). */
  insightsRefreshMs: number;
  /** Insights: range of the first cycle when no `sinceMs` is given. */
  insightsLookbackMs: number;
  /** Insights: a query running longer than this is stopped and retried. */
  insightsQueryTimeoutMs: number;
}

/** Production timings. */
export const DEFAULT_TIMINGS: CloudWatchTimings = {
  pollMinMs: 1000,
  pollMaxMs: 10_000,
  pollInitialMs: 2000,
  pollOverlapMs: 60_000,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  userActionRetryMs: 30_000,
  liveIdleTimeoutMs: 30_000,
  liveBackfillSlackMs: 10_000,
  insightsIntervalMs: 60_000,
  insightsPollMs: 1000,
  insightsRefreshMs: 5 * 60_000,
  insightsLookbackMs: 60 * 60_000,
  insightsQueryTimeoutMs: 5 * 60_000,
};

/** What `createCloudWatchSource` accepts. */
export interface CloudWatchSourceOptions extends AwsOptions {
  /** Source id used in statuses; default `cloudwatch`. */
  id?: string;
  /** Log group names or ARNs (repeatable). */
  logGroups?: string[];
  /** Every log group whose name starts with this. */
  logGroupPrefix?: string;
  /** Same as `logGroupPrefix`, repeatable. */
  logGroupPrefixes?: string[];
  /** AWS options as one object; `region`/`profile`/`endpointUrl` given directly win. */
  aws?: AwsOptions;
  /** Default `auto`: Live Tail, falling back to polling where Live Tail is refused. */
  mode?: CloudWatchMode;
  /** Load history from this time first, then continue (no gap, no duplicate at the seam). */
  sinceMs?: number;
  /** Default true. False: stop at the end of the since-window (headless `events`/`report`). */
  follow?: boolean;
  /** Without follow: end of the window read (default: when `run` starts). Ignored when following. */
  untilMs?: number;
  /** Credentials or provider; default: the SDK's standard provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Use the SDK's HTTP/2 handler for StartLiveTail instead of its default HTTP/1.1 handler. */
  liveTailHttp2?: boolean;
  /** FilterLogEvents page size (`limit`); default: the service's (up to 10,000). */
  filterPageSize?: number;
  /** Override some timings (tests). */
  timings?: Partial<CloudWatchTimings>;
  /** Random source for backoff jitter (tests); default Math.random. */
  random?: () => number;
  /** Clock (tests); default Date.now. */
  now?: () => number;
}
