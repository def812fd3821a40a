/**
 * The S3 source against the workaround a user has today, in the same run: `tlstop report --s3`
 * over 1,000 gzip JSON CloudFront connection-log objects served by moto_server behind a 20 ms
 * round-trip proxy, against `aws s3 sync` of the same prefix to a folder then
 * `tlstop report --file` of that folder; both reports must agree. Then Parquet (gzip codec)
 * against gzip JSON of the same records: records/s and bytes read. Every run is a cold process.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startLatencyProxy, type LatencyProxy } from '../test/helpers/latency-proxy.js';
import { motoAvailable, startMoto, TEST_CREDENTIALS } from '../test/helpers/moto.js';
import { uploadBenchObjects, type BenchObjects } from './s3-bench-objects.js';
import type { BenchSection } from './types.js';

const OBJECTS = Number(process.env.TLSTOP_BENCH_S3_OBJECTS ?? 1000);
const RECORDS = Number(process.env.TLSTOP_BENCH_S3_RECORDS_PER_OBJECT ?? 200);
const LATENCY_MS = Number(process.env.TLSTOP_BENCH_S3_LATENCY_MS ?? 20);
const RUNS = Number(process.env.TLSTOP_BENCH_S3_RUNS ?? 3);
const TITLE = 'Amazon S3 (`tlstop report --s3`)';
const root = join(import.meta.dirname, '..');
const work = join(import.meta.dirname, '.work', 's3');

/** The environment of every child: moto's test credentials, no shared config, no instance metadata. */
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** One timed child process, with what went through the proxy meanwhile. */
interface Run {
  seconds: number;
  stdout: string;
  bytes: number;
  requests: number;
}

async function timeChild(command: string, args: string[], proxy?: LatencyProxy): Promise<Run> {
  if (proxy) {
    proxy.requests.length = 0;
    proxy.responseBytes = 0;
  }
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: childEnv, cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  return { seconds, stdout, bytes: proxy?.responseBytes ?? 0, requests: proxy?.requests.length ?? 0 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const secs = (runs: Run[]): string => `${median(runs.map((r) => r.seconds)).toFixed(2)} s`;
const list = (runs: Run[]): string => runs.map((r) => r.seconds.toFixed(2)).join(', ');
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const report = (url: string, endpoint: string, extra: string[] = []): string[] => [
  'bin/tlstop.js',
  'report',
  '--s3',
  url,
  '--endpoint-url',
  endpoint,
  '--region',
  'us-east-1',
  '--json',
  ...extra,
];

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

interface ReportTotals {
  span: unknown;
  connections: { total: number };
  malformed: unknown;
  changesNotAnalysed: { lateEvents: number };
}

/**
 * The totals (span, connections by status and distribution with their handshake
 * percentiles, malformed lines) must be the same whichever way the objects were read.
 * Top lists are not compared: among ties the first seen wins, so they follow the read order.
 */
function checkSameTotals(label: string, reference: string, other: string, records: number): void {
  const a = JSON.parse(reference) as ReportTotals;
  const b = JSON.parse(other) as ReportTotals;
  if (b.connections.total !== records) throw new Error(`${label}: ${b.connections.total} connections in the report, ${records} uploaded`);
  for (const key of ['span', 'connections', 'malformed'] as const)
    if (canonical(a[key]) !== canonical(b[key]))
      throw new Error(`${label}: ${key} differs from report --s3 over gzip JSON: ${JSON.stringify(b[key]).slice(0, 500)}`);
}

/** JSON with object keys sorted: maps such as `byStatus` list their keys in the order first seen. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const lateEvents = (run: Run): number => (JSON.parse(run.stdout) as ReportTotals).changesNotAnalysed.lateEvents;

export default async function s3Bench(): Promise<BenchSection> {
  const missing = [
    motoAvailable() ? undefined : 'moto_server',
    spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0 ? undefined : 'aws (the AWS CLI)',
  ].filter(Boolean);
  if (missing.length > 0) {
    const markdown = `Skipped: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed (\`pip install "moto[server]" awscli\`).`;
    process.stderr.write(`bench: s3 ${markdown}\n`);
    return { title: TITLE, markdown };
  }
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const moto = await startMoto();
  const proxy = await startLatencyProxy(moto.endpoint, LATENCY_MS);
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true });
  try {
    const uploadStarted = Date.now();
    const data = await uploadBenchObjects(s3, OBJECTS, RECORDS);
    process.stderr.write(`bench: s3 uploaded ${data.objects} objects twice in ${((Date.now() - uploadStarted) / 1000).toFixed(1)} s\n`);
    return { title: TITLE, markdown: await measure(data, proxy, moto.endpoint) };
  } finally {
    s3.destroy();
    await proxy.close();
    await moto.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function measure(data: BenchObjects, proxy: LatencyProxy, direct: string): Promise<string> {
  const ours: Run[] = [];
  const sync: Run[] = [];
  const fromFiles: Run[] = [];
  // Interleaved, so that a drift of the machine hits both sides alike.
  for (let i = 0; i < RUNS; i += 1) {
    ours.push(await timeChild('node', report(data.jsonUrl, proxy.endpoint), proxy));
    const dir = join(work, `sync-${i}`);
    sync.push(await timeChild('aws', ['s3', 'sync', data.jsonUrl, dir, '--endpoint-url', proxy.endpoint, '--only-show-errors'], proxy));
    const copied = await countFiles(dir);
    if (copied !== data.objects) throw new Error(`aws s3 sync copied ${copied} of ${data.objects} objects`);
    fromFiles.push(await timeChild('node', ['bin/tlstop.js', 'report', '--file', dir, '--json']));
    await rm(dir, { recursive: true, force: true });
  }
  const sequential = [await timeChild('node', report(data.jsonUrl, proxy.endpoint, ['--s3-concurrency', '1']), proxy)];
  const parquetRuns: Run[] = [];
  for (let i = 0; i < RUNS; i += 1) parquetRuns.push(await timeChild('node', report(data.parquetUrl, proxy.endpoint), proxy));
  const jsonDirect: Run[] = [];
  const parquetDirect: Run[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    jsonDirect.push(await timeChild('node', report(data.jsonUrl, direct)));
    parquetDirect.push(await timeChild('node', report(data.parquetUrl, direct)));
  }

  const reference = ours[0]!.stdout;
  for (const [label, runs] of [
    ['report --s3', ours],
    ['report --file after aws s3 sync', fromFiles],
    ['report --s3 --s3-concurrency 1', sequential],
    ['report --s3 over Parquet', parquetRuns],
    ['report --s3 directly', jsonDirect],
    ['report --s3 over Parquet directly', parquetDirect],
  ] as const)
    for (const run of runs) checkSameTotals(label, reference, run.stdout, data.records);

  const syncTotal = sync.map((s, i) => ({ ...s, seconds: s.seconds + fromFiles[i]!.seconds }));
  const ratio = median(syncTotal.map((r) => r.seconds)) / median(ours.map((r) => r.seconds));
  const rate = (runs: Run[]): string => `${fmt(data.records / median(runs.map((r) => r.seconds)))} records/s`;
  const row = (what: string, runs: Run[], bytes = true, late = true): string =>
    `| ${what} | ${secs(runs)} | ${list(runs)} | ${bytes ? `${mb(runs[0]!.bytes)} in ${fmt(runs[0]!.requests)} requests` : 'local disk'} | ${late ? fmt(lateEvents(runs[0]!)) : ''} |`;
  return [
    `${fmt(data.objects)} objects of ${fmt(RECORDS)} CloudFront connection records each (${fmt(data.records)} records, ` +
      `${mb(data.uncompressedBytes)} of JSON lines, ${mb(data.jsonBytes)} gzip-compressed), filed as a vended delivery files them: ` +
      `\`AWSLogs/123456789012/CloudFront/{DistributionId}/{yyyy}/{MM}/{dd}/{HH}/\`, ${data.distributions} distributions over ${data.hours} hours. ` +
      `moto_server serves them behind a proxy on 127.0.0.1 that adds ${LATENCY_MS} ms to every request (a round trip to a region). ` +
      `Each run is a cold process (Node or Python start-up included); median of ${RUNS} runs, interleaved.`,
    '',
    '| Command | Median | Runs (s) | Through the proxy | Late events |',
    '|---|---:|---|---|---:|',
    row('`tlstop report --s3 … --json` (default `--s3-concurrency` 8)', ours),
    row('`tlstop report --s3 … --s3-concurrency 1` (reference, one run)', sequential),
    row('Baseline: `aws s3 sync s3://… DIR` (AWS CLI v1, its default 10 requests at once)', sync, true, false),
    row('Baseline: then `tlstop report --file DIR --json`', fromFiles, false),
    `| **Baseline total: sync, then report --file** | **${secs(syncTotal)}** | ${list(syncTotal)} | | |`,
    '',
    `**\`report --s3\` takes ${(1 / ratio).toFixed(2)}x the time of \`aws s3 sync\` + \`report --file\`** (${rate(ours)} against ${rate(syncTotal)}), ` +
      `and leaves no copy on disk. Every report of every run here had the same totals (${fmt(data.records)} connections, by status and ` +
      "distribution, handshake percentiles, malformed lines). *Late events* is the report's `changesNotAnalysed.lateEvents`: events that " +
      'reached the change detector more than its lag after a later one (the read order, not the totals).',
    '',
    `**Parquet against gzip JSON, the same records.** Parquet as AWS writes it for VPC Flow Logs ("Parquet format with Gzip compression"; ` +
      `CloudFront does not document its codec), one row group per object, read by byte ranges (footer, then the row group).`,
    '',
    '| Format | Object bytes | Through the proxy | Behind the proxy (median) | Directly on 127.0.0.1 (median) | Late events |',
    '|---|---:|---|---:|---:|---:|',
    `| gzip JSON lines (baseline) | ${mb(data.jsonBytes)} | ${mb(ours[0]!.bytes)} in ${fmt(ours[0]!.requests)} requests | ${secs(ours)}, ${rate(ours)} | ${secs(jsonDirect)}, ${rate(jsonDirect)} | ${fmt(lateEvents(ours[0]!))} |`,
    `| Parquet, gzip codec | ${mb(data.parquetBytes)} (${((100 * data.parquetBytes) / data.jsonBytes).toFixed(0)} %) | ${mb(parquetRuns[0]!.bytes)} in ${fmt(parquetRuns[0]!.requests)} requests | ${secs(parquetRuns)}, ${rate(parquetRuns)} | ${secs(parquetDirect)}, ${rate(parquetDirect)} | ${fmt(lateEvents(parquetRuns[0]!))} |`,
    '',
    'Bytes through the proxy are response bodies (objects and listings), counted by test/helpers/latency-proxy.ts. ' +
      'Directly on 127.0.0.1 the ceiling is moto_server (one Python process) and the 2 cores it shares with tlstop, so the figures there compare decoding costs more than networks.',
  ].join('\n');
}
