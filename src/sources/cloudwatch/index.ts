/** CloudWatch Logs source: Live Tail, FilterLogEvents polling and Logs Insights. */
import { CloudWatchSource } from './cloudwatch-source.js';
import type { CloudWatchSourceOptions } from './options.js';

export { CloudWatchSource } from './cloudwatch-source.js';
export { DEFAULT_TIMINGS, type CloudWatchMode, type CloudWatchSourceOptions, type CloudWatchTimings } from './options.js';
export { formatHintFor } from './event-lines.js';
export { COUNT_QUERY, LATENCY_QUERY, LATENCY_BY_DISTRIBUTION_QUERY, toAggregateRows, toLatencyRows } from './insights-queries.js';

/** Create a CloudWatch Logs source (see `CloudWatchSourceOptions`). */
export function createCloudWatchSource(options: CloudWatchSourceOptions): CloudWatchSource {
  return new CloudWatchSource(options);
}
