/**
 * The live monitor's composition root: builds the store, the status board, the sources
 * (or the demo), the validation runner and the exporter, wires them together, and
 * hands them to the Ink App. Nothing else in tlstop constructs these.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createStore } from '../aggregation/index.js';
import { NameBook } from '../pipeline/name-book.js';
import { StatusBoard } from '../pipeline/status-board.js';
import { createIngestSink, type IngestSink } from '../pipeline/ingest-sink.js';
import { createParallelIngestSink } from '../pipeline/parse-threads/parallel-ingest-sink.js';
import { startParseThread } from '../pipeline/parse-threads/start-parse-thread.js';
import { writeSnapshotExport } from '../report/snapshot-export.js';
import { limitHeapGrowth } from '../runtime/heap-growth.js';
import { lookUpDistributionNames } from '../sources/cloudfront/lookup-names.js';
import { NAMES_LABEL, NAMES_STATUS_ID } from '../sources/cloudfront/names-status.js';
import { startDemo, type DemoHandle } from '../sources/demo/index.js';
import { createFileSource } from '../sources/files/index.js';
import type { Source, SourceStatus } from '../sources/types.js';
import { addExitCleanup } from '../ui/exit-cleanup.js';
import {
  builtinThemes,
  cellDiffStatus,
  fastOutputActive,
  fastOutputStatus,
  loadTheme,
  renderApp,
  requestedWriter,
  type ValidationRunner,
} from '../ui/index.js';
import { buildSources, parserOptionsFrom, runSources } from './build-sources.js';
import { exitWithin } from './exit-guard.js';
import { EXIT, usageError, type CliIo } from './io.js';
import { MONITOR_HELP } from './monitor-help.js';
import { LIVE_PARSE_THREADS, readParseThreads } from './parse-threads-option.js';
import { keptDiagnosticsNote, routeDiagnosticsToFile } from './process-warnings.js';
import { hasNoSource, readSourceOptions, SOURCE_OPTION_SPEC, type SourceOptions } from './source-options.js';
import { parseDuration } from './time-spec.js';
import { readValidationOptions, VALIDATION_OPTION_SPEC } from './validate/options.js';
import { demoValidationRunner, validationRunner } from './validation-runner.js';

const MINUTE = 60_000;
/** Windows the `w` key cycles through. */
export const MONITOR_WINDOWS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE];

const MONITOR_OPTION_SPEC = {
  ...SOURCE_OPTION_SPEC,
  demo: { type: 'boolean' },
  window: { type: 'string' },
  theme: { type: 'string' },
  'alert-failure-rate': { type: 'string' },
  'alert-p99': { type: 'string' },
  'alert-on-change': { type: 'boolean' },
  'expiring-days': { type: 'string' },
  'export-dir': { type: 'string' },
  fps: { type: 'string' },
  'parse-threads': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...VALIDATION_OPTION_SPEC,
} as const;

function positiveNumber(text: string | undefined, name: string): number | undefined | Error {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) return new Error(`--${name} must be a positive number (got "${text}")`);
  return value;
}

/** Frame rates `--fps` accepts: below 1 a frame stays on screen for seconds to minutes; above 60 frames only cost CPU. */
export const FPS_RANGE = { min: 1, max: 60 } as const;

function frameRate(text: string | undefined): number | undefined | Error {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < FPS_RANGE.min || value > FPS_RANGE.max) {
    return new Error(`--fps must be a number from ${FPS_RANGE.min} to ${FPS_RANGE.max} (got "${text}")`);
  }
  return value;
}

/** Run the live monitor; resolves with the exit status once the user quits. */
export async function runMonitorCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: MONITOR_OPTION_SPEC, strict: true, allowPositionals: false });
  } catch (error) {
    return usageError(io, 'monitor', (error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(MONITOR_HELP);
    return EXIT.ok;
  }
  const sourceOptions = readSourceOptions(values, Date.now(), { fromStart: false });
  if (sourceOptions instanceof Error) return usageError(io, 'monitor', sourceOptions.message);
  const demo = values.demo ?? false;
  if (!demo && hasNoSource(sourceOptions)) {
    return usageError(
      io,
      'monitor',
      'name a source (--file PATH, --log-group NAME, --s3 s3://BUCKET/PREFIX) or run the built-in demo with --demo',
    );
  }
  let windowMs = 15 * MINUTE;
  if (values.window) {
    const parsedWindow = parseDuration(values.window);
    if (parsedWindow instanceof Error || !MONITOR_WINDOWS.includes(parsedWindow)) {
      return usageError(io, 'monitor', `--window must be one of 1m, 5m, 15m, 1h (got "${values.window}")`);
    }
    windowMs = parsedWindow;
  }
  const failureRate = positiveNumber(values['alert-failure-rate'], 'alert-failure-rate');
  const p99 = positiveNumber(values['alert-p99'], 'alert-p99');
  const expiringDays = positiveNumber(values['expiring-days'], 'expiring-days');
  const fps = frameRate(values.fps);
  const parseThreads = readParseThreads(values['parse-threads']);
  for (const value of [failureRate, p99, expiringDays, fps, parseThreads])
    if (value instanceof Error) return usageError(io, 'monitor', value.message);
  if (typeof failureRate === 'number' && failureRate > 100)
    return usageError(io, 'monitor', '--alert-failure-rate is a percentage from 0 to 100');
  // The v panel validates with `tlstop validate`'s options, and the sources' AWS settings.
  let validation: ValidationRunner | undefined;
  if (values['trail-arn'] !== undefined) {
    const { region, profile, endpointUrl } = sourceOptions;
    const options = readValidationOptions({ ...values, region, profile, 'endpoint-url': endpointUrl }, new Date());
    const runner = options instanceof Error ? options : validationRunner(options, io.env);
    if (runner instanceof Error) return usageError(io, 'monitor', runner.message);
    validation = runner;
  }

  if (!io.stdout.isTTY || !process.stdin.isTTY) {
    io.stderr.write('tlstop: the live monitor needs an interactive terminal. For scripts use `tlstop report` or `tlstop events`.\n');
    return EXIT.usage;
  }

  limitHeapGrowth();
  const themeResult = loadTheme(values.theme, io.env);
  const statuses = new StatusBoard();
  if (themeResult.warning) statuses.set({ id: 'theme', label: 'theme', state: 'error', message: themeResult.warning });
  const store = createStore({
    initialWindowMs: windowMs,
    historyMs: 2 * 60 * MINUTE,
    ...(typeof expiringDays === 'number' && { expiringWithinDays: expiringDays }),
  });
  const controller = new AbortController();
  const restoreDiagnostics = routeDiagnosticsToFile(statuses);
  // Drawing through Ink's own output stage works, at several times the CPU: never silently.
  if (!fastOutputActive()) {
    const why = fastOutputStatus(io.env);
    console.warn(`tlstop: ${why}`);
    statuses.set({ id: 'output-stage', label: 'output stage', state: 'connected', note: true, message: why });
  }

  let demoHandle: DemoHandle | null = null;
  let demoDir: string | null = null;
  let forgetDemoDirCleanup = () => {};
  let sources: Source[];
  let effective: SourceOptions = sourceOptions;
  if (demo) {
    demoDir = await mkdtemp(join(tmpdir(), 'tlstop-demo-'));
    // However the monitor ends (a signal, a closed pane, a crash), the directory goes with it.
    const dir = demoDir;
    forgetDemoDirCleanup = addExitCleanup(() => rmSync(dir, { recursive: true, force: true }));
    demoHandle = await startDemo({
      dir: demoDir,
      signal: controller.signal,
      onError: (error) => statuses.set({ id: 'demo', label: 'demo', state: 'error', message: error.message }),
    });
    effective = { ...sourceOptions, files: [demoHandle.logDir] };
    sources = [createFileSource({ patterns: [demoHandle.logDir], fromStart: true, follow: true, usePolling: sourceOptions.pollFiles })];
    if (!validation && demoHandle.chain) validation = demoValidationRunner(demoHandle.chain);
  } else {
    const built = await buildSources(sourceOptions, { follow: true, orderByTime: true });
    if (built instanceof Error) {
      io.stderr.write(keptDiagnosticsNote(restoreDiagnostics()));
      return usageError(io, 'monitor', built.message);
    }
    sources = built;
  }

  const sinkOptions = {
    ...(effective.sinceMs !== undefined && { sinceMs: effective.sinceMs }),
    ...(effective.untilMs !== undefined && { untilMs: effective.untilMs }),
    parser: parserOptionsFrom(effective),
    onStatus: (status: SourceStatus) => statuses.set(status),
  };
  // History reads parse on other threads; the store sees the same events in the same order.
  const parallel =
    typeof parseThreads === 'number' && parseThreads > 0
      ? createParallelIngestSink(store, {
          ...sinkOptions,
          threads: parseThreads,
          startThread: startParseThread,
          ...LIVE_PARSE_THREADS,
          onThreadProblem: (message) => statuses.set({ id: 'parse-threads', label: 'parse threads', state: 'error', message }),
        })
      : null;
  const sink: IngestSink = parallel ?? createIngestSink(store, sinkOptions);
  store.start();
  // The names arrive while the monitor runs; until then (or when refused) the IDs show,
  // and the sources row says how the look-up went.
  const names = new NameBook();
  if (sourceOptions.resolveNames) {
    statuses.set({ id: NAMES_STATUS_ID, label: NAMES_LABEL, state: 'starting' });
    void lookUpDistributionNames(sourceOptions, controller.signal).then((found) => {
      names.set(found.names);
      statuses.set(found.status);
    });
  }
  const running = runSources(sources, sink, controller.signal).catch((error: unknown) => {
    statuses.set({ id: 'sources', label: 'sources', state: 'error', message: (error as Error).message });
  });

  const exportDir = resolve(values['export-dir'] ?? '.');
  const app = renderApp(
    {
      store,
      statuses,
      ...(validation && { validation }),
      exportSnapshot: (snapshot) => writeSnapshotExport(snapshot, exportDir, statuses.getSnapshot()),
      theme: themeResult.theme,
      themes: builtinThemes(io.env),
      alerts: {
        ...(typeof failureRate === 'number' && { failureRatePct: failureRate }),
        ...(typeof p99 === 'number' && { p99Ms: p99 }),
        ...(values['alert-on-change'] === true && { onChange: true }),
      },
      names,
      windows: MONITOR_WINDOWS,
      initialWindowMs: windowMs,
      onQuit: () => app.unmount(),
      bell: () => io.stdout.write('\x07'),
    },
    {
      ...(typeof fps === 'number' && { maxFps: fps }),
      incrementalRendering: requestedWriter(io.env) !== 'full',
      env: io.env,
    },
  );
  // Ink's own incremental writer works, at about 1.5x the bytes to the terminal: never silently.
  if (!app.cellDiff.active && process.stdout.isTTY) {
    console.warn(`tlstop: ${cellDiffStatus(io.env)}`);
    statuses.set({ id: 'terminal-writer', label: 'terminal writer', state: 'connected', note: true, message: cellDiffStatus(io.env) });
  }
  try {
    await app.waitUntilExit();
  } finally {
    // After q the process ends within 2 s, whatever still holds the event loop.
    exitWithin(2000, EXIT.ok);
    controller.abort();
    store.stop();
    await Promise.race([running, new Promise((r) => setTimeout(r, 2000).unref())]);
    // What the threads still hold goes to the store, and they stop (they never hold the process).
    await parallel?.finish();
    if (demoHandle) await Promise.race([demoHandle.done, new Promise((r) => setTimeout(r, 2000).unref())]);
    if (demoDir) await rm(demoDir, { recursive: true, force: true }).catch(() => {});
    forgetDemoDirCleanup();
    // The header named the log while the monitor ran; say where it is once the screen is gone.
    io.stderr.write(keptDiagnosticsNote(restoreDiagnostics()));
  }
  return EXIT.ok;
}
