/**
 * Options shared by every command that reads logs (the monitor, `report`, `events`):
 * where to read from, how to parse, and which time span to keep.
 */
import type { ParseArgsConfig } from 'node:util';
import { parseS3Url, type S3Location } from '../sources/s3/s3-url.js';
import { parseTimeSpec } from './time-spec.js';

/** util.parseArgs option table for source options. */
export const SOURCE_OPTION_SPEC = {
  file: { type: 'string', multiple: true, short: 'f' },
  format: { type: 'string' },
  fields: { type: 'string' },
  delimiter: { type: 'string' },
  'log-group': { type: 'string', multiple: true, short: 'g' },
  'log-group-prefix': { type: 'string', multiple: true },
  s3: { type: 'string', multiple: true },
  's3-concurrency': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  mode: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'from-start': { type: 'boolean' },
  'poll-files': { type: 'boolean' },
  'resolve-names': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** Help text lines for the source options. */
export const SOURCE_OPTION_HELP = `Sources (repeatable; at least one, unless --demo):
  -f, --file PATH            a file, a glob ("logs/*.log") or a directory; plain or .gz
  -g, --log-group NAME|ARN   a CloudWatch Logs log group
      --log-group-prefix P   every log group whose name starts with P
      --mode MODE            CloudWatch mode: auto (default), live, poll, insights
      --s3 s3://BUCKET/PREFIX
                             objects under an S3 prefix (plain, gzip or Parquet); with --since
                             only the date partitions of the span are listed
      --s3-concurrency N     S3 objects read at once per --s3 (default 8)
      --region R --profile P --endpoint-url URL
                             AWS settings (standard credential chain otherwise)
Parsing:
      --format F             auto (default), cloudfront, firewall
      --fields a,b,c         field order of delimited CloudFront logs without a #Fields header
      --delimiter D          field delimiter of delimited logs (default: tab); "\\t", "|" ...
Time:
      --since T              30m, 2h, 1d, an ISO time, or epoch seconds/ms: load history from T
      --until T              ignore events at or after T
      --from-start           read existing file content (default for report/events; the monitor starts at the end)
      --poll-files           poll files instead of using inotify (network filesystems)`;

export type CloudWatchMode = 'auto' | 'live' | 'poll' | 'insights';

/** Validated source options. */
export interface SourceOptions {
  files: string[];
  logGroups: string[];
  logGroupPrefixes: string[];
  /** `--s3` locations, parsed. */
  s3: S3Location[];
  /** `--s3-concurrency`: objects read at once per location. */
  s3Concurrency: number;
  mode: CloudWatchMode;
  format: 'auto' | 'cloudfront' | 'firewall';
  fields?: string[];
  delimiter?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  sinceMs?: number;
  untilMs?: number;
  fromStart: boolean;
  pollFiles: boolean;
  /**
   * `--resolve-names`: look up each distribution's aliases and comment with CloudFront
   * ListDistributions (src/sources/cloudfront) and show the name beside its ID. The monitor
   * and `report` read it; `events` accepts it (the spec is shared) and prints IDs as logged.
   */
  resolveNames: boolean;
}

type Values = {
  [K in keyof typeof SOURCE_OPTION_SPEC]?: (typeof SOURCE_OPTION_SPEC)[K] extends { multiple: true }
    ? string[]
    : (typeof SOURCE_OPTION_SPEC)[K] extends { type: 'boolean' }
      ? boolean
      : string;
};

function unescapeDelimiter(text: string): string {
  return text.replace(/\\t/g, '\t').replace(/\\s/g, ' ');
}

/** Validate parsed values; returns an Error whose message is the usage problem. */
export function readSourceOptions(values: Values, nowMs: number, defaults: { fromStart: boolean }): SourceOptions | Error {
  const mode = values.mode ?? 'auto';
  if (!['auto', 'live', 'poll', 'insights'].includes(mode)) return new Error(`--mode must be auto, live, poll or insights (got "${mode}")`);
  const format = values.format ?? 'auto';
  if (!['auto', 'cloudfront', 'firewall'].includes(format))
    return new Error(`--format must be auto, cloudfront or firewall (got "${format}")`);
  const options: SourceOptions = {
    files: values.file ?? [],
    logGroups: values['log-group'] ?? [],
    logGroupPrefixes: values['log-group-prefix'] ?? [],
    s3: [],
    s3Concurrency: 8,
    mode: mode as CloudWatchMode,
    format: format as SourceOptions['format'],
    fromStart: values['from-start'] ?? defaults.fromStart,
    pollFiles: values['poll-files'] ?? false,
    resolveNames: values['resolve-names'] ?? false,
  };
  for (const url of values.s3 ?? []) {
    const location = parseS3Url(url);
    if (location instanceof Error) return location;
    options.s3.push(location);
  }
  if (values['s3-concurrency'] !== undefined) {
    const n = Number(values['s3-concurrency']);
    if (!Number.isInteger(n) || n < 1 || n > 64) return new Error('--s3-concurrency must be a whole number from 1 to 64');
    options.s3Concurrency = n;
  }
  if (values.fields) {
    const fields = values.fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (fields.length === 0) return new Error('--fields needs a comma-separated list of field names');
    options.fields = fields;
  }
  if (values.delimiter !== undefined) {
    const delimiter = unescapeDelimiter(values.delimiter);
    if (delimiter.length === 0) return new Error('--delimiter must not be empty');
    options.delimiter = delimiter;
  }
  if (values.region) options.region = values.region;
  if (values.profile) options.profile = values.profile;
  if (values['endpoint-url']) {
    try {
      new URL(values['endpoint-url']);
    } catch {
      return new Error(`--endpoint-url is not a URL: ${values['endpoint-url']}`);
    }
    options.endpointUrl = values['endpoint-url'];
  }
  for (const key of ['since', 'until'] as const) {
    const text = values[key];
    if (text === undefined) continue;
    const parsed = parseTimeSpec(text, nowMs);
    if (parsed instanceof Error) return new Error(`--${key}: ${parsed.message}`);
    if (key === 'since') options.sinceMs = parsed;
    else options.untilMs = parsed;
  }
  if (options.sinceMs !== undefined && options.untilMs !== undefined && options.untilMs <= options.sinceMs) {
    return new Error('--until must be later than --since');
  }
  return options;
}

/** True when no source was named. */
export function hasNoSource(options: SourceOptions): boolean {
  return options.files.length === 0 && options.logGroups.length === 0 && options.logGroupPrefixes.length === 0 && options.s3.length === 0;
}
