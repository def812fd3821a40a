/**
 * The standalone executables (`npm run build:exe`), built once for this file into a
 * temporary directory: the build is reproducible and SHA256SUMS checks; each executable,
 * copied alone into an empty folder and run with an empty environment (`env -i`), prints
 * the npm package's help, its version with the embedded Node and Ink, the same `report`
 * and `validate` output as the npm package run by the same Node, reads nothing of a
 * node_modules, a package.json, a themes folder or the checkout, ignores NODE_OPTIONS, and
 * runs the demo in a real terminal. The arm64 one runs under qemu-user.
 *
 * "The npm package" is bin/tlstop.js with dist/, run by the Node.js 26 binary the
 * executable embeds: Node 22 and Node 26 differ in the last digit of some floating-point
 * results (V8's Math.log: a p99 of 172.45247210301721 against 172.4524721030172), so the
 * comparison holds the Node version fixed.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutObjectCommand, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExecutables, exeName, NOTICES, SOURCE_MAP, SUMS, type Built } from '../../scripts/exe/build.js';
import { nodeBinary, NODE_PINS, type Arch } from '../../scripts/exe/node-binaries.js';
import { writeSignedChain, type SignedChain } from '../../src/digest/chain-writer.js';
import { BAD_CA_DISTRIBUTION } from '../../src/sources/demo/index.js';
import { CELL_DIFF_FINGERPRINTS } from '../../src/ui/ink/install-cell-diff.js';
import { VERIFIED_INK_VERSION, VERIFIED_OUTPUT_FINGERPRINT } from '../../src/ui/ink/install-fast-output.js';
import { modifyLogFile } from '../digest/tamper.js';
import { uploadChain } from '../digest/upload-chain.js';
import { ensureBuilt, REPO, TmuxSession } from '../e2e/tmux-driver.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../helpers/moto.js';
import { keysFromJson, startKeysServer, type KeysServer } from '../helpers/cloudtrail-keys-server.js';
import { startFakeLogsService } from '../helpers/live-tail-server.js';
import { ARM64_SYSROOT, describeWithTool, itWithTool } from '../helpers/tools.js';
import { waitFor } from '../helpers/wait-for.js';
import { demoSeconds, linesOf, w3cFileLines, writeLogFile } from '../report/demo-log-files.js';
import { runProcess, type ProcessRun } from '../helpers/run-process.js';

type Run = ProcessRun;

/** Runs `argv` with exactly `env` (nothing inherited) in `cwd`; resolves when it exits. */
function run(argv: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Run> {
  return runProcess(argv, cwd, env, timeoutMs);
}

const which = (name: string): string => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();

/** The npm package (bin/tlstop.js with dist/) run by the Node.js the executables embed. */
const npmPackage = (args: string[], env: Record<string, string> = {}) =>
  run([nodeBinary('x64'), join(REPO, 'bin', 'tlstop.js'), ...args], REPO, env);

let work = '';
let built: Built;
let fixtures = '';

describeWithTool(['node26-linux-x64', 'node26-linux-arm64'], 'the standalone executables (npm run build:exe)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tlstop-exe-test-'));
    built = await buildExecutables({ outDir: join(work, 'exe'), fetch: false });
    // A report fixture: the first 40 s of the demo story as CloudFront JSON (gzip), W3C and firewall logs.
    fixtures = join(work, 'fixtures');
    mkdirSync(join(fixtures, 'logs'), { recursive: true });
    const story = demoSeconds(40);
    await writeLogFile(join(fixtures, 'logs', 'cf.jsonl.gz'), linesOf(story.json, 0, 40));
    await writeLogFile(join(fixtures, 'logs', 'cf-w3c.log'), w3cFileLines(story.w3c, 0, 40));
    await writeLogFile(join(fixtures, 'logs', 'firewall.log'), linesOf(story.firewall, 0, 40));
    // The first 15 s, for the executable under qemu (about five times slower).
    mkdirSync(join(fixtures, 'small'), { recursive: true });
    await writeLogFile(join(fixtures, 'small', 'cf.jsonl.gz'), linesOf(story.json, 0, 15));
    await writeLogFile(join(fixtures, 'small', 'firewall.log'), linesOf(story.firewall, 0, 15));
    await ensureBuilt();
  }, 300_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes both executables, the notices and SHA256SUMS, which `sha256sum -c` accepts; a second build writes the same bytes', async () => {
    const files = [NOTICES, exeName('arm64'), exeName('x64'), SOURCE_MAP].sort();
    expect(readdirSync(built.outDir).sort()).toEqual([...files, SUMS].sort());
    const check = spawnSync('sha256sum', ['-c', SUMS], { cwd: built.outDir, encoding: 'utf8' });
    expect(check.stdout).toBe(files.map((f) => `${f}: OK\n`).join(''));
    expect(check.status).toBe(0);
    expect(readFileSync(join(built.outDir, NOTICES), 'utf8')).toMatch(/^ink@\d/m);
    const map = JSON.parse(readFileSync(join(built.outDir, SOURCE_MAP), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('src/cli/main.ts');
    expect(map.sources.filter((s) => s.startsWith('/') || s.includes('..'))).toEqual([]);

    const again = await buildExecutables({ outDir: join(work, 'again'), fetch: false });
    expect(readFileSync(join(again.outDir, SUMS), 'utf8')).toBe(readFileSync(join(built.outDir, SUMS), 'utf8'));
    rmSync(again.outDir, { recursive: true, force: true });

    // Nothing of the machine that built it: neither the checkout's path nor the build directory's.
    const exe = readFileSync(built.executables.x64!.path);
    expect(exe.includes(REPO)).toBe(false);
    expect(exe.includes(work)).toBe(false);
  }, 240_000);

  /**
   * The checks every architecture passes; `runExe` runs the executable, alone in its folder,
   * under `env -i`. Under qemu (`emulated`) the report reads a smaller fixture, and the
   * checks that test nothing of the architecture (NODE_OPTIONS, the text report, the
   * CloudWatch Logs client) run on x64 only.
   */
  function behavesAsThePackage(
    arch: Arch,
    runExe: (args: string[], env?: Record<string, string>) => Promise<Run>,
    emulated: boolean,
  ): void {
    // (`fixtures` is set in beforeAll, after the tests are defined.)
    const logs = () => join(fixtures, emulated ? 'small' : 'logs');
    /** A test of the native executable only (under qemu it is not defined at all: no skipped test). */
    const onNative = (title: string, body: () => Promise<void>, timeoutMs?: number): void => {
      if (!emulated) it(title, body, timeoutMs);
    };
    it('--help prints the npm package help and nothing on stderr', async () => {
      const [exe, npm] = [await runExe(['--help']), await npmPackage(['--help'])];
      expect(exe.stderr).toBe('');
      expect(exe.stdout).toBe(npm.stdout);
      expect(exe.stdout).toMatch(/^tlstop: live monitor/);
      expect(exe.code).toBe(0);
    });

    it(`--version names tlstop, the embedded Node.js ${NODE_PINS.version} for ${arch}, Ink, and the fast output stage and the cell-diff writer active under their gates`, async () => {
      const exe = await runExe(['--version']);
      const ink = (JSON.parse(readFileSync(join(REPO, 'node_modules', 'ink', 'package.json'), 'utf8')) as { version: string }).version;
      const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
      expect(exe.stderr).toBe('');
      // The gates check the Ink version and the SHA-256 of the Ink modules the bundle was built from.
      const writer = Object.entries(CELL_DIFF_FINGERPRINTS)
        .map(([file, sha]) => `${file} sha256 ${sha.slice(0, 12)}`)
        .join(', ');
      expect(exe.stdout).toBe(
        `tlstop ${version}\nnode v${NODE_PINS.version} linux-${arch}, embedded in this executable\nink ${ink}\n` +
          `fast output stage: active (Ink ${VERIFIED_INK_VERSION}, output.js sha256 ${VERIFIED_OUTPUT_FINGERPRINT.slice(0, 12)})\n` +
          `terminal writer: cell diff (Ink ${VERIFIED_INK_VERSION}, ${writer})\n`,
      );
      expect(exe.code).toBe(0);
      const off = await runExe(['--version'], { TLSTOP_INK_FAST_OUTPUT: '0' });
      expect(off.stdout.split('\n')[3]).toBe("fast output stage: off, Ink's own in use (turned off by TLSTOP_INK_FAST_OUTPUT=0)");
    });

    it('report prints the same JSON and the same text as the npm package, with and without parse threads, and nothing on stderr', async () => {
      const json = ['report', '--json', '--file', logs()];
      const [exe, npm] = [await runExe(json), await npmPackage(json)];
      expect(exe.stderr).toBe('');
      expect(exe.stdout).toBe(npm.stdout);
      expect(exe.code).toBe(0);
      expect((JSON.parse(exe.stdout) as { connections: { total: number } }).connections.total).toBeGreaterThan(emulated ? 2_000 : 5_000);
      // Its parse threads start from the text embedded in it (no file of theirs on disk):
      // a thread that failed would say so on stderr, and the report is the same either way.
      const threaded = await runExe([...json, '--parse-threads', '2']);
      expect(threaded.stderr).toBe('');
      expect(threaded.stdout).toBe(npm.stdout);
      if (!emulated) {
        const text = ['report', '--file', logs()];
        const [exeText, npmText] = [await runExe(text), await npmPackage(text)];
        expect(exeText.stderr).toBe('');
        expect(exeText.stdout).toBe(npmText.stdout);
      }
    }, 180_000);

    onNative('ignores NODE_OPTIONS (execArgvExtension "none"): a --require of a missing file changes nothing', async () => {
      const exe = await runExe(['--version'], { NODE_OPTIONS: '--require /nonexistent/agent.js' });
      expect(exe.stderr).toBe('');
      expect(exe.code).toBe(0);
    });

    describeWithTool('moto_server', 'against moto_server: validate (S3, CloudTrail keys) and report (CloudWatch Logs)', () => {
      let moto: MotoServer;
      let keys: KeysServer;
      let chain: SignedChain;
      let args: string[];
      let reportArgs: string[];
      const env = (): Record<string, string> => ({
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_S3: moto.endpoint,
      });

      beforeAll(async () => {
        moto = await startMoto();
        const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString();
        chain = await writeSignedChain({ dir: join(work, `chain-${arch}`), hours: 3, logFilesPerHour: 2, privateKeyPem });
        await modifyLogFile(chain, chain.logFiles[1]!);
        const s3 = new S3Client({ region: chain.region, endpoint: moto.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
        for (const bucket of new Set([...chain.objects.values()].map((o) => o.bucket)))
          await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        await uploadChain(chain, async (bucket, key, body, metadata) => {
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }));
        });
        // CloudTrail's ListPublicKeys from the local keys server (the bundled CloudTrail client).
        keys = await startKeysServer({ keys: keysFromJson(chain.publicKeysJson), trails: [] });
        args = [
          'validate',
          ...['--trail-arn', chain.trailArn, '--start-time', chain.startTime, '--end-time', chain.endTime],
          ...['--s3-bucket', chain.bucket, '--endpoint-url', keys.endpoint, '--region', chain.region, '--verbose'],
        ];

        // 30 s of the demo's CloudFront JSON lines, re-timed to ten minutes ago, in a log group.
        const cloudwatch = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: TEST_CREDENTIALS });
        const group = `/tlstop/exe-${arch}`;
        await cloudwatch.send(new CreateLogGroupCommand({ logGroupName: group }));
        await cloudwatch.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'connections' }));
        const start = Math.floor(Date.now() / 1000) * 1000 - 600_000;
        // (Only the lines that are JSON: the demo's malformed ones would need their own time.)
        const demo = linesOf(demoSeconds(30).json, 0, 30).filter((line) => {
          try {
            return typeof JSON.parse(line) === 'object';
          } catch {
            return false;
          }
        });
        const lines = demo.map((line, i) => {
          const timestamp = start + Math.floor((i * 30_000) / demo.length);
          return { timestamp, message: JSON.stringify({ ...(JSON.parse(line) as object), eventTimestamp: timestamp }) };
        });
        // PutLogEvents takes at most 1 MB a call.
        for (let i = 0; i < lines.length; i += 1_000) {
          await cloudwatch.send(
            new PutLogEventsCommand({ logGroupName: group, logStreamName: 'connections', logEvents: lines.slice(i, i + 1_000) }),
          );
        }
        cloudwatch.destroy();
        reportArgs = [
          ...['report', '--json', '--log-group', group, '--mode', 'poll', '--region', 'us-east-1', '--endpoint-url', moto.endpoint],
          ...['--since', new Date(start - 60_000).toISOString(), '--until', new Date(start + 120_000).toISOString()],
        ];
      }, 120_000);
      afterAll(async () => {
        await moto?.stop();
        await keys?.stop();
      });

      it('finds the tampered log file and prints exactly what the npm package prints', async () => {
        const [exe, npm] = [await runExe(args, env()), await npmPackage(args, env())];
        expect(exe.stderr).toContain(`Log file\t${chain.logFiles[1]!.uri}\tINVALID: hash value doesn't match`);
        expect(exe.stdout).toContain('log files INVALID');
        expect(exe.stdout).toBe(npm.stdout);
        expect(exe.stderr).toBe(npm.stderr);
        expect(exe.code).toBe(1);
        expect(npm.code).toBe(1);
      }, 120_000);

      onNative(
        'report reads a CloudWatch Logs log group and prints the same JSON as the npm package',
        async () => {
          const [exe, npm] = [await runExe(reportArgs, env()), await npmPackage(reportArgs, env())];
          expect(exe.stderr).toBe('');
          expect(exe.stdout).toBe(npm.stdout);
          expect(exe.code).toBe(0);
          expect((JSON.parse(exe.stdout) as { connections: { total: number } }).connections.total).toBeGreaterThan(1_000);
        },
        180_000,
      );
    });
  }

  /** Runs the demo from `command` in a real terminal: distributions on screen (and the story's change, when asked), then `q`. */
  async function demoInTmux(command: string, cwd: string, options: { change: boolean; timeoutMs: number }): Promise<void> {
    const tmp = mkdtempSync(join(work, 'demo-tmp-'));
    const session = new TmuxSession({ socket: `tlstop-exe-${process.pid}-${Date.now().toString(36)}`, width: 100, height: 30, cwd });
    await session.start();
    try {
      await session.type(`env -i TERM=xterm-256color TMPDIR=${tmp} ${command} --demo; echo EXIT=$?`, true);
      const screen = await session.waitForScreen(
        (s) => s.includes('─ Distributions ') && s.includes('E2DX1SLDPK0123'),
        'the monitor',
        options.timeoutMs,
      );
      expect(screen).toMatch(/sources: 3 files connected/);
      expect(screen).not.toMatch(/theme .*(not found|using)/);
      // The monitor draws through the fast output stage and the cell-diff writer (a fallback
      // of either is noted in the sources row).
      expect(screen).not.toContain('fast output stage');
      expect(screen).not.toContain('terminal writer');
      expect(await session.format('#{alternate_on}')).toBe('1');
      if (options.change) {
        await session.waitForScreen(
          (s) => (s.split('\n')[1] ?? '').includes(`▲ ${BAD_CA_DISTRIBUTION}`) && (s.split('\n')[1] ?? '').includes('ClientCertUntrusted'),
          "the header to name the demo's change",
          60_000,
        );
      }
      await session.keys('q');
      await session.waitForScreen((s) => /^EXIT=0$/m.test(s), 'exit status 0 after q', 30_000);
      expect(await session.format('#{alternate_on}')).toBe('0');
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      await session.kill();
    }
  }

  describe('linux-x64, copied alone into an empty folder, run with env -i', () => {
    let alone = '';
    let exe = '';
    beforeAll(() => {
      alone = mkdtempSync(join(work, 'alone-x64-'));
      exe = join(alone, exeName('x64'));
      copyFileSync(built.executables.x64!.path, exe);
      spawnSync('chmod', ['+x', exe]);
    });
    const runExe = (args: string[], env: Record<string, string> = {}) =>
      run(['/usr/bin/env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), exe, ...args], alone);

    behavesAsThePackage('x64', runExe, false);

    it("events --mode live follows a Live Tail session (the SDK's event stream, inside the bundle)", async () => {
      const service = await startFakeLogsService();
      try {
        service.createLogGroup('/tlstop/live');
        const child = spawn(
          '/usr/bin/env',
          [
            ...['-i', 'AWS_ACCESS_KEY_ID=testing', 'AWS_SECRET_ACCESS_KEY=testing', exe, 'events', '--log-group', '/tlstop/live'],
            ...['--mode', 'live', '--follow', '--json', '--region', 'us-east-1', '--endpoint-url', service.endpoint],
          ],
          { cwd: alone },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
        await service.waitForSessions(1, 20_000);
        const line = linesOf(demoSeconds(2).json, 1, 2).find((l) => l.startsWith('{"'))!;
        const event = { ...(JSON.parse(line) as { connectionId: string }), eventTimestamp: Date.now() };
        service.pushEvents('/tlstop/live', 'cf', [{ timestamp: Date.now(), message: JSON.stringify(event) }]);
        await waitFor(() => stdout.includes(event.connectionId), 'the pushed event on stdout', {
          timeoutMs: 20_000,
          observe: () => ({ stdout, stderr }),
        });
        child.kill('SIGINT');
        expect(await closed).toBe(0);
        expect(stderr).toBe('');
        expect(service.calls.get('StartLiveTail')).toBe(1);
      } finally {
        await service.stop();
      }
    }, 60_000);

    itWithTool(
      'strace',
      'reads no node_modules, package.json, themes folder or checkout (every path it touches, under strace)',
      async () => {
        const log = join(work, 'strace.log');
        for (const args of [['--version'], ['--help'], ['report', '--json', '--file', join(fixtures, 'logs')]]) {
          const traced = await run([which('strace'), '-f', '-qq', '-e', 'trace=%file', '-o', log, exe, ...args], alone);
          expect(traced.code).toBe(0);
          const paths = [...readFileSync(log, 'utf8').matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
          expect(paths.length).toBeGreaterThan(10);
          const forbidden = paths.filter(
            (p) =>
              p.includes('node_modules') ||
              p.endsWith('package.json') ||
              p.includes('/themes') ||
              p.startsWith(REPO) ||
              (p.startsWith(alone) && p !== exe && p !== alone),
          );
          expect(forbidden, `${args.join(' ')} touched them`).toEqual([]);
        }
      },
      120_000,
    );

    describeWithTool('tmux', 'in a real terminal', () => {
      it("--demo shows the monitor, names the story's change in the header, quits on q with status 0 and restores the terminal", async () => {
        await demoInTmux(`./${exeName('x64')}`, alone, { change: true, timeoutMs: 30_000 });
      }, 150_000);
    });
  });

  describeWithTool('qemu-aarch64', 'linux-arm64 under qemu-user, copied alone into an empty folder, run with env -i', () => {
    let alone = '';
    let qemu = '';
    beforeAll(() => {
      alone = mkdtempSync(join(work, 'alone-arm64-'));
      copyFileSync(built.executables.arm64!.path, join(alone, exeName('arm64')));
      spawnSync('chmod', ['+x', join(alone, exeName('arm64'))]);
      qemu = which('qemu-aarch64');
    });
    const runExe = (args: string[], env: Record<string, string> = {}) =>
      run(
        [
          '/usr/bin/env',
          '-i',
          ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
          qemu,
          '-L',
          ARM64_SYSROOT,
          `./${exeName('arm64')}`,
          ...args,
        ],
        alone,
      );

    behavesAsThePackage('arm64', runExe, true);

    describeWithTool('tmux', 'in a real terminal', () => {
      it('--demo shows the monitor, quits on q with status 0 and restores the terminal', async () => {
        await demoInTmux(`${qemu} -L ${ARM64_SYSROOT} ./${exeName('arm64')}`, alone, { change: false, timeoutMs: 90_000 });
      }, 180_000);
    });
  });
});
