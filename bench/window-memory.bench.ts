/**
 * The issue-14 memory targets, each process measured alone (not inside the bench process):
 * (a) a process holding the monitor's store with a full 15-minute window of
 *     high-cardinality traffic (900,000 handshakes, see high-cardinality.ts), with the
 *     heap each structure retains;
 * (b) the same store over one hour of event time at 2,000 lines/s, the clock advanced with
 *     the events (faster than wall time), RSS sampled every simulated minute;
 * (c) the real monitor binary in a tmux terminal following a file that a writer process
 *     appends 2,000 such lines/s to, RSS sampled every minute of wall time, for
 *     TLSTOP_BENCH_MONITOR_MINUTES (default 16: the 15-minute window fills; 60 for the hour).
 * `TLSTOP_BENCH_BEFORE=DIR` (a checkout of an older commit with `npm run build` done there)
 * measures that build the same way in the same run; (c) runs both monitors side by side.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { highCardinalityLine } from './high-cardinality.js';
import { cpuSeconds } from './proc-stats.js';
import { commitOf } from './build-label.js';
import type { BenchSection } from './types.js';

const root = join(import.meta.dirname, '..');
const CHILD = join(import.meta.dirname, 'window-memory-child.ts');
const MONITOR_RATE = 2000;

interface Build {
  label: string;
  dir: string;
}

function child(dist: string, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--expose-gc', CHILD, dist, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TLSTOP_BENCH_LINE: highCardinalityLine.toString() },
    maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(out) as Record<string, unknown>;
}

function vmRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function tmux(socket: string, ...args: string[]): string {
  return spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' }).stdout.trim();
}

/** A separate process appending `rate` lines/s (in 100 ms batches) to `path`. */
function startWriter(path: string, rate: number): ChildProcess {
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(${JSON.stringify(path)}, 'a');
    const line = ${highCardinalityLine.toString()};
    let i = 0;
    setInterval(() => {
      let chunk = '';
      for (let n = 0; n < ${rate / 10}; n++, i++) chunk += line(i, Date.now());
      fs.writeSync(fd, chunk);
    }, 100);`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

/** One minute of a monitor: RSS at its end, and CPU over it in per cent of one core. */
interface MinuteSample {
  rssMb: number;
  cpuPct: number;
}

/** Every build's monitor in its own 200x50 tmux terminal at once, each with its own file and writer; RSS and CPU per minute. */
export async function monitors(builds: Build[], minutes: number): Promise<MinuteSample[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'tlstop-bench-rss-'));
  const runs = builds.map((b, i) => ({ build: b, socket: `tlstop-rss-${process.pid}-${i}`, log: join(dir, `log-${i}.jsonl`) }));
  const writers: ChildProcess[] = [];
  try {
    const pids: number[] = [];
    for (const r of runs) {
      await writeFile(r.log, '');
      // `exec` so the pane's process is the monitor itself.
      tmux(
        r.socket,
        'new-session',
        '-d',
        '-x',
        '200',
        '-y',
        '50',
        `exec ${process.execPath} ${join(r.build.dir, 'bin', 'tlstop.js')} --file ${r.log}`,
      );
      pids.push(Number(tmux(r.socket, 'list-panes', '-F', '#{pane_pid}')));
    }
    await new Promise((res) => setTimeout(res, 5000));
    for (const r of runs) writers.push(startWriter(r.log, MONITOR_RATE));
    const samples: MinuteSample[][] = runs.map(() => []);
    let cpu = pids.map(cpuSeconds);
    for (let m = 1; m <= minutes; m++) {
      const started = performance.now();
      await new Promise((res) => setTimeout(res, 60_000));
      const elapsed = (performance.now() - started) / 1000;
      const now = pids.map(cpuSeconds);
      pids.forEach((pid, i) => samples[i]!.push({ rssMb: vmRssMb(pid), cpuPct: Math.round(((now[i]! - cpu[i]!) / elapsed) * 1000) / 10 }));
      cpu = now;
      const last = samples.map((s) => s[s.length - 1]!);
      process.stderr.write(`bench: window-memory monitor minute ${m}: ${last.map((s) => `${s.rssMb} MB ${s.cpuPct}%`).join(' / ')}\n`);
    }
    return samples;
  } finally {
    for (const w of writers) w.kill();
    for (const r of runs) {
      tmux(r.socket, 'kill-server');
      rmSync(join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid?.() ?? 0}`, r.socket), { force: true });
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** Which parts to run (TLSTOP_BENCH_PARTS, e.g. `a,b`; default all). */
function wanted(part: string): boolean {
  return (process.env.TLSTOP_BENCH_PARTS ?? 'a,b,c').split(',').includes(part);
}

export default async function windowMemoryBench(): Promise<BenchSection> {
  const title = 'Monitor memory: 15-minute high-cardinality window, one hour at 2,000 lines/s';
  const before = process.env.TLSTOP_BENCH_BEFORE;
  const builds: Build[] = [{ label: before ? 'this build' : 'tlstop', dir: root }];
  if (before) builds.push({ label: `before (${commitOf(before)})`, dir: before });
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const out: string[] = [
    `Workload (bench/high-cardinality.ts): CloudFront JSON lines from 2,000 distributions x 4 tenants, a new client IP and serial on every line, 100,000 subjects, about 10 % failures; parsed by the monitor's ingest sink into \`createStore\` with the monitor's options (15-minute window, 2 h history). Each store runs in a process of its own (\`node --expose-gc bench/window-memory-child.ts\`), and reads every section once per simulated second, as the panes do. Load average at start: ${load}.`,
  ];
  if (wanted('a')) {
    out.push(
      '',
      '### (a) A full 15-minute window: 900,000 handshakes at 1,000/s',
      '',
      '| build | RSS MB | heap MB after GC | array buffers MB | empty store RSS MB | ingest s |',
      '|---|---:|---:|---:|---:|---:|',
    );
    const windows = builds.map((b) => ({
      b,
      empty: child(join(b.dir, 'dist'), 'empty'),
      full: child(join(b.dir, 'dist'), 'window', 'breakdown'),
    }));
    for (const { b, empty, full } of windows) {
      out.push(
        `| ${b.label} | ${full.rssMb} | ${full.heapMb} | ${full.arrayBuffersMb} | ${empty.rssMb} | ${(full.seconds as number).toFixed(1)} |`,
      );
    }
    out.push('', 'Heap (plus array buffers) each structure retains at the end, freed one after the other (MB):', '');
    const names = Object.keys(windows[0]!.full.breakdown as Record<string, number>);
    out.push(`| structure | ${builds.map((b) => b.label).join(' | ')} |`, `|---|${builds.map(() => '---:').join('|')}|`);
    for (const n of names) out.push(`| ${n} | ${windows.map((w) => (w.full.breakdown as Record<string, number>)[n] ?? '-').join(' | ')} |`);
  }

  if (!wanted('b')) {
    out.push(
      '',
      '(b), one hour of event time at 2,000 lines/s with the store clock advanced faster than wall time, was not run (`TLSTOP_BENCH_PARTS` without `b`): on this loaded machine it took more than 35 minutes per build.',
    );
  }
  if (wanted('b')) {
    out.push('', '### (b) One hour of event time at 2,000 lines/s (store clock advanced with the events, faster than wall time)', '');
    const hours = builds.map((b) => child(join(b.dir, 'dist'), 'hour').samples as Array<{ minute: number; rssMb: number; heapMb: number }>);
    out.push(
      `| minute | ${builds.map((b) => `${b.label} RSS MB | ${b.label} heap MB`).join(' | ')} |`,
      `|---:|${builds.map(() => '---:|---:').join('|')}|`,
    );
    for (let i = 0; i < hours[0]!.length; i++) {
      if ((i + 1) % 5 !== 0 && i !== 0) continue;
      out.push(`| ${i + 1} | ${hours.map((h) => `${h[i]?.rssMb ?? '-'} | ${h[i]?.heapMb ?? '-'}`).join(' | ')} |`);
    }
    const peak = (h: Array<{ rssMb: number }>, from = 0) => Math.max(...h.slice(from).map((s) => s.rssMb));
    out.push(
      '',
      ...builds.map(
        (b, i) =>
          `- ${b.label}: peak RSS ${peak(hours[i]!)} MB; after the window filled (minutes 16-60) ${Math.min(...hours[i]!.slice(15).map((s) => s.rssMb))}-${peak(hours[i]!, 15)} MB.`,
      ),
    );
  }

  const minutes = Number(process.env.TLSTOP_BENCH_MONITOR_MINUTES ?? 16);
  if (spawnSync('tmux', ['-V']).status !== 0) out.push('', '(c) skipped: tmux is not installed.');
  else if (minutes > 0 && wanted('c')) {
    out.push(
      '',
      `### (c) The real monitor, \`node bin/tlstop.js --file F\` in a 200x50 tmux terminal, a writer appending ${MONITOR_RATE.toLocaleString('en-US')} lines/s to F, ${minutes} minutes (builds side by side)`,
      '',
    );
    const curves = await monitors(builds, minutes);
    out.push(
      `| minute | ${builds.map((b) => `${b.label} RSS MB | ${b.label} CPU`).join(' | ')} |`,
      `|---:|${builds.map(() => '---:|---:').join('|')}|`,
    );
    for (let i = 0; i < minutes; i++) {
      out.push(
        `| ${i + 1} | ${curves
          .map((c) => {
            const s = c[i];
            return s ? `${s.rssMb} | ${s.cpuPct}%` : '- | -';
          })
          .join(' | ')} |`,
      );
    }
    const meanCpu = (c: MinuteSample[]) => Math.round((c.reduce((a, s) => a + s.cpuPct, 0) / Math.max(1, c.length)) * 10) / 10;
    out.push(
      '',
      `CPU is the monitor process's user + system time over each minute, per cent of one core; mean over the run: ${builds.map((b, i) => `${b.label} ${meanCpu(curves[i]!)}%`).join(', ')}.`,
    );
  }
  return { title, markdown: out.join('\n') };
}
