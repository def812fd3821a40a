/**
 * The port every source (files, CloudWatch Logs, the demo) implements. Sources do I/O
 * and hand raw lines to a sink; parsing and aggregation happen behind the sink.
 */
import type { AggregateLatency, AggregateRow } from '../events/aggregates.js';

/** Format hint a source may know (a CloudWatch log group of a firewall, a `.log.gz` path...). */
export type FormatHint = 'auto' | 'cloudfront' | 'firewall';

export interface LineBatch {
  /**
   * Stable key of the stream the lines belong to (a file path, `logGroup/logStream`).
   * Parsers keep per-origin state under it (a W3C `#Fields:` header, for example).
   */
  origin: string;
  lines: string[];
  format?: FormatHint;
  /** Set when the lines were sampled by CloudWatch Live Tail. */
  sampled?: boolean;
}

export type SourceState =
  | 'starting'
  | 'connected' // streaming / tailing and healthy
  | 'retrying' // transient fault; will retry by itself
  | 'error' // needs the user (bad credentials, missing file, ...); message says what to do
  | 'done'; // finished (non-follow mode)

export interface SourceStatus {
  /** Stable id of the source (or of one of its parts, e.g. one file or one Live Tail session). */
  id: string;
  /** Short human label: a path, a log group name. */
  label: string;
  state: SourceState;
  /** live | poll | insights | file | demo ... */
  mode?: string;
  sampled?: boolean;
  /** Clear, actionable text for retrying / error states. */
  message?: string;
  /** A note about tlstop itself (where its diagnostics go), not a source: shown by its message, never counted. */
  note?: boolean;
}

export interface SourceSink {
  lines(batch: LineBatch): void;
  status(status: SourceStatus): void;
  /** Insights mode: replace the counts for a time range with the query's result. */
  aggregates?(range: { startMs: number; endMs: number }, rows: AggregateRow[], latency: AggregateLatency[]): void;
}

export interface Source {
  readonly id: string;
  /**
   * Runs until the source is exhausted (no-follow mode) or `signal` aborts. Never rejects
   * for a runtime fault of the data path: faults are reported through `sink.status`.
   */
  run(sink: SourceSink, signal: AbortSignal): Promise<void>;
}
