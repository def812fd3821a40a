/**
 * `tlstop events`: prints every normalised event, one per line, in arrival order.
 * Malformed input is counted and reported on stderr at exit, never on stdout.
 */
import { parseArgs } from 'node:util';
import type { LogEvent } from '../events/types.js';
import { createIngestSink } from '../pipeline/ingest-sink.js';
import { formatEventLine, toEventJson } from '../report/event-line.js';
import { buildSources, describeSources, parserOptionsFrom, runSources } from './build-sources.js';
import { EXIT, guardOutput, outputFailed, untilInterrupted, usageError, type CliIo } from './io.js';
import { trackSourceProblems } from './source-problems.js';
import { hasNoSource, readSourceOptions, SOURCE_OPTION_HELP, SOURCE_OPTION_SPEC } from './source-options.js';

export const EVENTS_HELP = `Usage: tlstop events [sources] [--follow] [--json]

Prints each normalised event, one per line, in arrival order: connection events with
the CloudFront field names, firewall events with their own nesting, each with its source.
Without --follow it stops at the end of the files and of the --since window. Exits 0,
or 2 for a bad option or an unreadable input (the events of the readable inputs are still
printed); it stops quietly, with 0, when the reader of its output goes away.

  --json       one JSON object per line
  --follow     keep following new data (Ctrl-C to stop)
  -h, --help   this help

${SOURCE_OPTION_HELP}
`;

export async function runEventsCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...SOURCE_OPTION_SPEC, json: { type: 'boolean' }, follow: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return usageError(io, 'events', (error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(EVENTS_HELP);
    return EXIT.ok;
  }
  const options = readSourceOptions(values, Date.now(), { fromStart: true });
  if (options instanceof Error) return usageError(io, 'events', options.message);
  if (options.resolveNames)
    return usageError(io, 'events', '--resolve-names works with the monitor and `tlstop report` (event lines carry the ID only)');
  if (hasNoSource(options))
    return usageError(io, 'events', 'name at least one source: --file PATH, --log-group NAME or --s3 s3://BUCKET/PREFIX');

  const follow = values.follow ?? false;
  const json = values.json ?? false;
  const out = guardOutput(io);
  const write = (event: LogEvent, source: string) => {
    out.write((json ? toEventJson(event, source) : formatEventLine(event, source)) + '\n');
  };
  const malformed = new Map<string, number>();
  // Without --follow, unreadable inputs are named after the events of the readable ones, as
  // `report` does; while following, each problem is printed when it happens.
  const problems = trackSourceProblems(io, 'events', { printErrorsAsTheyHappen: follow, printRetries: true });
  const sink = createIngestSink(
    {
      ingest: write,
      recordMalformed(reason) {
        malformed.set(reason, (malformed.get(reason) ?? 0) + 1);
      },
    },
    {
      ...(options.sinceMs !== undefined && { sinceMs: options.sinceMs }),
      ...(options.untilMs !== undefined && { untilMs: options.untilMs }),
      parser: parserOptionsFrom(options),
      onStatus: problems.onStatus,
    },
  );
  try {
    const built = await buildSources(options, { follow });
    if (built instanceof Error) return usageError(io, 'events', built.message);
    // The sources stop on Ctrl-C, on SIGTERM, and when the reader of stdout goes away
    // (`tlstop events --follow | head -1`).
    await untilInterrupted((signal) => runSources(built, sink, AbortSignal.any([signal, out.signal])), ['SIGINT', 'SIGTERM']);
    await out.flush();
    if (out.closed) return out.failure ? outputFailed(io, 'events', out.failure) : EXIT.ok;
  } finally {
    out.dispose();
  }
  const total = sink.counts.malformed;
  if (total > 0) {
    const reasons = [...malformed.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `${r} ${n}`)
      .join(', ');
    io.stderr.write(`tlstop events: ${total} malformed line(s) skipped (${reasons})\n`);
  }
  problems.printRemaining();
  if (!follow && io.stderr.isTTY) io.stderr.write(`tlstop events: ${sink.counts.events} event(s) from ${describeSources(options)}\n`);
  return problems.failed ? EXIT.usage : EXIT.ok;
}
