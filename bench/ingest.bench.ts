/**
 * Ingest throughput: parse + aggregate, records per second, on generated files of
 * 1,000,000 records each, against a naive baseline (readline + JSON.parse + a Map of
 * counts) over the same file in the same run: tlstop on one thread, and with the parse
 * threads `tlstop report` starts by default. Runs alternate and each figure is the median
 * of REPEATS, since a shared machine's speed drifts by a third within minutes.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type * as Aggregation from '../src/aggregation/index.js';
import type * as Parsers from '../src/parsers/index.js';
import type * as Pipeline from '../src/pipeline/ingest-sink.js';
import type * as Files from '../src/sources/files/index.js';
import type * as Parallel from '../src/pipeline/parse-threads/parallel-ingest-sink.js';
import type * as Threads from '../src/pipeline/parse-threads/start-parse-thread.js';
import type * as ParseThreadsOption from '../src/cli/parse-threads-option.js';
import { lastConnectionTimeMs, writeConnectionJson, writeConnectionW3c, writeFirewall } from './ingest-data.js';
import type { BenchSection } from './types.js';

// The compiled modules (bench/run.ts builds dist/ first): what users run.
const dist = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { createReportAggregator, createStore } = (await dist('aggregation/index.js')) as typeof Aggregation;
const { createLineParser } = (await dist('parsers/index.js')) as typeof Parsers;
const { createIngestSink } = (await dist('pipeline/ingest-sink.js')) as typeof Pipeline;
const { createFileSource, readFileLines } = (await dist('sources/files/index.js')) as typeof Files;
const { createParallelIngestSink } = (await dist('pipeline/parse-threads/parallel-ingest-sink.js')) as typeof Parallel;
const { defaultParseThreads, startParseThread } = (await dist('pipeline/parse-threads/start-parse-thread.js')) as typeof Threads;
const { LIVE_PARSE_THREADS } = (await dist('cli/parse-threads-option.js')) as typeof ParseThreadsOption;

const RECORDS = Number(process.env.TLSTOP_BENCH_RECORDS ?? 1_000_000);
const IN_MEMORY_LINES = Math.min(RECORDS, 300_000);
const REPEATS = Number(process.env.TLSTOP_BENCH_REPEATS ?? 3);
/** Parse threads of the parallel runs: `report`'s default here, at least 1. */
const THREADS = Math.max(1, defaultParseThreads());
const work = join(import.meta.dirname, '.work');

/** CPU seconds (user + system, every thread of the process) since `from`. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

async function naiveBaseline(path: string): Promise<{ seconds: number; cpuSeconds: number; records: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const counts = new Map<string, number>();
  let records = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    const key = String((record.connectionStatus ?? (record.event as { tls_error?: unknown })?.tls_error) ? 'tls_error' : 'other');
    counts.set(key, (counts.get(key) ?? 0) + 1);
    records++;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpuSince(cpu), records };
}

/**
 * The real path: file source (read once) -> ingest sink (per-origin parser; with
 * `threads`, the parallel sink of `report`) -> whole-span aggregator.
 */
async function tlstopFromFile(
  path: string,
  threads = 0,
): Promise<{ seconds: number; cpuSeconds: number; records: number; malformed: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const aggregator = createReportAggregator();
  const parallel = threads > 0 ? createParallelIngestSink(aggregator, { threads, startThread: startParseThread }) : null;
  const sink = parallel ?? createIngestSink(aggregator);
  await createFileSource({ patterns: [path], fromStart: true, follow: false }).run(sink, new AbortController().signal);
  await parallel?.finish();
  aggregator.flush();
  aggregator.select();
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: cpuSince(cpu),
    records: sink.counts.events,
    malformed: sink.counts.malformed,
  };
}

/**
 * The monitor reading the same file as history (`--from-start`), as it does: the file
 * source following the file -> the monitor's sink (one thread, or the parallel sink with
 * the monitor's live options) -> the live store with the monitor's options (15-minute
 * window, 2 h of history, change detector), its clock at the file's last event so every
 * record is in the window. Timed until the store holds all `records` (polled every 10 ms).
 */
async function monitorHistoryFromFile(path: string, records: number, threads = 0): Promise<{ seconds: number; records: number }> {
  const started = process.hrtime.bigint();
  const end = lastConnectionTimeMs(RECORDS);
  const store = createStore({ clock: () => end, historyMs: 2 * 60 * 60_000, notifyIntervalMs: 1e9 });
  const parallel = threads > 0 ? createParallelIngestSink(store, { threads, startThread: startParseThread, ...LIVE_PARSE_THREADS }) : null;
  const sink = parallel ?? createIngestSink(store);
  const controller = new AbortController();
  const following = createFileSource({ patterns: [path], fromStart: true, follow: true }).run(sink, controller.signal);
  while (sink.counts.events < records) await new Promise((r) => setTimeout(r, 10));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  controller.abort();
  await following;
  await parallel?.finish();
  store.select();
  return { seconds, records: sink.counts.events };
}

/** CPU only: lines already in memory, parse + aggregate (where the time goes without I/O). */
async function tlstopInMemory(path: string): Promise<{ parseSeconds: number; aggregateSeconds: number; records: number }> {
  // The first IN_MEMORY_LINES lines (a whole 1M-record file does not fit in one JS string).
  const lines: string[] = [];
  const controller = new AbortController();
  await readFileLines(
    path,
    (batch) => {
      for (const line of batch) if (lines.length < IN_MEMORY_LINES) lines.push(line);
      if (lines.length >= IN_MEMORY_LINES) controller.abort();
    },
    controller.signal,
  ).catch(() => {});
  // Parse only: events are dropped at once, as the streaming path drops them after ingest.
  let parser = createLineParser();
  let records = 0;
  let t = process.hrtime.bigint();
  for (const line of lines) if (parser.parse(line).type === 'event') records++;
  const parseSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  // Aggregate only: parse 10,000 lines (not timed), then time their ingest; never more
  // than one chunk of events alive, so GC pressure stays that of the real path.
  parser = createLineParser();
  const aggregator = createReportAggregator();
  let aggregateNs = 0n;
  for (let from = 0; from < lines.length; from += 10_000) {
    const events = [];
    for (const line of lines.slice(from, from + 10_000)) {
      const outcome = parser.parse(line);
      if (outcome.type === 'event') events.push(outcome.event);
    }
    t = process.hrtime.bigint();
    for (const event of events) aggregator.ingest(event, path);
    aggregateNs += process.hrtime.bigint() - t;
  }
  t = process.hrtime.bigint();
  aggregator.flush();
  aggregator.select();
  aggregateNs += process.hrtime.bigint() - t;
  return { parseSeconds, aggregateSeconds: Number(aggregateNs) / 1e9, records };
}

/** The monitor's history read of `path`, one thread against parse threads, medians of alternating rounds. */
async function monitorHistoryRow(path: string, records: number): Promise<string> {
  await monitorHistoryFromFile(path, records);
  const one: number[] = [];
  const many: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const single = await monitorHistoryFromFile(path, records);
    const threaded = await monitorHistoryFromFile(path, records, THREADS);
    if (threaded.records !== single.records) throw new Error(`monitor history: threads ${threaded.records}, one thread ${single.records}`);
    one.push(single.records / single.seconds);
    many.push(threaded.records / threaded.seconds);
  }
  return `| CloudFront JSON | ${fmt(RECORDS)} | ${fmt(median(one))} | ${fmt(median(many))} | ${(median(many) / median(one)).toFixed(2)}x |`;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function ingestBench(): Promise<BenchSection> {
  await mkdir(work, { recursive: true });
  const loadAtStart = loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
  const cases = [
    { name: 'CloudFront JSON', file: join(work, 'connections.jsonl'), write: writeConnectionJson, baseline: true },
    { name: 'CloudFront W3C', file: join(work, 'connections-w3c.log'), write: writeConnectionW3c, baseline: false },
    { name: 'Firewall TLS JSON', file: join(work, 'firewall.jsonl'), write: writeFirewall, baseline: true },
  ];
  const rows: string[] = [];
  const cpuRows: string[] = [];
  const historyRows: string[] = [];
  for (const c of cases) {
    await c.write(c.file, RECORDS);
    const size = (await stat(c.file)).size;
    // Warm-up on the same file (JIT), then the measured runs, alternating.
    await tlstopFromFile(c.file);
    await tlstopFromFile(c.file, THREADS);
    const one = { rate: [] as number[], cpuRate: [] as number[] };
    const many = { rate: [] as number[], cpuRate: [] as number[] };
    const naive = { rate: [] as number[], cpuRate: [] as number[] };
    let records = 0;
    for (let r = 0; r < REPEATS; r++) {
      const single = await tlstopFromFile(c.file);
      const threaded = await tlstopFromFile(c.file, THREADS);
      if (threaded.records !== single.records || threaded.malformed !== single.malformed) {
        throw new Error(
          `parse threads counted ${threaded.records}/${threaded.malformed}, one thread ${single.records}/${single.malformed}`,
        );
      }
      records = single.records;
      one.rate.push(single.records / single.seconds);
      one.cpuRate.push(single.records / single.cpuSeconds);
      many.rate.push(threaded.records / threaded.seconds);
      many.cpuRate.push(threaded.records / threaded.cpuSeconds);
      const base = c.baseline ? await naiveBaseline(c.file) : null;
      if (base) {
        naive.rate.push(base.records / base.seconds);
        naive.cpuRate.push(base.records / base.cpuSeconds);
      }
    }
    const baseRate = c.baseline ? median(naive.rate) : null;
    const best = Math.max(median(one.rate), median(many.rate));
    rows.push(
      `| ${c.name} | ${fmt(records)} | ${(size / 1e6).toFixed(0)} MB | ${fmt(median(one.rate))} | ${fmt(median(many.rate))} | ${baseRate ? fmt(baseRate) : 'n/a (not JSON)'} | ${baseRate ? (best / baseRate).toFixed(2) + 'x' : '-'} | ${fmt(median(one.cpuRate))} | ${fmt(median(many.cpuRate))} | ${c.baseline ? fmt(median(naive.cpuRate)) : '-'} |`,
    );
    if (c.name === 'CloudFront JSON') historyRows.push(await monitorHistoryRow(c.file, records));
    const cpu = await tlstopInMemory(c.file);
    cpuRows.push(
      `| ${c.name} | ${fmt(cpu.records / cpu.parseSeconds)} | ${fmt(cpu.records / cpu.aggregateSeconds)} | ${fmt(cpu.records / (cpu.parseSeconds + cpu.aggregateSeconds))} |`,
    );
    await rm(c.file, { force: true });
  }
  return {
    title: 'Ingest throughput (parse + aggregate)',
    markdown: [
      `${fmt(RECORDS)} generated records per format, read from a file on local disk, compiled package (dist/) with NODE_ENV=production. "tlstop" is the real path: file source (read once, streaming) -> per-origin line parser -> whole-span aggregation store (DDSketch percentiles, per-distribution groups, top-N tables, expiring certificates), on one thread, and with ${THREADS} parse thread${THREADS > 1 ? 's' : ''} beside it (\`report\`'s default on this machine: the parallel ingest sink, the same counts, checked on every run). The baseline is \`readline\` + \`JSON.parse\` + a \`Map\` of counts over the same file, in the same run. All after one warm-up pass over the file; then ${REPEATS} rounds of the three, one after another, and each figure is the median of its ${REPEATS}.`,
      '',
      `Load average when the section started: ${loadAtStart}. Records per CPU second count the CPU time of every thread of the process (user + system): parse threads add the cost of handing lines and events across, so they lower it while they raise records/s. "ratio" is the faster tlstop against the baseline.`,
      '',
      `| format | records | file | tlstop 1 thread records/s | tlstop + ${THREADS} parse thread${THREADS > 1 ? 's' : ''} records/s | naive baseline records/s | ratio | tlstop 1 thread records/CPU s | tlstop + threads records/CPU s | baseline records/CPU s |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Where the time goes (the first ${fmt(IN_MEMORY_LINES)} lines already in memory, no I/O):`,
      '',
      '| format | parse only records/s | aggregate only records/s | parse + aggregate records/s |',
      '|---|---:|---:|---:|',
      ...cpuRows,
      '',
      `The monitor reading the same file as history (\`--from-start\`): the live store with the monitor's options (15-minute window, 2 h of history, the change detector; its clock at the last record, so every record is in the window), following the file as the monitor does, on one thread (\`--parse-threads 0\`) and with ${THREADS} parse thread${THREADS > 1 ? 's' : ''} (the monitor's default here), medians of ${REPEATS} alternating rounds:`,
      '',
      '| format | records | monitor store, 1 thread records/s | with parse threads records/s | ratio |',
      '|---|---:|---:|---:|---:|',
      ...historyRows,
    ].join('\n'),
  };
}
