/**
 * The npm route of the README: `npm pack` in the checkout, then `npm install -g
 * ./tlstop-*.tgz`, then `tlstop`, on each supported runtime (Node.js 26, the LTS, and 22,
 * the floor: the `node` and `node-22` devDependencies). npm installs into a temporary
 * prefix with a temporary cache, from a local registry that serves the lockfile's
 * production packages (test/helpers/local-npm-registry.ts), so nothing leaves 127.0.0.1.
 * The installed command runs with only that runtime on PATH.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNpmRegistry, type LocalNpmRegistry } from '../helpers/local-npm-registry.js';
import { describeWithTool } from '../helpers/tools.js';
import { demoSeconds, linesOf, writeLogFile } from '../report/demo-log-files.js';
import { ensureBuilt, REPO } from './tmux-driver.js';
import { runProcess, type ProcessRun } from '../helpers/run-process.js';

type Run = ProcessRun;

/** Runs `argv` with exactly `env`; resolves when it exits. */
function run(argv: string[], cwd: string, env: Record<string, string>, timeoutMs = 170_000): Promise<Run> {
  return runProcess(argv, cwd, env, timeoutMs);
}

/** The runtimes `npm ci` installs (the same two scripts/run-tests.mjs runs the suite on). */
const RUNTIMES = [
  { name: 'Node.js 26 (the LTS)', node: join(REPO, 'node_modules', 'node', 'bin', 'node') },
  { name: 'Node.js 22 (the floor)', node: join(REPO, 'node_modules', 'node-22', 'bin', 'node') },
];

/** npm's own script (`npm` on PATH is a link to it), to run with each runtime. */
function npmCli(): string {
  const found = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const cli = realpathSync(found);
  if (!cli.endsWith('.js')) throw new Error(`npm at ${found} is not npm-cli.js (${cli})`);
  return cli;
}

let work = '';
let tgz = '';
let packed: string[] = [];
let registry: LocalNpmRegistry;
let logs = '';

describeWithTool('npm', 'the npm route: npm pack, npm install -g ./tlstop-*.tgz', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tlstop-npm-route-'));
    await ensureBuilt();
    // --ignore-scripts: dist/ is built above; `prepare` would rebuild it under the other tests' feet.
    const pack = spawnSync(RUNTIMES[0]!.node, [npmCli(), 'pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: REPO,
      encoding: 'utf8',
      env: { PATH: `${dirname(RUNTIMES[0]!.node)}:/usr/bin:/bin`, HOME: work },
    });
    expect(pack.status, pack.stderr).toBe(0);
    const [result] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tgz = join(work, basename(result!.filename));
    packed = result!.files.map((f) => f.path);
    registry = await startLocalNpmRegistry(REPO);
    logs = join(work, 'logs');
    mkdirSync(logs);
    const story = demoSeconds(10);
    await writeLogFile(join(logs, 'cf.jsonl.gz'), linesOf(story.json, 0, 10));
    await writeLogFile(join(logs, 'firewall.log'), linesOf(story.firewall, 0, 10));
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs bin/, dist/, themes/ and the README, and nothing of dist/exe/, src/ or test/', () => {
    expect(basename(tgz)).toMatch(/^tlstop-\d+\.\d+\.\d+\.tgz$/);
    expect(packed).toContain('bin/tlstop.js');
    expect(packed).toContain('dist/cli/main.js');
    expect(packed).toContain('themes/dark.json');
    expect(packed).toContain('README.md');
    expect(packed.filter((p) => /^(dist\/exe|src|test|scripts|bench|node_modules)\//.test(p))).toEqual([]);
  });

  for (const runtime of RUNTIMES) {
    describe(runtime.name, () => {
      let prefix = '';
      const env = (): Record<string, string> => ({ PATH: `${join(prefix, 'bin')}:${dirname(runtime.node)}:/usr/bin:/bin`, HOME: work });
      /** The checkout's own bin/tlstop.js on the same runtime: what the installed one must print. */
      const fromCheckout = (args: string[]) => run([runtime.node, join(REPO, 'bin', 'tlstop.js'), ...args], work, env());

      beforeAll(async () => {
        prefix = mkdtempSync(join(work, 'prefix-'));
        const install = await run(
          [
            ...[runtime.node, npmCli(), 'install', '-g', '--prefix', prefix, '--cache', join(prefix, '.npm-cache')],
            ...['--registry', registry.url, '--no-audit', '--no-fund', '--no-update-notifier', tgz],
          ],
          work,
          env(),
        );
        expect(install.code, install.stderr).toBe(0);
      }, 180_000);

      it('tlstop --help prints the help of the checkout, and --version names this runtime', async () => {
        const which = await run(['/bin/sh', '-c', 'command -v tlstop'], work, env());
        expect(which.stdout.trim()).toBe(join(prefix, 'bin', 'tlstop'));
        const [installed, own] = [await run(['tlstop', '--help'], work, env()), await fromCheckout(['--help'])];
        expect(installed.stderr).toBe('');
        expect(installed.stdout).toMatch(/^tlstop: live monitor/);
        expect(installed.stdout).toBe(own.stdout);
        expect(installed.code).toBe(0);
        const version = await run(['tlstop', '--version'], work, env());
        const nodeVersion = spawnSync(runtime.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
        expect(version.stdout.split('\n').slice(1, 3)).toEqual([`node ${nodeVersion} ${process.platform}-${process.arch}`, 'ink 8.0.0']);
        expect(version.stdout.split('\n')[3]).toMatch(/^fast output stage: active /);
      });

      it('tlstop report --json on log files prints the same JSON as the checkout, and nothing on stderr', async () => {
        const args = ['report', '--json', '--file', logs];
        const [installed, own] = [await run(['tlstop', ...args], work, env()), await fromCheckout(args)];
        expect(installed.stderr).toBe('');
        expect(installed.code).toBe(0);
        expect(installed.stdout).toBe(own.stdout);
        expect((JSON.parse(installed.stdout) as { connections: { total: number } }).connections.total).toBeGreaterThan(1_000);
      });
    });
  }

  it('fetched the dependencies from the local registry (the AWS SDK, Ink, React)', () => {
    for (const name of ['@aws-sdk/client-s3', 'ink', 'react']) expect(registry.served).toContain(name);
  });
});
