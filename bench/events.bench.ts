/**
 * `tlstop events --json` as a script runs it: the real binary over a file of 1,000,000
 * CloudFront JSON records, its output to /dev/null and to a pipe this process drains,
 * against what a user would pick instead in the same run: `jq -c .` (when installed) and
 * a bare Node loop (readline + JSON.parse + JSON.stringify + a write per line). With
 * `TLSTOP_BENCH_BEFORE=DIR`, an older build (a git worktree with `npm run build` done
 * there) alternates with this one. Medians of REPEATS alternating rounds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { commitOf } from './build-label.js';
import { writeConnectionJson } from './ingest-data.js';
import type { BenchSection } from './types.js';

const root = join(import.meta.dirname, '..');
const work = join(import.meta.dirname, '.work');
const RECORDS = Number(process.env.TLSTOP_BENCH_RECORDS ?? 1_000_000);
const REPEATS = Number(process.env.TLSTOP_BENCH_REPEATS ?? 3);

const NAIVE = `
const { createInterface } = require('node:readline');
const { createReadStream } = require('node:fs');
const lines = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity });
lines.on('line', (line) => { if (line) process.stdout.write(JSON.stringify(JSON.parse(line)) + '\\n'); });
`;

interface Contender {
  label: string;
  command: string;
  args: (file: string) => string[];
}

/** Seconds the command took, and the bytes it wrote, with stdout to /dev/null or to a pipe drained here. */
function run(c: Contender, file: string, to: 'null' | 'pipe'): Promise<{ seconds: number; bytes: number }> {
  const started = process.hrtime.bigint();
  const devNull = to === 'null' ? openSync('/dev/null', 'w') : null;
  const child = spawn(c.command, c.args(file), {
    stdio: ['ignore', devNull ?? 'pipe', 'ignore'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let bytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => (bytes += chunk.length));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (devNull !== null) closeSync(devNull);
      if (code !== 0) reject(new Error(`${c.label} exited with ${code}`));
      else resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes });
    });
  });
}

/** The peak resident memory of a process so far (VmHWM), in MB; null once it is gone. */
function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** Peak RSS of the command with its stdout into `jq -c .outcome`, a reader slower than tlstop (read every 100 ms until it ends). */
function peakIntoJq(c: Contender, file: string): Promise<number> {
  const child = spawn(c.command, c.args(file), { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NODE_ENV: 'production' } });
  const jq = spawn('jq', ['-c', '.outcome'], { stdio: [child.stdout, 'ignore', 'ignore'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!) ?? 0)), 100);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    jq.on('close', () => {
      clearInterval(timer);
      resolve(peak);
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function eventsBench(): Promise<BenchSection> {
  await mkdir(work, { recursive: true });
  const file = join(work, 'events-cloudfront.jsonl');
  const naive = join(work, 'events-naive.cjs');
  await writeConnectionJson(file, RECORDS);
  await writeFile(naive, NAIVE);
  const tlstop = (dir: string) => ({
    command: process.execPath,
    args: (f: string) => [join(dir, 'bin/tlstop.js'), 'events', '--file', f, '--json'],
  });
  const contenders: Contender[] = [{ label: 'tlstop events --json', ...tlstop(root) }];
  const before = process.env.TLSTOP_BENCH_BEFORE;
  if (before) contenders.push({ label: `tlstop events --json (before: ${commitOf(before)})`, ...tlstop(before) });
  contenders.push({
    label: 'bare Node loop (readline + JSON.parse + JSON.stringify + a write per line)',
    command: process.execPath,
    args: (f) => [naive, f],
  });
  const hasJq = spawnSync('jq', ['--version']).status === 0;
  if (hasJq) contenders.push({ label: '`jq -c .`', command: 'jq', args: (f) => ['-c', '.', f] });
  const loadAtStart = loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
  try {
    const rates = contenders.map(() => ({ null: [] as number[], pipe: [] as number[] }));
    let tlstopBytes = 0;
    // One warm-up of each (page cache, compile cache), then alternating rounds.
    for (const c of contenders) await run(c, file, 'null');
    for (let r = 0; r < REPEATS; r++) {
      for (const [i, c] of contenders.entries()) {
        for (const to of ['null', 'pipe'] as const) {
          const got = await run(c, file, to);
          rates[i]![to].push(RECORDS / got.seconds);
          if (i === 0 && to === 'pipe') tlstopBytes = got.bytes;
        }
      }
    }
    // Memory with a slow reader: this build and the one before (jq's own row has nothing to say here).
    const peaks = contenders.map(() => [] as number[]);
    if (hasJq) {
      for (let r = 0; r < REPEATS; r++) {
        for (const [i, c] of contenders.entries()) if (c.label.startsWith('tlstop')) peaks[i]!.push(await peakIntoJq(c, file));
      }
    }
    const peakCell = (i: number) => (peaks[i]!.length > 0 ? `${fmt(median(peaks[i]!))} MB` : '-');
    const rows = contenders.map(
      (c, i) => `| ${c.label} | ${fmt(median(rates[i]!.null))} | ${fmt(median(rates[i]!.pipe))} | ${peakCell(i)} |`,
    );
    return {
      title: 'Events output (`tlstop events --json`)',
      markdown: [
        `${fmt(RECORDS)} generated CloudFront JSON records (the ingest file), each printed as one JSON line (${(tlstopBytes / 1e6).toFixed(0)} MB from tlstop); the real binary, its stdout to /dev/null and to a pipe the bench drains, records/s, medians of ${REPEATS} alternating rounds after one warm-up each; and its peak RSS (VmHWM, read every 100 ms) with its stdout into \`jq -c .outcome\`, a reader slower than tlstop, median of ${REPEATS}. Load average when the section started: ${loadAtStart}.`,
        '',
        '| command | to /dev/null records/s | to a pipe records/s | peak RSS into `jq -c .outcome` |',
        '|---|---:|---:|---:|',
        ...rows,
        '',
        ...(hasJq ? [] : ['jq is not installed here: its row is left out.', '']),
        'The bare loop prints what JSON.parse gave back; tlstop prints the normalised event (outcome, failure code, parsed certificate validity) with every control character escaped.',
      ].join('\n'),
    };
  } finally {
    await rm(file, { force: true });
    await rm(naive, { force: true });
  }
}
