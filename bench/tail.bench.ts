/**
 * Local file source throughput and latency, each against a baseline measured in the same
 * run: whole-file reading (plain and gzip) against Node's `readline`, following a file
 * being appended against reading the finished file once, and the delay from an append
 * to its line against the raw `fs.watch` notification.
 */
import { createReadStream, watch } from 'node:fs';
import { appendFile, mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGzip, createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { createFileSource, readFileLines } from '../src/sources/files/index.js';
import type { LineBatch, SourceSink } from '../src/sources/types.js';
import type { BenchSection } from './types.js';

const LINES = Number(process.env.TLSTOP_BENCH_TAIL_LINES ?? 1_000_000);
const work = join(import.meta.dirname, '.work', 'tail');

const line = (i: number): string =>
  `2026-11-24T06:00:00Z\t203.0.113.${i % 256}\tE2EXAMPLE\tconnected\tTLSv1.3\tTLS_AES_128_GCM_SHA256\t${i}\n`;

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function writeData(path: string): Promise<void> {
  const out = await open(path, 'w');
  for (let i = 0; i < LINES; i += 10_000) {
    let text = '';
    for (let j = i; j < Math.min(LINES, i + 10_000); j += 1) text += line(j);
    await out.write(text);
  }
  await out.close();
}

async function readlineCount(path: string, gzip: boolean): Promise<number> {
  const input = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  let n = 0;
  for await (const _ of createInterface({ input, crlfDelay: Infinity })) n += 1;
  return n;
}

async function oursCount(path: string): Promise<number> {
  let n = 0;
  await readFileLines(path, (lines) => (n += lines.length), new AbortController().signal);
  return n;
}

async function best<T>(runs: number, fn: () => Promise<T>): Promise<{ s: number; value: T }> {
  let bestS = Infinity;
  let value: T | undefined;
  for (let i = 0; i < runs; i += 1) {
    const t = process.hrtime.bigint();
    value = await fn();
    bestS = Math.min(bestS, seconds(t));
  }
  return { s: bestS, value: value as T };
}

/** Follow a file while a writer appends every line in 1,000-line writes as fast as it can. */
async function followWhileWriting(path: string): Promise<{ s: number; received: number }> {
  await writeFile(path, '');
  let received = 0;
  const sink: SourceSink = { lines: (b: LineBatch) => (received += b.lines.length), status: () => undefined };
  const controller = new AbortController();
  const running = createFileSource({ patterns: [path] }).run(sink, controller.signal);
  await new Promise((r) => setTimeout(r, 300));
  const t = process.hrtime.bigint();
  const out = await open(path, 'a');
  for (let i = 0; i < LINES; i += 1000) {
    let text = '';
    for (let j = i; j < Math.min(LINES, i + 1000); j += 1) text += line(j);
    await out.write(text);
  }
  await out.close();
  while (received < LINES) await new Promise((r) => setTimeout(r, 1));
  const s = seconds(t);
  controller.abort();
  await running;
  return { s, received };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Append one line at a time; how long until it is delivered (ours) or notified (fs.watch). */
async function appendLatency(path: string, samples: number): Promise<{ oursMs: number; watchMs: number }> {
  await writeFile(path, '');
  let resolveLine: (() => void) | undefined;
  const sink: SourceSink = { lines: () => resolveLine?.(), status: () => undefined };
  const controller = new AbortController();
  const running = createFileSource({ patterns: [path] }).run(sink, controller.signal);
  await new Promise((r) => setTimeout(r, 300));
  const ours: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const got = new Promise<void>((r) => (resolveLine = r));
    const t = process.hrtime.bigint();
    await appendFile(path, line(i));
    await got;
    ours.push(seconds(t) * 1000);
    await new Promise((r) => setTimeout(r, 20));
  }
  controller.abort();
  await running;

  const raw: number[] = [];
  let resolveWatch: (() => void) | undefined;
  const watcher = watch(path, () => resolveWatch?.());
  for (let i = 0; i < samples; i += 1) {
    const got = new Promise<void>((r) => (resolveWatch = r));
    const t = process.hrtime.bigint();
    await appendFile(path, line(i));
    await got;
    raw.push(seconds(t) * 1000);
    await new Promise((r) => setTimeout(r, 20));
  }
  watcher.close();
  return { oursMs: median(ours), watchMs: median(raw) };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export default async function tailBench(): Promise<BenchSection> {
  await mkdir(work, { recursive: true });
  const plain = join(work, 'lines.log');
  const gz = join(work, 'lines.log.gz');
  await writeData(plain);
  await pipeline(createReadStream(plain), createGzip(), (await open(gz, 'w')).createWriteStream());
  const mb = (await stat(plain)).size / 2 ** 20;

  await oursCount(plain); // warm-up
  const oursPlain = await best(3, () => oursCount(plain));
  const basePlain = await best(3, () => readlineCount(plain, false));
  const oursGz = await best(2, () => oursCount(gz));
  const baseGz = await best(2, () => readlineCount(gz, true));
  const followed = await followWhileWriting(join(work, 'follow.log'));
  const latency = await appendLatency(join(work, 'latency.log'), 30);
  await rm(work, { recursive: true, force: true });

  const rate = (n: number, s: number): string => `${fmt(n / s)} lines/s (${(mb / s).toFixed(0)} MiB/s)`;
  const markdown = [
    `${fmt(LINES)} lines of ${((mb * 2 ** 20) / LINES).toFixed(0)} bytes (${mb.toFixed(0)} MiB), best of several runs, one thread.`,
    '',
    '| Case | tlstop file source | Baseline (same run) | Ratio |',
    '| --- | --- | --- | --- |',
    `| Read whole plain file | ${rate(oursPlain.value, oursPlain.s)} | readline: ${rate(basePlain.value, basePlain.s)} | ${(basePlain.s / oursPlain.s).toFixed(2)}x |`,
    `| Read whole gzip file | ${rate(oursGz.value, oursGz.s)} | readline + gunzip: ${rate(baseGz.value, baseGz.s)} | ${(baseGz.s / oursGz.s).toFixed(2)}x |`,
    `| Follow while a writer appends (until the last line arrives) | ${rate(followed.received, followed.s)} | read the finished file once: ${rate(oursPlain.value, oursPlain.s)} | ${(oursPlain.s / followed.s).toFixed(2)}x |`,
    `| Append to delivery, median of 30 single-line appends | ${latency.oursMs.toFixed(1)} ms | fs.watch notification: ${latency.watchMs.toFixed(1)} ms | +${(latency.oursMs - latency.watchMs).toFixed(1)} ms |`,
    '',
    'Ratio above 1 means tlstop is faster than the baseline. Following includes the writer itself, which shares the thread.',
  ].join('\n');
  return { title: 'Local files: read and follow', markdown };
}
