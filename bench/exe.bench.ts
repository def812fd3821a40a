/**
 * The standalone executable against the npm package, in the same run: what each puts on a
 * bastion (bytes), and start-up (`--help`, `--version`) and a small `report`, timed with
 * hyperfine when it is installed (else repeated runs timed here). The npm package runs as
 * `node bin/tlstop.js` on the Node.js 26 the executable embeds (the baseline: the same Node,
 * so what differs is the bundling) and on Node.js 22, the floor (the `node-22`
 * devDependency; this machine's own Node may be older than `engines` allows). A second x64 executable with
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
/** Runs of one command in a row before the next command's (hyperfine); the commands take turns. */
const BLOCK = 5;

/** One command to time: run with an empty environment, from `cwd`. */
interface Command {
  name: string;
  argv: string[];
  cwd: string;
}

function summary(name: string, walls: number[], cpus: number[]): Timing {
  const mean = walls.reduce((a, b) => a + b, 0) / walls.length;
  const sd = Math.sqrt(walls.reduce((a, b) => a + (b - mean) ** 2, 0) / walls.length);
  const sorted = [...walls].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const cpu = cpus.length > 0 ? cpus.reduce((a, b) => a + b, 0) / cpus.length : Number.NaN;
  return { name, meanMs: mean, medianMs: median, sdMs: sd, minMs: sorted[0]!, cpuMs: cpu };
}

/**
 * Times every command `runs` times, taking turns (a block of BLOCK runs each, round after
 * round), so a change in the machine's load meets them all alike: with hyperfine (`-N`, one
 * warm-up per block) when it is installed, else bash's `time` around each run.
 */
function timeTogether(commands: Command[], runs: number): Timing[] {
  const walls = commands.map(() => [] as number[]);
  const cpus = commands.map(() => [] as number[]);
  const hyperfine = hasHyperfine();
  for (let round = 0; round * BLOCK < runs; round++) {
    commands.forEach((c, k) => {
      const line = ['env', '-i', ...c.argv].join(' ');
      if (hyperfine) {
        const out = join(work, 'hyperfine.json');
        const result = spawnSync('hyperfine', ['-N', '--warmup', '1', '--runs', String(BLOCK), '--export-json', out, line], {
          cwd: c.cwd,
          encoding: 'utf8',
        });
        if (result.status !== 0) throw new Error(`hyperfine ${line}: ${result.stderr}`);
        const r = (JSON.parse(readFileSync(out, 'utf8')) as { results: { times: number[]; user: number; system: number }[] }).results[0]!;
        walls[k]!.push(...r.times.map((t) => t * 1000));
        for (let i = 0; i < r.times.length; i++) cpus[k]!.push((r.user + r.system) * 1000);
      } else {
        for (let i = 0; i < BLOCK; i++) {
          const timed = spawnSync('bash', ['-c', `TIMEFORMAT='%3R %3U %3S'; time ${line} > /dev/null 2>&1`], {
            cwd: c.cwd,
            encoding: 'utf8',
          });
          const [real, user, system] = timed.stderr.trim().split(/\s+/).map(Number);
          walls[k]!.push(real! * 1000);
          cpus[k]!.push((user! + system!) * 1000);
        }
      }
    });
  }
  return commands.map((c, k) => summary(c.name, walls[k]!, cpus[k]!));
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

  const node22 = join(root, 'node_modules', 'node-22', 'bin', 'node');
  const floorNode = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
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
      Math.max(BLOCK, Math.round(RUNS / 3)),
    ],
  ] as const) {
    timings.push({
      what,
      rows: timeTogether(
        [
          { name: '`tlstop-linux-x64` (the executable)', argv: [exe, ...args], cwd: alone },
          {
            name: `\`node bin/tlstop.js\` on Node v${NODE_PINS.version} (the one the executable embeds: the baseline)`,
            argv: [node26, bin, ...args],
            cwd: root,
          },
          { name: `\`node bin/tlstop.js\` on Node ${floorNode} (the floor)`, argv: [node22, bin, ...args], cwd: root },
          { name: 'the executable with V8 code cache (not shipped: not reproducible)', argv: [exeCached, ...args], cwd: alone },
        ],
        runs,
      ),
    });
  }
  const npm = npmFootprint();
  const nodeBytes = statSync(node26).size;

  const lines = [
    `The x64 executable copied alone into an empty folder, against the npm package in the same run. Every command runs with an empty environment (\`env -i\`). ${hasHyperfine() ? `Timed with hyperfine (\`-N\`), ${RUNS} runs of each command (the report ${Math.max(BLOCK, Math.round(RUNS / 3))}), taking turns in blocks of ${BLOCK} runs after one warm-up, so changes in the machine's load meet every command alike; CPU is user + system.` : `Timed with bash's \`time\`, ${RUNS} runs of each command (the report ${Math.max(BLOCK, Math.round(RUNS / 3))}), taking turns in blocks of ${BLOCK} (hyperfine was not installed); CPU is user + system.`} Load average at the start: ${load} on ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores (other work shares the machine, which widens wall times; CPU times hold up better).`,
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
  const [exeHelp, packageHelp, , cachedHelp] = timings[0]!.rows as [Timing, Timing, Timing, Timing];
  const cpu = (r: Timing, words = ' of CPU') => (Number.isNaN(r.cpuMs) ? '' : ` (${r.cpuMs.toFixed(0)} ms${words})`);
  const met = exeHelp.medianMs < 150 ? 'met' : '**not met**';
  lines.push(
    `\`--help\`: the executable takes ${exeHelp.medianMs.toFixed(0)} ms (median)${cpu(exeHelp)} against ${packageHelp.medianMs.toFixed(0)} ms${cpu(packageHelp, '')} for \`node bin/tlstop.js\` on the same Node.js, ${(exeHelp.medianMs / packageHelp.medianMs).toFixed(2)}x (target: under 150 ms, ${met}). The executable compiles its ${mb(built.bundleBytes)} bundle at start (its CommonJS parts, the AWS SDK among them, only when first required), where the npm package loads only the modules \`--help\` needs. With V8's code cache it would take ${cachedHelp.medianMs.toFixed(0)} ms${cpu(cachedHelp, '')}, but the cache's bytes differ on every build, and one built on x64 is rejected on arm64 with a warning on stderr, so the release build has none (it is reproducible instead).`,
    '',
  );
  return { title: 'Standalone executable: size and start-up', markdown: lines.join('\n') };
}
