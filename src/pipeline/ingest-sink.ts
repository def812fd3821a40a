/**
 * The one place where raw lines become events: a SourceSink that keeps a line parser
 * per origin (W3C headers are per file/stream), applies the --since/--until window,
 * and hands events and malformed-line counts to a consumer (the store, a report
 * aggregator, or the `events` printer).
 */
import type { AggregateLatency, AggregateRow, ExclusionReason } from '../aggregation/types.js';
import { eventTimeMs, type LogEvent } from '../events/types.js';
import { createLineParser, type LineParser, type LineParserOptions } from '../parsers/index.js';
import type { LineBatch, SourceSink, SourceStatus } from '../sources/types.js';

/** Where parsed events go. */
export interface EventConsumer {
  ingest(event: LogEvent, source: string): void;
  recordMalformed(reason: string, source: string): void;
  /** An event left out by the --since / --until window, with its event time (so a report can say what it left out). */
  recordExcluded?(reason: ExclusionReason, timeMs: number): void;
  /** CloudWatch Live Tail sampled the lines of this batch. */
  markSampled?(): void;
  replaceAggregates?(range: { startMs: number; endMs: number }, rows: AggregateRow[], latency: AggregateLatency[]): void;
}

export interface IngestSinkOptions {
  sinceMs?: number;
  untilMs?: number;
  /** Parser options applied to every origin (format, delimited field list, delimiter). */
  parser?: LineParserOptions;
  onStatus?(status: SourceStatus): void;
  /** Most origins remembered at once (each keeps a small parser state). */
  maxOrigins?: number;
}

/** Counters for `events`/`report` summaries. */
export interface IngestCounts {
  lines: number;
  events: number;
  malformed: number;
  outsideWindow: number;
}

/** What `now` added to the counts since `before`. */
export function countsSince(before: IngestCounts, now: IngestCounts): IngestCounts {
  return {
    lines: now.lines - before.lines,
    events: now.events - before.events,
    malformed: now.malformed - before.malformed,
    outsideWindow: now.outsideWindow - before.outsideWindow,
  };
}

/** Add `delta` into `counts`. */
export function addCounts(counts: IngestCounts, delta: IngestCounts): void {
  counts.lines += delta.lines;
  counts.events += delta.events;
  counts.malformed += delta.malformed;
  counts.outsideWindow += delta.outsideWindow;
}

/** A SourceSink that parses and forwards; `counts` is live. */
export interface IngestSink extends SourceSink {
  readonly counts: IngestCounts;
}

export function createIngestSink(consumer: EventConsumer, options: IngestSinkOptions = {}): IngestSink {
  const parsers = new Map<string, LineParser>();
  const maxOrigins = options.maxOrigins ?? 10_000;
  const since = options.sinceMs ?? -Infinity;
  const until = options.untilMs ?? Infinity;
  const counts: IngestCounts = { lines: 0, events: 0, malformed: 0, outsideWindow: 0 };

  function parserFor(batch: LineBatch): LineParser {
    let parser = parsers.get(batch.origin);
    if (!parser) {
      if (parsers.size >= maxOrigins) {
        // Forget the oldest origin; a W3C stream that comes back relearns its header.
        const oldest = parsers.keys().next().value;
        if (oldest !== undefined) parsers.delete(oldest);
      }
      const hinted = batch.format === 'firewall' ? { ...options.parser, format: 'firewall' as const } : options.parser;
      parser = createLineParser(hinted);
      parsers.set(batch.origin, parser);
    }
    return parser;
  }

  return {
    counts,
    lines(batch) {
      const parser = parserFor(batch);
      if (batch.sampled) consumer.markSampled?.();
      for (const line of batch.lines) {
        counts.lines++;
        const outcome = parser.parse(line);
        if (outcome.type === 'event') {
          const t = eventTimeMs(outcome.event);
          if (t < since || t >= until) {
            counts.outsideWindow++;
            consumer.recordExcluded?.(t < since ? 'before-since' : 'at-or-after-until', t);
            continue;
          }
          counts.events++;
          consumer.ingest(outcome.event, batch.origin);
        } else if (outcome.type === 'malformed') {
          counts.malformed++;
          consumer.recordMalformed(outcome.reason, batch.origin);
        }
      }
    },
    status(status) {
      options.onStatus?.(status);
    },
    aggregates(range, rows, latency) {
      consumer.replaceAggregates?.(range, rows, latency);
    },
  };
}
