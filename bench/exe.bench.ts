/**
 * The standalone executable against the npm package, in the same run: what each puts on a
 * bastion (bytes), and start-up (`--help`, `--version`) and a small `report`, timed with
 * hyperfine when it is installed (else repeated runs timed here). The npm package runs as
 * `node bin/tlstop.js` on this machine's Node and on the Node.js 26 the executable embeds,
 * so the bundling and the Node version can be told apart. A second x64 executable with
 * V8's code cache shows the start-up the release build gives up to stay reproducible.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildExecutables, exeName } from '../scripts/exe/build.js';
import { fetchNodeBinaries, nodeBinary, NODE_PINS } from '../scripts/exe/node-binaries.js';
import { demoSeconds, linesOf, w3cFileLines, writeLogFile } from '../test/report/demo-log-files.js';
import type { BenchSection } from './types.js';

const root = join(import.meta.dirname, '..');
const work = join(import.meta.dirname, '.work', 'exe');
const RUNS = Number(process.env.TLSTOP_BENCH_EXE_RUNS ?? 30);

interface Timing {
  name: string;
  meanMs: number;
  medianMs: number;
  sdMs: number;
  minMs: number;
  cpuMs: number;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const hasHyperfine = () => spawnSync('hyperfine', ['--version']).status === 0;

/** Times `argv` (run with an empty environment, from `cwd`) `runs` times after warm-ups. */
function time(name: string, argv: string[], runs: number, cwd: string): Timing {
  const command = ['env', '-i', ...argv].join(' ');
  if (hasHyperfine()) {
    const out = join(work, 'hyperfine.json');
    const result = spawnSync('hyperfine', ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', out, command], {
      cwd,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`hyperfine ${command}: ${result.stderr}`);
    const r = (
      JSON.parse(readFileSync(out, 'utf8')) as {
        results: { mean: number; median: number; stddev: number; min: number; user: number; system: number }[];
      }
    ).results[0]!;
    return {
      name,
      meanMs: r.mean * 1000,
      medianMs: r.median * 1000,
      sdMs: r.stddev * 1000,
      minMs: r.min * 1000,
      cpuMs: (r.user + r.system) * 1000,
    };
  }
  // Without hyperfine: wall time only (a child's CPU time is not in process.resourceUsage()).
  const walls: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    const r = spawnSync('env', ['-i', ...argv], { cwd, stdio: 'ignore' });
    const wall = performance.now() - started;
    if (r.status !== 0) throw new Error(`${command} exited with ${r.status}`);
    if (i >= 3) walls.push(wall);
  }
  const mean = walls.reduce((a, b) => a + b, 0) / walls.length;
  const sd = Math.sqrt(walls.reduce((a, b) => a + (b - mean) ** 2, 0) / walls.length);
  const sorted = [...walls].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { name, meanMs: mean, medianMs: median, sdMs: sd, minMs: Math.min(...walls), cpuMs: Number.NaN };
}

/** Bytes of the npm package's tarball, and of it installed with its production dependencies. */
function npmFootprint(): { tarball: number; installed: number; packages: number } {
  const pack = JSON.parse(
    spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }).stdout,
  ) as {
    size: number;
    unpackedSize: number;
  }[];
  const dirs = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' })
    .stdout.split('\n')
    .filter((d) => d.includes('node_modules'));
  const du =
    spawnSync('du', ['-sbc', ...new Set(dirs)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .at(-1) ?? '0';
  return { tarball: pack[0]!.size, installed: pack[0]!.unpackedSize + Number(du.split(/\s+/)[0]), packages: new Set(dirs).size };
}

export default async function run(): Promise<BenchSection> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await fetchNodeBinaries();
  const built = await buildExecutables({ outDir: join(work, 'exe'), fetch: false });
  const cached = await buildExecutables({ outDir: join(work, 'exe-code-cache'), arches: ['x64'], fetch: false, codeCache: true });
  // Each executable alone in a folder, as on a bastion.
  const alone = join(work, 'alone');
  mkdirSync(alone);
  const exe = join(alone, exeName('x64'));
  copyFileSync(built.executables.x64!.path, exe);
  const exeCached = join(alone, `${exeName('x64')}-code-cache`);
  copyFileSync(cached.executables.x64!.path, exeCached);
  spawnSync('chmod', ['+x', exe, exeCached]);

  const logs = join(work, 'logs');
  mkdirSync(logs);
  const story = demoSeconds(40);
  await writeLogFile(join(logs, 'cf.jsonl.gz'), linesOf(story.json, 0, 40));
  await writeLogFile(join(logs, 'cf-w3c.log'), w3cFileLines(story.w3c, 0, 40));
  await writeLogFile(join(logs, 'firewall.log'), linesOf(story.firewall, 0, 40));
  const events = (
    JSON.parse(spawnSync(exe, ['report', '--json', '--file', logs], { encoding: 'utf8', env: {} }).stdout) as {
      connections: { total: number };
    }
  ).connections.total;

  const systemNode = spawnSync('node', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const node26 = nodeBinary('x64');
  const bin = join(root, 'bin', 'tlstop.js');
  const load = loadavg()[0]!.toFixed(1);
  const timings: { what: string; rows: Timing[] }[] = [];
  for (const [what, args, runs] of [
    ['`--help`', ['--help'], RUNS],
    ['`--version`', ['--version'], RUNS],
    [
      `\`report --json\` of ${events.toLocaleString('en-US')} events`,
      ['report', '--json', '--file', logs],
      Math.max(5, Math.round(RUNS / 3)),
    ],
  ] as const) {
    timings.push({
      what,
      rows: [
        time('`tlstop-linux-x64` (the executable)', [exe, ...args], runs, alone),
        time(`\`node bin/tlstop.js\` on this machine's Node (${systemNode})`, ['node', bin, ...args], runs, root),
        time(`\`node bin/tlstop.js\` on Node v${NODE_PINS.version} (the one the executable embeds)`, [node26, bin, ...args], runs, root),
        time('the executable with V8 code cache (not shipped: not reproducible)', [exeCached, ...args], runs, alone),
      ],
    });
  }
  const npm = npmFootprint();
  const nodeBytes = statSync(node26).size;

  const lines = [
    `The x64 executable copied alone into an empty folder, against the npm package in the same run. Every command runs with an empty environment (\`env -i\`). ${hasHyperfine() ? `Timed with hyperfine (\`-N\`, 3 warm-ups, ${RUNS} runs; the report ${Math.max(5, Math.round(RUNS / 3))}); CPU is user + system.` : `Timed here (3 warm-ups, ${RUNS} runs; hyperfine was not installed, so no CPU column).`} Load average at the start: ${load} on ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores (other work shares the machine, which widens wall times; CPU times hold up better).`,
    '',
    '### Size: what goes onto the bastion',
    '',
    '| | bytes |',
    '|---|---:|',
    ...(['x64', 'arm64'] as const).map(
      (a) => `| \`${exeName(a)}\` (one file: Node.js ${NODE_PINS.version} + tlstop) | ${mb(built.executables[a]!.bytes)} |`,
    ),
    `| of which the Node.js ${NODE_PINS.version} binary (linux-x64) | ${mb(nodeBytes)} |`,
    `| of which the bundle (tlstop and its dependencies, one ES module) | ${mb(built.bundleBytes)} |`,
    `| the npm package: \`npm pack\` tarball | ${mb(npm.tarball)} |`,
    `| the npm package installed with its ${npm.packages} production dependencies (plus a Node.js install) | ${mb(npm.installed)} |`,
    '',
  ];
  for (const { what, rows } of timings) {
    lines.push(`### ${what}`, '', '| command | mean ms | ± σ | median ms | min ms | CPU ms |', '|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      lines.push(
        `| ${r.name} | ${r.meanMs.toFixed(1)} | ${r.sdMs.toFixed(1)} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} | ${Number.isNaN(r.cpuMs) ? '-' : r.cpuMs.toFixed(1)} |`,
      );
    }
    lines.push('');
  }
  const help = timings[0]!.rows;
  const cpu = (r: Timing, words = ' of CPU') => (Number.isNaN(r.cpuMs) ? '' : ` (${r.cpuMs.toFixed(0)} ms${words})`);
  lines.push(
    `\`--help\`: the executable takes ${help[0]!.medianMs.toFixed(0)} ms (median)${cpu(help[0]!)} against ${help[2]!.medianMs.toFixed(0)} ms${cpu(help[2]!, '')} for \`node bin/tlstop.js\` on the same Node.js (target: under 150 ms). The executable compiles its whole 4 MB bundle at start, where the npm package loads only the modules \`--help\` needs. With V8's code cache it would take ${help[3]!.medianMs.toFixed(0)} ms${cpu(help[3]!, '')}, but the cache's bytes differ on every build, and one built on x64 is rejected on arm64 with a warning on stderr, so the release build has none (it is reproducible instead).`,
    '',
  );
  return { title: 'Standalone executable: size and start-up', markdown: lines.join('\n') };
}
