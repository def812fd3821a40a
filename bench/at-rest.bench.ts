/**
 * What tlstop costs before it has read anything: the real monitor's RSS 10 s after it
 * started in a 200x50 tmux terminal (on an empty file, and on the demo), and the wall time
 * and peak RSS of `--help` and of a `report --json` of a 100-line file; with the AWS SDK
 * clients each one loaded (a module hook records every `@aws-sdk/client-*` it resolves).
 * Baselines in the same run: a bare `node -e 0`, and with `TLSTOP_BENCH_BEFORE=DIR` (a
 * checkout of an older commit with `npm run build` done there) that build, measured the
 * same way, the runs of the two builds alternating.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitOf } from './build-label.js';
import type { BenchSection } from './types.js';

const root = join(import.meta.dirname, '..');
const REPEATS = Number(process.env.TLSTOP_BENCH_REPEATS ?? 3);
const SETTLE_MS = 10_000;
const TIME = '/usr/bin/time';

interface Build {
  label: string;
  dir: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function tmux(socket: string, ...args: string[]): string {
  return spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' }).stdout.trim();
}

/** The monitor's RSS (MB) `SETTLE_MS` after it started in a 200x50 tmux terminal with `args`. */
async function monitorRss(build: Build, args: string[], nodeArgs: string[] = []): Promise<number> {
  const socket = `tlstop-at-rest-${process.pid}`;
  const command = [process.execPath, ...nodeArgs, join(build.dir, 'bin', 'tlstop.js'), ...args].join(' ');
  try {
    // `exec` so the pane's process is the monitor itself.
    tmux(socket, 'new-session', '-d', '-x', '200', '-y', '50', `exec ${command}`);
    const pid = Number(tmux(socket, 'list-panes', '-F', '#{pane_pid}'));
    await new Promise((res) => setTimeout(res, SETTLE_MS));
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } finally {
    tmux(socket, 'kill-server');
    rmSync(join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  }
}

/** Wall ms and peak RSS (MB, from /usr/bin/time when there is one) of one run of `argv`. */
function timed(argv: string[]): { ms: number; peakMb: number } {
  const useTime = existsSync(TIME);
  const started = performance.now();
  const run = spawnSync(useTime ? TIME : argv[0]!, useTime ? ['-f', '%M', ...argv] : argv.slice(1), {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}: ${run.stderr.slice(-500)}`);
  const kb = useTime ? Number(run.stderr.trim().split('\n').pop()) : NaN;
  return { ms, peakMb: kb / 1024 };
}

export default async function atRestBench(): Promise<BenchSection> {
  const title = 'At rest: memory of a monitor that has read nothing yet, and start-up';
  const before = process.env.TLSTOP_BENCH_BEFORE;
  const builds: Build[] = [{ label: before ? 'this build' : 'tlstop', dir: root }];
  if (before) builds.push({ label: `before (${commitOf(before)})`, dir: before });
  const dir = await mkdtemp(join(tmpdir(), 'tlstop-bench-at-rest-'));
  try {
    const empty = join(dir, 'empty.jsonl');
    const small = join(dir, 'small.jsonl');
    const record = join(dir, 'clients.txt');
    const hook = join(dir, 'record-clients.mjs');
    await writeFile(empty, '');
    const now = Date.now();
    const lines = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({
        eventTimestamp: now - i * 100,
        connectionStatus: i % 10 ? 'Success' : 'Failed:ClientCertUntrusted',
        distributionId: `E${i % 4}`,
      }),
    );
    await writeFile(small, `${lines.join('\n')}\n`);
    await writeFile(
      hook,
      `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ resolve(s, c, next) { if (s.startsWith('@aws-sdk/client-')) appendFileSync(${JSON.stringify(record)}, s + '\\n'); return next(s, c); } });
`,
    );
    /** The AWS SDK clients a run loads: `run` runs it with the hook's node arguments. */
    const clientsOf = async (run: (nodeArgs: string[]) => unknown): Promise<string[]> => {
      await writeFile(record, '');
      await run(['--import', hook]);
      return [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean))].map((s) => s.replace('@aws-sdk/client-', '')).sort();
    };

    type Row = { what: string; perBuild: Array<{ value: string; clients: string[] }> };
    const rows: Row[] = [];
    const monitorCases: Array<[string, string[]]> = [
      ['monitor on an empty file, RSS MB', ['--file', empty]],
      ['monitor on the demo, RSS MB', ['--demo']],
    ];
    for (const [what, args] of monitorCases) {
      const rss: number[][] = builds.map(() => []);
      for (let r = 0; r < REPEATS; r++) for (const [i, b] of builds.entries()) rss[i]!.push(await monitorRss(b, args));
      // One build at a time: the runs share the record file and the tmux socket name.
      const clients: string[][] = [];
      for (const b of builds) clients.push(await clientsOf((nodeArgs) => monitorRss(b, args, nodeArgs)));
      rows.push({ what, perBuild: builds.map((_, i) => ({ value: median(rss[i]!).toFixed(0), clients: clients[i]! })) });
      process.stderr.write(
        `bench: at-rest ${what}: ${rows
          .at(-1)!
          .perBuild.map((p) => p.value)
          .join(' / ')}\n`,
      );
    }
    const commandCases: Array<[string, string[]]> = [
      ['`--help`', ['--help']],
      ['`report --json` of a 100-line file', ['report', '--json', '--file', small]],
    ];
    for (const [what, args] of commandCases) {
      const runs = builds.map(() => [] as Array<{ ms: number; peakMb: number }>);
      for (let r = 0; r < REPEATS * 2 + 1; r++)
        for (const [i, b] of builds.entries()) runs[i]!.push(timed([process.execPath, join(b.dir, 'bin', 'tlstop.js'), ...args]));
      const clients: string[][] = [];
      for (const b of builds)
        clients.push(await clientsOf((nodeArgs) => timed([process.execPath, ...nodeArgs, join(b.dir, 'bin', 'tlstop.js'), ...args])));
      rows.push({
        what: `${what}: wall ms, peak RSS MB`,
        perBuild: builds.map((_, i) => ({
          value: `${median(runs[i]!.map((x) => x.ms)).toFixed(0)} ms, ${median(runs[i]!.map((x) => x.peakMb)).toFixed(0)} MB`,
          clients: clients[i]!,
        })),
      });
    }
    const bare: Array<{ ms: number; peakMb: number }> = [];
    for (let r = 0; r < REPEATS * 2 + 1; r++) bare.push(timed([process.execPath, '-e', '0']));
    const bareText = `${median(bare.map((x) => x.ms)).toFixed(0)} ms, ${median(bare.map((x) => x.peakMb)).toFixed(0)} MB`;
    // What the clients alone cost: a bare node that imports the four a file monitor loaded before.
    const fourClients = ['cloudfront', 'cloudtrail', 'cloudwatch-logs', 's3'];
    const importing = `Promise.all(${JSON.stringify(fourClients.map((c) => `@aws-sdk/client-${c}`))}.map((m) => import(m)))`;
    const withClients: number[] = [];
    for (let r = 0; r < REPEATS * 2 + 1; r++) withClients.push(timed([process.execPath, '--input-type=module', '-e', importing]).peakMb);
    const clientsMb = median(withClients) - median(bare.map((x) => x.peakMb));

    const head = `| measure | ${builds.map((b) => `${b.label} | AWS SDK clients loaded (${b.label})`).join(' | ')} | bare \`node -e 0\` |`;
    const rule = `|---|${builds.map(() => '---:|---|').join('')}---:|`;
    const body = rows.map(
      (r) =>
        `| ${r.what} | ${r.perBuild.map((p) => `${p.value} | ${p.clients.length ? p.clients.join(', ') : 'none'}`).join(' | ')} | ${r.what.includes('RSS MB') && !r.what.includes('wall') ? '-' : bareText} |`,
    );
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    return {
      title,
      markdown: [
        `The monitor runs in a 200x50 tmux terminal; its RSS is read from /proc ${SETTLE_MS / 1000} s after it started (median of ${REPEATS}, the builds alternating). \`--help\` and the report: wall time and peak RSS (\`/usr/bin/time -f %M\`), median of ${REPEATS * 2 + 1}. The clients column is one more run with a module hook that records each \`@aws-sdk/client-*\` package resolved. Load average at the end: ${load}.`,
        '',
        head,
        rule,
        ...body,
        '',
        `A bare \`node\` that imports the ${fourClients.length} clients a file monitor used to load (${fourClients.join(', ')}) peaks ${clientsMb.toFixed(0)} MB above \`node -e 0\` in this run. The AWS sources, \`--resolve-names\`, Athena and validation import their clients when they are used.`,
      ].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
