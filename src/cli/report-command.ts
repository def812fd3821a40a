/**
 * `tlstop report`: reads the named sources to the end, aggregates over the whole span
 * (no sliding window) and prints tables, or one JSON document with --json.
 */
import { parseArgs } from 'node:util';
import { createReportAggregator, DEFAULT_EXPIRING_WITHIN_DAYS } from '../aggregation/index.js';
import { createIngestSink, type IngestSink } from '../pipeline/ingest-sink.js';
import { createParallelIngestSink } from '../pipeline/parse-threads/parallel-ingest-sink.js';
import { startParseThread } from '../pipeline/parse-threads/start-parse-thread.js';
import { buildReportDocument, withDistributionNames } from '../report/report-document.js';
import type { DistributionNames } from '../sources/cloudfront/distribution-names.js';
import { lookUpDistributionNames } from '../sources/cloudfront/lookup-names.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { buildSources, describeSources, parserOptionsFrom, runSources } from './build-sources.js';
import { ATHENA_OPTION_HELP, ATHENA_OPTION_SPEC, engineError, wantsAthena } from './athena-options.js';
import { parseThreadsHelp, readParseThreads } from './parse-threads-option.js';
import { EXIT, untilInterrupted, usageError, type CliIo } from './io.js';
import { writeReport } from './report-output.js';
import { trackSourceProblems } from './source-problems.js';
import { hasNoSource, readSourceOptions, SOURCE_OPTION_HELP, SOURCE_OPTION_SPEC } from './source-options.js';
import { parseTimeSpec } from './time-spec.js';

export const REPORT_HELP = `Usage: tlstop report [sources] [--json] [--distribution ID ...] [--since T] [--until T]

Reads local files (paths, globs or directories; plain or .gz), CloudWatch log groups or S3 objects
to the end, aggregates over the whole span and prints a summary, what changed first.
Files and S3 objects are read in event-time order whatever their names (rotated, side by side).
Exits 0, or 2 for a bad option or an unreadable input (the report of the readable
inputs is still printed); 0 when the reader of its output goes away.

  --json                 one JSON document instead of tables
  -d, --distribution ID  only these distributions (repeatable; firewall figures are not narrowed)
  --expiring-days N      list client certificates expiring within N days (default ${DEFAULT_EXPIRING_WITHIN_DAYS})
  --resolve-names        show each distribution's first alias (or its comment) beside its ID,
                         from CloudFront ListDistributions (needs cloudfront:ListDistributions)
${parseThreadsHelp('  ', 23, 'threads that parse lines beside the one that reads and counts')}
  -h, --help             this help

${SOURCE_OPTION_HELP}
${ATHENA_OPTION_HELP}
`;

/** CloudWatch history read by `report` when no --since is given. */
const DEFAULT_CLOUDWATCH_SPAN = '1h';

export async function runReportCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ...SOURCE_OPTION_SPEC,
        ...ATHENA_OPTION_SPEC,
        json: { type: 'boolean' },
        distribution: { type: 'string', multiple: true, short: 'd' },
        'expiring-days': { type: 'string' },
        'parse-threads': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return usageError(io, 'report', (error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  const now = Date.now();
  const options = readSourceOptions(values, now, { fromStart: true });
  if (options instanceof Error) return usageError(io, 'report', options.message);
  const engine = engineError(values);
  if (engine !== null) return usageError(io, 'report', engine);
  const expiringDays = values['expiring-days'] === undefined ? DEFAULT_EXPIRING_WITHIN_DAYS : Number(values['expiring-days']);
  if (!Number.isFinite(expiringDays) || expiringDays < 0) return usageError(io, 'report', '--expiring-days must be a number of days');
  const threads = readParseThreads(values['parse-threads']);
  if (threads instanceof Error) return usageError(io, 'report', threads.message);
  if (wantsAthena(values)) {
    const { runAthenaReport } = await import('./athena-report.js');
    return runAthenaReport(values, options, expiringDays, io);
  }
  if (hasNoSource(options))
    return usageError(io, 'report', 'name at least one source: --file PATH, --log-group NAME or --s3 s3://BUCKET/PREFIX');
  if ((options.logGroups.length || options.logGroupPrefixes.length) && options.sinceMs === undefined) {
    options.sinceMs = parseTimeSpec(DEFAULT_CLOUDWATCH_SPAN, now) as number;
    io.stderr.write(`tlstop report: no --since given; reading the last ${DEFAULT_CLOUDWATCH_SPAN} of CloudWatch Logs\n`);
  }

  const aggregator = createReportAggregator({ expiringWithinDays: expiringDays });
  const problems = trackSourceProblems(io, 'report', { printErrorsAsTheyHappen: false, printRetries: false });
  const sinkOptions = {
    ...(options.sinceMs !== undefined && { sinceMs: options.sinceMs }),
    ...(options.untilMs !== undefined && { untilMs: options.untilMs }),
    parser: parserOptionsFrom(options),
    onStatus: problems.onStatus,
  };
  // Parse threads give the same report (parallel-ingest-sink.ts); they only save time.
  const parallel =
    threads > 0
      ? createParallelIngestSink(aggregator, {
          ...sinkOptions,
          threads,
          startThread: startParseThread,
          onThreadProblem: (message) => io.stderr.write(`tlstop report: ${sanitizeForTerminal(message)}\n`),
        })
      : null;
  const sink: IngestSink = parallel ?? createIngestSink(aggregator, sinkOptions);
  // In event-time order: the change detector counts events far out of order as late.
  const sources = await buildSources(options, { follow: false, orderByTime: true });
  if (sources instanceof Error) return usageError(io, 'report', sources.message);
  // The names are looked up while the sources are read; a refused look-up is said on stderr
  // and the report keeps the IDs (it is not an unreadable input: the exit status stays).
  let naming: Promise<DistributionNames> | undefined;
  await untilInterrupted((signal) => {
    if (options.resolveNames) naming = lookUpDistributionNames(options, signal);
    return runSources(sources, sink, signal);
  });
  await parallel?.finish();
  const named = naming ? await naming : undefined;
  if (named?.status.state === 'error')
    io.stderr.write(`tlstop report: ${sanitizeForTerminal(named.status.message ?? 'names not resolved')}\n`);

  const built = buildReportDocument(aggregator, {
    distributions: values.distribution ?? [],
    ...(options.sinceMs !== undefined && { sinceMs: options.sinceMs }),
    ...(options.untilMs !== undefined && { untilMs: options.untilMs }),
  });
  const doc = named ? withDistributionNames(built, named.names) : built;
  const written = await writeReport(io, doc, {
    json: values.json ?? false,
    inputs: `${describeSources(options)}, ${sink.counts.lines} lines`,
  });
  // The reader went away (`tlstop report | head -1`): end quietly, as cat does.
  if (written.closed) return written.status;
  problems.printRemaining();
  return problems.failed ? EXIT.usage : EXIT.ok;
}
