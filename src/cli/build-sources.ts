/**
 * Turns validated source options into Source instances (files, CloudWatch Logs, S3).
 * The one place that knows which concrete sources exist. The AWS sources are imported
 * only when named: each loads its SDK client (25 MB of memory or more), which a monitor
 * of local files or the demo never needs.
 */
import { eventTimeMs } from '../events/types.js';
import { createLineParser, type LineParserOptions } from '../parsers/index.js';
import { createFileSource, type LineClock } from '../sources/files/index.js';
import type { FormatHint, Source, SourceSink } from '../sources/types.js';
import type { SourceOptions } from './source-options.js';

/** Parser options implied by --format / --fields / --delimiter. */
export function parserOptionsFrom(options: SourceOptions): LineParserOptions {
  const parser: LineParserOptions = {};
  if (options.format === 'firewall') parser.format = 'firewall';
  else if (options.format === 'cloudfront') parser.format = options.fields || options.delimiter ? 'cloudfront-delimited' : 'auto';
  if (options.fields) parser.fields = options.fields;
  if (options.delimiter) parser.delimiter = options.delimiter;
  return parser;
}

/**
 * The event time of one file's lines, from the same parser (options and format hint) the
 * ingest sink gives that file, so a report's file order follows the times it analyses.
 */
export function lineClockFor(parser: LineParserOptions): (path: string, format: FormatHint | undefined) => LineClock {
  return (_path, format) => {
    const lines = createLineParser(format === 'firewall' ? { ...parser, format: 'firewall' } : parser);
    return (line) => {
      const outcome = lines.parse(line);
      return outcome.type === 'event' ? eventTimeMs(outcome.event) : null;
    };
  };
}

/**
 * The sources named by the options, or an Error for an impossible combination.
 * `orderByTime`: files are read merged by event time, not in the order named (report);
 * when following (the monitor), the rotated copies read with `--from-start` are.
 */
export async function buildSources(options: SourceOptions, run: { follow: boolean; orderByTime?: boolean }): Promise<Source[] | Error> {
  const sources: Source[] = [];
  const hint = options.format === 'firewall' ? 'firewall' : options.format === 'cloudfront' ? 'cloudfront' : 'auto';
  if (options.files.length > 0) {
    sources.push(
      createFileSource({
        patterns: options.files,
        fromStart: options.fromStart || options.sinceMs !== undefined,
        follow: run.follow,
        usePolling: options.pollFiles,
        format: hint,
        ...(run.orderByTime && { lineClock: lineClockFor(parserOptionsFrom(options)) }),
      }),
    );
  }
  if (options.logGroups.length > 0 || options.logGroupPrefixes.length > 0) {
    const { createCloudWatchSource } = await import('../sources/cloudwatch/index.js');
    sources.push(
      createCloudWatchSource({
        logGroups: options.logGroups,
        logGroupPrefixes: options.logGroupPrefixes,
        mode: options.mode,
        follow: run.follow,
        ...spanOf(options),
        aws: awsOptionsFrom(options),
      }),
    );
  }
  if (options.s3.length > 0) {
    const { createS3Source } = await import('../sources/s3/index.js');
    const parser = parserOptionsFrom(options);
    const clock = lineClockFor(parser);
    sources.push(
      createS3Source({
        locations: options.s3,
        follow: run.follow,
        concurrency: options.s3Concurrency,
        format: hint,
        // A parser of its own per object, as the ingest sink gives each object (its origin).
        lineClock: () => clock('', hint),
        ...spanOf(options),
        aws: awsOptionsFrom(options),
      }),
    );
  }
  return sources;
}

/** Run every source until all finish (no-follow) or the signal aborts. */
export async function runSources(sources: Source[], sink: SourceSink, signal: AbortSignal): Promise<void> {
  await Promise.all(sources.map((source) => source.run(sink, signal)));
}

/** "2 file patterns, 1 log group" for messages. */
export function describeSources(options: SourceOptions): string {
  const parts: string[] = [];
  if (options.files.length) parts.push(`${options.files.length} file pattern${options.files.length > 1 ? 's' : ''}`);
  const groups = options.logGroups.length + options.logGroupPrefixes.length;
  if (groups) parts.push(`${groups} log group${groups > 1 ? 's' : ''}/prefix${groups > 1 ? 'es' : ''}`);
  if (options.s3.length) parts.push(`${options.s3.length} S3 location${options.s3.length > 1 ? 's' : ''}`);
  return parts.join(', ');
}

/** The --since / --until span, for a source that reads history. */
function spanOf(options: SourceOptions): { sinceMs?: number; untilMs?: number } {
  return {
    ...(options.sinceMs !== undefined && { sinceMs: options.sinceMs }),
    ...(options.untilMs !== undefined && { untilMs: options.untilMs }),
  };
}

/** The AWS settings every AWS source takes: --region, --profile, --endpoint-url. */
function awsOptionsFrom(options: SourceOptions): { region?: string; profile?: string; endpointUrl?: string } {
  return {
    ...(options.region && { region: options.region }),
    ...(options.profile && { profile: options.profile }),
    ...(options.endpointUrl && { endpointUrl: options.endpointUrl }),
  };
}
