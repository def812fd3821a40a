/**
 * The whole monitor as a user runs it: the real binary in a real terminal (tmux) of 80x24
 * (one pane and a strip on screen) and of 200x50 (every pane), tailing a file, on an empty
 * window and on a full 15-minute one. Measures process CPU when idle and at 5,000
 * events/s sustained, and the bytes written to the terminal per second; the baseline is
 * `tail -F` of the same file at the same rate (the least any follower can cost), in the
 * same run.
 *
 * `TLSTOP_BENCH_BEFORE=DIR` also measures the build in DIR (a git worktree of an older
 * commit with `npm run build` done there), at both sizes and in the same run, so a change
 * can be judged against its starting point under the same load on the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSection } from './types.js';

const root = join(import.meta.dirname, '..');
const RATE = 5000;
const PHASE_S = 20;
const CLOCK_TICKS = 100; // USER_HZ on Linux
/** The history a full window is made of: what a monitor running for 15 minutes holds (the default window). */
const HISTORY_MS = 15 * 60_000;
/** Records per second of that history: every per-second bucket and every group is there, at a readable size. */
const HISTORY_RATE = 50;
/** Whether the monitor starts on an empty window (only the writer's events) or on a full one (read with --from-start). */
const SCENARIOS = [
  { label: 'empty at start', history: false },
  { label: '15 min full', history: true },
] as const;
/** Terminal sizes measured: the smallest supported (focus mode) and a large grid. */
const SIZES: ReadonlyArray<readonly [number, number]> = [
  [80, 24],
  [200, 50],
];

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function measureCpu(pid: number, seconds: number): Promise<number> {
  const before = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return (cpuSeconds(pid) - before) / seconds;
}

/** Record `i` of the stream, at time `t`: one CloudFront JSON line (self-contained: the writer process runs its source). */
function record(i: number, t: number): string {
  const statuses = ['Success', 'Success', 'Success', 'Success', 'Success', 'Success', 'Success', 'Success', 'Success'];
  statuses.push('Failed:ClientCertUntrusted', 'Failed:TcpTimeout');
  return (
    JSON.stringify({
      eventTimestamp: t,
      connectionId: 'c' + i,
      connectionStatus: statuses[i % statuses.length],
      clientIp: '10.0.' + (i % 200) + '.' + (i % 250),
      clientPort: 40000 + (i % 9999),
      serverIp: '99.84.71.136',
      distributionId: 'EDIST' + (i % 12),
      tlsProtocol: 'TLSv1.3',
      tlsCipher: 'TLS_AES_128_GCM_SHA256',
      tlsHandshakeDuration: 20 + ((i * 7919) % 300),
      tlsSni: 'd111111abcdef8.cloudfront.net',
      clientLeafCertSubject: 'C=US, O=Example, CN=client' + (i % 500) + '.test.mtls.net',
      clientLeafCertIssuer: 'C=US, O=Example, CN=test.mtls.net',
      clientLeafCertSerialNumber: '00:b1:' + (i % 500),
      clientLeafCertValidity: 'NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z',
    }) + '\n'
  );
}

/** A separate process appending `rate` CloudFront JSON records per second to `path`. */
function startWriter(path: string, rate: number): ChildProcess {
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(${JSON.stringify(path)}, 'a');
    const record = ${record.toString()};
    let i = 0;
    setInterval(() => {
      let chunk = '';
      for (let n = 0; n < ${rate / 10}; n++, i++) chunk += record(i, Date.now());
      fs.writeSync(fd, chunk);
    }, 100);`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

/** The last `HISTORY_MS` of the stream at `HISTORY_RATE` records/s, ending now: a window full of buckets. */
function history(): string {
  const now = Date.now();
  const lines: string[] = [];
  const n = (HISTORY_MS / 1000) * HISTORY_RATE;
  for (let i = 0; i < n; i++) lines.push(record(i, now - HISTORY_MS + Math.floor((i * 1000) / HISTORY_RATE)));
  return lines.join('');
}

function tmux(socket: string, ...args: string[]): string {
  return spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' }).stdout.trim();
}

/** Whether a process's `comm` is `name` (Node 26 names its main thread, and so the process, `node-MainThread`). */
function named(comm: string, name: string): boolean {
  return comm === name || comm.startsWith(`${name}-`);
}

function descendantNamed(pid: number, name: string): number | null {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .map(Number);
  for (const child of children) {
    const comm = readFileSync(`/proc/${child}/comm`, 'utf8').trim();
    if (named(comm, name)) return child;
    const deeper = descendantNamed(child, name);
    if (deeper) return deeper;
  }
  return null;
}

let runs = 0;

async function runInTmux(command: string, logFile: string, bytesFile: string, processName: string, size: readonly [number, number]) {
  // A server of its own per run: reusing one name races the previous server's shutdown.
  const socket = `tlstop-bench-${process.pid}-${++runs}`;
  tmux(socket, 'new-session', '-d', '-x', String(size[0]), '-y', String(size[1]), command);
  try {
    tmux(socket, 'pipe-pane', '-o', `cat >> ${bytesFile}`);
    const shellPid = Number(tmux(socket, 'list-panes', '-F', '#{pane_pid}'));
    let pid: number | null = null;
    // Up to 20 s: on a loaded machine a process can take seconds to start.
    for (let i = 0; i < 200 && !pid; i++) {
      pid = named(readFileSync(`/proc/${shellPid}/comm`, 'utf8').trim(), processName) ? shellPid : descendantNamed(shellPid, processName);
      if (!pid) await new Promise((r) => setTimeout(r, 100));
    }
    if (!pid) throw new Error(`${processName} did not start under tmux`);
    // Start-up, first frames, and the 10 s after the last change during which the clock shows seconds.
    await new Promise((r) => setTimeout(r, 15_000));
    const idle = await measureCpu(pid, PHASE_S);
    const writer = startWriter(logFile, RATE);
    await new Promise((r) => setTimeout(r, 3000)); // reach steady state
    const bytesBefore = (await stat(bytesFile)).size;
    const loaded = await measureCpu(pid, PHASE_S);
    const bytesPerSec = ((await stat(bytesFile)).size - bytesBefore) / PHASE_S;
    writer.kill();
    return { idle, loaded, bytesPerSec };
  } finally {
    tmux(socket, 'kill-server');
    // tmux 3.3 leaves the socket file behind.
    rmSync(join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  }
}

/** One build of tlstop to measure: a label and the checkout whose bin/tlstop.js runs. */
interface Build {
  label: string;
  dir: string;
}

export default async function monitorCpuBench(): Promise<BenchSection> {
  const title = 'Monitor CPU and terminal output (real binary, 80x24 and 200x50 tmux terminals)';
  if (spawnSync('tmux', ['-V']).status !== 0) return { title, markdown: 'Skipped: tmux is not installed.' };
  const before = process.env.TLSTOP_BENCH_BEFORE;
  const builds: Build[] = [{ label: before ? 'tlstop monitor (this build)' : 'tlstop monitor', dir: root }];
  if (before) builds.push({ label: `tlstop monitor (before: ${commitOf(before)})`, dir: before });
  const dir = await mkdtemp(join(tmpdir(), 'tlstop-bench-cpu-'));
  try {
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    const kb = (v: number) => `${(v / 1024).toFixed(1)} KB/s`;
    const rows: string[] = [];
    let n = 0;
    // Builds innermost, alternating, so a slow minute on the machine hits both builds.
    for (const scenario of SCENARIOS) {
      for (const size of SIZES) {
        for (const build of builds) {
          const log = join(dir, `log-${++n}.jsonl`);
          await writeFile(log, scenario.history ? history() : '');
          const command = `node ${join(build.dir, 'bin', 'tlstop.js')} --file ${log}${scenario.history ? ' --from-start' : ''}`;
          process.stderr.write(`bench: monitor-cpu ${build.label} at ${size[0]}x${size[1]}, window ${scenario.label} ...\n`);
          const r = await runInTmux(command, log, join(dir, `bytes-${n}`), 'node', size);
          await rm(log, { force: true });
          rows.push(
            `| ${build.label} | ${size[0]}x${size[1]} | ${scenario.label} | ${pct(r.idle)} | ${pct(r.loaded)} | ${kb(r.bytesPerSec)} |`,
          );
        }
      }
    }
    const log = join(dir, 'tail.jsonl');
    await writeFile(log, '');
    const base = await runInTmux(`tail -F ${log} > /dev/null`, log, join(dir, 'bytes-tail'), 'tail', SIZES[SIZES.length - 1]!);
    return {
      title,
      markdown: [
        `\`node bin/tlstop.js --file FILE\` in a tmux pane of each size; a separate writer process appends ${RATE.toLocaleString('en-US')} CloudFront JSON records/s to FILE in 100 ms batches. The window (15 min) is either empty at start (FILE starts empty: the window holds the last few seconds), or full: FILE starts with the last 15 minutes at ${HISTORY_RATE} records/s, read with \`--from-start\`, as a monitor that has run for 15 minutes holds (idle then means no new events, the window still sliding). CPU is the monitor process's user+system time from /proc over ${PHASE_S} s, per cent of one core; bytes are what the pane received (tmux pipe-pane). At 80x24 the monitor shows the focused pane (Connections) and a strip of Distributions; at 200x50 every pane. Baseline: \`tail -F FILE > /dev/null\` under the same writer.`,
        '',
        '| process | terminal | window | idle CPU | CPU at 5,000 events/s | bytes to the terminal at 5,000 events/s |',
        '|---|---|---|---:|---:|---:|',
        ...rows,
        `| tail -F (baseline) | - | - | ${pct(base.idle)} | ${pct(base.loaded)} | ${kb(base.bytesPerSec)} |`,
        '',
        ...(before
          ? [
              `"before: ${commitOf(before)}" is an older build, checked out in a git worktree and built there; it and this build alternate in the same run, so both meet the same load. \`TLSTOP_BENCH_BEFORE=DIR npm run bench -- monitor-cpu\` measures any older build this way.`,
              '',
            ]
          : []),
        'Targets: idle under 1% of a core, under 30% at 5,000 events/s (issue 5); at most 20% at 200x50 with the change detector (issue 11).',
      ].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The short commit of a checkout, for the table; the path when it is not a git checkout. */
function commitOf(dir: string): string {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : dir;
}
