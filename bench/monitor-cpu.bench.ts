/**
 * The whole monitor as a user runs it: the real binary in a real terminal (tmux) of 80x24
 * (one pane and a strip on screen) and of 200x50 (every pane), tailing a file, on an empty
 * window and on a full 15-minute one. Measures process CPU when idle and at 5,000
 * events/s sustained, the bytes written to the terminal per second and the frames per
 * second, with each terminal writer (the cell diff, Ink's incremental, Ink's whole frames:
 * TLSTOP_TERMINAL_WRITER) in the same run; the baseline is `tail -F` of the same file at
 * the same rate (the least any follower can cost). Then "where one machine stops": the
 * writer's rate stepped up (5,000 to 80,000 events/s) under one monitor at 200x50, with
 * the frames per second delivered and the events/s the monitor shows against those written.
 *
 * `TLSTOP_BENCH_BEFORE=DIR` also measures the build in DIR (a git worktree of an older
 * commit with `npm run build` done there), at both sizes and in the same run, so a change
 * can be judged against its starting point under the same load on the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds } from './proc-stats.js';
import { commitOf } from './build-label.js';
import type { BenchSection } from './types.js';

const root = join(import.meta.dirname, '..');
const RATE = 5000;
const PHASE_S = 20;
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
/** The terminal writers compared (TLSTOP_TERMINAL_WRITER). */
const WRITERS = [
  { env: 'cell-diff', label: 'cell diff' },
  { env: 'ink-incremental', label: "Ink's incremental" },
  { env: 'full', label: 'whole frames' },
] as const;
/** Writer rates of the step test, events/s. */
const STEPS = [5000, 10_000, 20_000, 40_000, 60_000, 80_000];
const STEP_S = 15;
/** Ink wraps every frame it writes in a synchronized update: one begin per frame. */
const FRAME_BEGIN = Buffer.from('\x1b[?2026h');

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

/**
 * A separate process appending `rate` CloudFront JSON records per second to `path`, in
 * 100 ms batches; a late timer (a loaded machine) writes what is due, so the rate holds.
 */
function startWriter(path: string, rate: number): ChildProcess {
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(${JSON.stringify(path)}, 'a');
    const record = ${record.toString()};
    const t0 = Date.now();
    let i = 0;
    setInterval(() => {
      const due = Math.floor(((Date.now() - t0) * ${rate}) / 1000);
      let chunk = '';
      for (; i < due; i++) chunk += record(i, Date.now());
      if (chunk) fs.writeSync(fd, chunk);
    }, 100);`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

/** Mean length of a record in bytes (to turn appended bytes into records). */
const RECORD_BYTES = Array.from({ length: 1000 }, (_, i) => Buffer.byteLength(record(i, Date.now()))).reduce((a, b) => a + b, 0) / 1000;

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

/** Frames (synchronized-update begins) in `file` from byte `from`. */
function framesIn(file: string, from: number): number {
  const data = readFileSync(file).subarray(from);
  let n = 0;
  for (let i = data.indexOf(FRAME_BEGIN); i !== -1; i = data.indexOf(FRAME_BEGIN, i + 1)) n++;
  return n;
}

/** What one load step measured. */
interface Step {
  rate: number;
  cpu: number;
  bytesPerSec: number;
  framesPerSec: number;
  /** The events/s the monitor's header shows at the end of the step (null when not found). */
  shownPerSec: number | null;
  /** Records/s the writer appended over the step (from the file's growth). */
  writtenPerSec: number;
}

async function runInTmux(
  command: string,
  logFile: string,
  bytesFile: string,
  processName: string,
  size: readonly [number, number],
  rates: readonly number[] = [RATE],
  phaseS = PHASE_S,
): Promise<{ idle: number; steps: Step[] }> {
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
    const steps: Step[] = [];
    for (const rate of rates) {
      const writer = startWriter(logFile, rate);
      try {
        await new Promise((r) => setTimeout(r, 3000)); // reach steady state
        const bytesBefore = (await stat(bytesFile)).size;
        const logBefore = (await stat(logFile)).size;
        const cpu = await measureCpu(pid, phaseS);
        const bytesPerSec = ((await stat(bytesFile)).size - bytesBefore) / phaseS;
        const writtenPerSec = ((await stat(logFile)).size - logBefore) / RECORD_BYTES / phaseS;
        const framesPerSec = framesIn(bytesFile, bytesBefore) / phaseS;
        const shown = /events\/s ([\d,.]+)(k?)/.exec(tmux(socket, 'capture-pane', '-p'));
        const shownPerSec = shown ? Number(shown[1]!.replace(/,/g, '')) * (shown[2] ? 1000 : 1) : null;
        steps.push({ rate, cpu, bytesPerSec, framesPerSec, shownPerSec, writtenPerSec });
      } finally {
        writer.kill();
      }
    }
    return { idle, steps };
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
  // Other jobs share the cores: say how loaded the machine was (1-minute load average, start and end).
  const loadAtStart = loadavg()[0]!;
  try {
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    const kb = (v: number) => `${(v / 1024).toFixed(1)} KB/s`;
    const rows: string[] = [];
    const ratios: string[] = [];
    let n = 0;
    // Builds innermost, alternating, so a slow minute on the machine hits both builds.
    for (const scenario of SCENARIOS) {
      for (const size of SIZES) {
        // Writers innermost too: the three meet the same minute of load.
        const sizeRows: Array<{ label: string; bytes: number }> = [];
        for (const build of builds) {
          for (const writer of before && build.dir !== root ? [WRITERS[0]] : WRITERS) {
            const log = join(dir, `log-${++n}.jsonl`);
            await writeFile(log, scenario.history ? history() : '');
            const command = `TLSTOP_TERMINAL_WRITER=${writer.env} node ${join(build.dir, 'bin', 'tlstop.js')} --file ${log}${scenario.history ? ' --from-start' : ''}`;
            const label = before && build.dir !== root ? build.label : `${build.label}, ${writer.label}`;
            process.stderr.write(`bench: monitor-cpu ${label} at ${size[0]}x${size[1]}, window ${scenario.label} ...\n`);
            const r = await runInTmux(command, log, join(dir, `bytes-${n}`), 'node', size);
            await rm(log, { force: true });
            const s = r.steps[0]!;
            sizeRows.push({ label, bytes: s.bytesPerSec });
            rows.push(
              `| ${label} | ${size[0]}x${size[1]} | ${scenario.label} | ${pct(r.idle)} | ${pct(s.cpu)} | ${kb(s.bytesPerSec)} | ${s.framesPerSec.toFixed(1)} |`,
            );
          }
        }
        const diff = sizeRows.find((r) => r.label.endsWith(WRITERS[0].label));
        const others = sizeRows.filter((r) => r !== diff);
        if (diff && others.length > 0) {
          ratios.push(
            `${size[0]}x${size[1]}, ${scenario.label}: the cell diff writes ${others.map((o) => `${(o.bytes / Math.max(1, diff.bytes)).toFixed(1)}x fewer bytes than ${o.label.replace(/^.*, /, '')}`).join(', ')}.`,
          );
        }
      }
    }
    const log = join(dir, 'tail.jsonl');
    await writeFile(log, '');
    const base = await runInTmux(`tail -F ${log} > /dev/null`, log, join(dir, 'bytes-tail'), 'tail', SIZES[SIZES.length - 1]!);
    const b = base.steps[0]!;
    // Where one machine stops: one monitor (cell diff, 200x50, empty window) under a writer stepped up.
    const stepLog = join(dir, 'steps.jsonl');
    await writeFile(stepLog, '');
    process.stderr.write(`bench: monitor-cpu load steps ${STEPS.join(', ')} events/s at 200x50 ...\n`);
    const stepped = await runInTmux(
      `node ${join(root, 'bin', 'tlstop.js')} --file ${stepLog}`,
      stepLog,
      join(dir, 'bytes-steps'),
      'node',
      [200, 50],
      STEPS,
      STEP_S,
    );
    await rm(stepLog, { force: true });
    const stepRows = stepped.steps.map(
      (s) =>
        `| ${s.rate.toLocaleString('en-US')} | ${Math.round(s.writtenPerSec).toLocaleString('en-US')} | ${pct(s.cpu)} | ${s.framesPerSec.toFixed(1)} | ${s.shownPerSec === null ? '?' : s.shownPerSec.toLocaleString('en-US')} | ${s.shownPerSec === null ? '?' : `${((s.shownPerSec / s.writtenPerSec) * 100).toFixed(0)}%`} | ${kb(s.bytesPerSec)} |`,
    );
    // The frame rate the monitor reaches at the lowest step, on this machine under this load, is its frame rate.
    const baseFps = stepped.steps[0]?.framesPerSec ?? 0;
    const kept = stepped.steps.filter(
      (s) => s.framesPerSec >= 0.9 * baseFps && s.shownPerSec !== null && s.shownPerSec >= 0.95 * s.writtenPerSec,
    );
    const highest = kept.length > 0 ? kept[kept.length - 1]! : null;
    // Where the writer process could not write its rate, the machine stopped before the monitor did.
    const writerShort = stepped.steps.filter((s) => s.writtenPerSec < 0.95 * s.rate).map((s) => s.rate.toLocaleString('en-US'));
    return {
      title,
      markdown: [
        `\`node bin/tlstop.js --file FILE\` in a tmux pane of each size; a separate writer process appends ${RATE.toLocaleString('en-US')} CloudFront JSON records/s to FILE in 100 ms batches. The window (15 min) is either empty at start (FILE starts empty: the window holds the last few seconds), or full: FILE starts with the last 15 minutes at ${HISTORY_RATE} records/s, read with \`--from-start\`, as a monitor that has run for 15 minutes holds (idle then means no new events, the window still sliding). CPU is the monitor process's user+system time from /proc over ${PHASE_S} s, per cent of one core; bytes are what the pane received (tmux pipe-pane). At 80x24 the monitor shows the focused pane (Connections) and a strip of Distributions; at 200x50 every pane. Baseline: \`tail -F FILE > /dev/null\` under the same writer.`,
        '',
        '| process, terminal writer | terminal | window | idle CPU | CPU at 5,000 events/s | bytes to the terminal at 5,000 events/s | frames/s |',
        '|---|---|---|---:|---:|---:|---:|',
        ...rows,
        `| tail -F (baseline) | - | - | ${pct(base.idle)} | ${pct(b.cpu)} | ${kb(b.bytesPerSec)} | - |`,
        '',
        'Terminal writers (TLSTOP_TERMINAL_WRITER): "cell diff" (the default: per changed row a cursor move and only the changed cells, src/ui/ink/cell-diff.ts), "Ink\'s incremental" (Ink 8\'s log-update: a changed line rewritten from its first changed cell to its end), "whole frames" (Ink\'s log-update without incremental rendering: every frame erased and written whole). Frames/s counts the synchronized-update brackets Ink writes around each frame; the monitor draws at most 10 a second.',
        '',
        ...ratios,
        '',
        `Load average (1 min) ${loadAtStart.toFixed(1)} at the start of the run and ${loadavg()[0]!.toFixed(1)} at its end, on ${availableParallelism()} cores: compare rows within a run, not across runs.`,
        '',
        `**Where one machine stops** (the monitor half): one monitor with the cell diff at 200x50 on an empty window, the writer's rate stepped up every ${STEP_S + 3} s (3 s to settle, ${STEP_S} s measured). Written is what the writer appended (the file's growth); "shown" is the events/s in the monitor's header at the end of the step (its own arrival rate), so below the written rate the monitor falls behind the file. The writer process runs on the same 2 cores.`,
        '',
        '| writer rate | events/s written | monitor CPU | frames/s | events/s shown | shown / written | bytes to the terminal |',
        '|---:|---:|---:|---:|---:|---:|---:|',
        ...stepRows,
        '',
        highest === null
          ? `No step kept both the frame rate (90 % of the ${baseFps.toFixed(1)} frames/s at the first step) and 95 % of the written rate.`
          : `Highest rate written that the monitor absorbed with the screen still at its frame rate (at least 90 % of the ${baseFps.toFixed(1)} frames/s of the first step) and 95 % or more of the written events shown: **${Math.round(highest.writtenPerSec).toLocaleString('en-US')} events/s** (writer rate ${highest.rate.toLocaleString('en-US')}).${writerShort.length > 0 ? ` At writer rates ${writerShort.join(', ')} the writer process itself, on the same 2 cores, wrote less than its rate: the machine stopped before the monitor did. Shown above written means the monitor was still reading what the writer had appended during the step before.` : ''}`,
        '',
        ...(before
          ? [
              `"before: ${commitOf(before)}" is an older build, checked out in a git worktree and built there; it and this build alternate in the same run, so both meet the same load. \`TLSTOP_BENCH_BEFORE=DIR npm run bench -- monitor-cpu\` measures any older build this way.`,
              '',
            ]
          : []),
        'Targets: idle under 1% of a core, under 30% at 5,000 events/s (issue 5); at most 20% at 200x50 with the change detector (issue 11); at most 15% of a core and 15 KB/s to a 200x50 terminal at 5,000 events/s (issue 14).',
      ].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
