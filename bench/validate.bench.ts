/**
 * CloudTrail digest-chain validation speed. A generated, signed trail of 500+ log files
 * is served by moto_server S3 (and the public keys by the local CloudTrail keys server);
 * `tlstop validate` and `aws cloudtrail validate-logs` validate the same bucket in the
 * same run, both as child processes from a cold start. Then local mode (`--local`) in
 * MB/s of uncompressed data, against `zcat FILES | sha256sum` over the same files.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSignedChain } from '../src/digest/chain-writer.js';
import { keysFromJson, startKeysServer } from '../test/helpers/cloudtrail-keys-server.js';
import { motoAvailable, startMoto, TEST_CREDENTIALS } from '../test/helpers/moto.js';
import type { BenchSection } from './types.js';

const HOURS = Number(process.env.TLSTOP_BENCH_DIGEST_HOURS ?? 50);
const PER_HOUR = Number(process.env.TLSTOP_BENCH_LOGS_PER_HOUR ?? 10);
const RECORDS = Number(process.env.TLSTOP_BENCH_RECORDS_PER_LOG ?? 100);
const RUNS = 3;
const LATENCY_MS = Number(process.env.TLSTOP_BENCH_S3_LATENCY_MS ?? 20);
const work = join(import.meta.dirname, '.work', 'validate');
const root = join(import.meta.dirname, '..');

interface Timed {
  seconds: number;
  code: number;
  stdout: string;
  stderr: string;
}

async function timeChild(command: string, args: string[], env: NodeJS.ProcessEnv, shell = false): Promise<Timed> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...process.env, ...env }, cwd: root, shell });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, code, stdout, stderr };
}

const TLSTOP = [
  '--import',
  'tsx',
  '--input-type=module',
  '-e',
  "const m = await import('./src/cli/validate-command.ts'); process.exitCode = await m.runValidateCommand(process.argv.slice(1));",
  '--',
];

/** A proxy adding `delayMs` before each request reaches moto: the round trip of a real network. */
async function startLatencyProxy(target: string, delayMs: number): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((req, res) => {
    setTimeout(() => {
      const upstream = httpRequest(
        { host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers, agent },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ');
}

export default async function bench(): Promise<BenchSection> {
  await rm(work, { recursive: true, force: true });
  const credentials = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey };
  const lines: string[] = [];
  const chainStarted = Date.now();
  // Generate locally first; upload below only when moto is there.
  const chain = await writeSignedChain({
    dir: work,
    hours: HOURS,
    logFilesPerHour: PER_HOUR,
    recordsPerLogFile: RECORDS,
    sidecars: 'newest',
  });
  const keysFile = join(work, 'keys.json');
  await writeFile(keysFile, chain.publicKeysJson);
  const uncompressed = chain.logFiles.reduce((sum, f) => sum + f.bytes, 0);
  lines.push(
    `Trail: ${chain.digests.length} hourly digests, ${chain.logFiles.length} log files of ${RECORDS} CloudTrail records each, ` +
      `${(uncompressed / 1e6).toFixed(1)} MB uncompressed (generated in ${((Date.now() - chainStarted) / 1000).toFixed(1)} s).`,
    '',
  );
  const common = ['--trail-arn', chain.trailArn, '--start-time', chain.startTime, '--end-time', chain.endTime, '--s3-bucket', chain.bucket];

  const hasAws = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!motoAvailable()) {
    lines.push('S3 comparison skipped: moto_server is not installed.', '');
  } else {
    const moto = await startMoto();
    const keys = await startKeysServer({ keys: keysFromJson(chain.publicKeysJson) });
    try {
      const s3 = new S3Client({ region: chain.region, endpoint: moto.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
      await s3.send(new CreateBucketCommand({ Bucket: chain.bucket }));
      const { readFile } = await import('node:fs/promises');
      const objects = [...chain.objects.values()];
      for (let i = 0; i < objects.length; i += 16) {
        await Promise.all(
          objects.slice(i, i + 16).map(async (o) =>
            s3.send(
              new PutObjectCommand({
                Bucket: o.bucket,
                Key: o.key,
                Body: await readFile(join(work, o.bucket, o.key)),
                Metadata: o.metadata,
              }),
            ),
          ),
        );
      }
      const args = [...common, '--region', chain.region, '--endpoint-url', keys.endpoint];
      const expected = `${chain.logFiles.length}/${chain.logFiles.length} log files valid`;
      const proxy = await startLatencyProxy(moto.endpoint, LATENCY_MS);
      try {
        for (const [label, s3Endpoint] of [
          ['moto_server on 127.0.0.1 directly', moto.endpoint],
          [`moto_server behind a ${LATENCY_MS} ms round-trip proxy (like S3 over a network)`, proxy.endpoint],
        ] as const) {
          const env = {
            ...credentials,
            AWS_ENDPOINT_URL_S3: s3Endpoint,
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          };
          const ours: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const run = await timeChild('node', [...TLSTOP, ...args], env);
            if (run.code !== 0 || !run.stdout.includes(expected))
              throw new Error(`tlstop validate failed: ${run.stderr} ${lastLines(run.stdout)}`);
            ours.push(run.seconds);
          }
          lines.push(`**S3: ${label}**, each run a cold process:`, '', '| command | median | runs |', '|---|---:|---|');
          lines.push(
            `| \`tlstop validate\` (default concurrency 16) | ${median(ours).toFixed(2)} s | ${ours.map((x) => x.toFixed(2)).join(', ')} |`,
          );
          if (hasAws) {
            const theirs: number[] = [];
            let cliSummary = '';
            for (let i = 0; i < 2; i++) {
              const run = await timeChild('aws', ['cloudtrail', 'validate-logs', ...args], env);
              if (run.code !== 0 || !run.stdout.includes(expected))
                throw new Error(`aws cloudtrail validate-logs did not validate: ${run.stderr} ${lastLines(run.stdout)}`);
              theirs.push(run.seconds);
              cliSummary = lastLines(run.stdout);
            }
            lines.push(
              `| \`aws cloudtrail validate-logs\` (baseline) | ${median(theirs).toFixed(2)} s | ${theirs.map((x) => x.toFixed(2)).join(', ')} |`,
            );
            lines.push(
              '',
              `**tlstop: ${(median(theirs) / median(ours)).toFixed(1)}x faster** (target 5x). The CLI validated every file too: \`${cliSummary}\`.`,
              '',
            );
          } else {
            lines.push('', 'AWS CLI baseline skipped: `aws` is not installed.', '');
          }
        }
      } finally {
        await proxy.stop();
      }
      lines.push(
        'The AWS CLI reads S3 through `AWS_ENDPOINT_URL_S3` and calls ListPublicKeys on `--endpoint-url` (the local CloudTrail keys server, test/helpers/cloudtrail-keys-server.ts); tlstop runs with the same environment and arguments.',
        'Directly on 127.0.0.1 the ceiling is moto_server itself: one Python process serving every GET on the same 2 cores, about as fast for one sequential client as for sixteen, so tlstop cannot fetch faster than moto serves and its ~1.5 s Node + AWS SDK start-up is what is left to compare. With a network round trip, concurrency pays off as it does against real S3, until moto becomes the ceiling again.',
        '',
      );
    } finally {
      await keys.stop();
      await moto.stop();
    }
  }

  // Local mode: uncompressed MB/s against zcat | sha256sum over the same log files.
  const localArgs = [...common, '--local', chain.localDir, '--public-keys', keysFile];
  const localRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await timeChild('node', [...TLSTOP, ...localArgs], credentials);
    if (run.code !== 0) throw new Error(`tlstop validate --local failed: ${run.stderr}`);
    localRuns.push(run.seconds);
  }
  const inProcess: number[] = [];
  const { runValidateCommand } = await import('../src/cli/validate-command.js');
  const { Writable } = await import('node:stream');
  const discard = () => new Writable({ write: (_c, _e, done) => done() });
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const code = await runValidateCommand(localArgs, { stdout: discard(), stderr: discard(), env: {} });
    if (code !== 0) throw new Error('in-process tlstop validate --local failed');
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const listFile = join(work, 'log-files.txt');
  await writeFile(listFile, chain.logFiles.map((f) => join(work, f.bucket, f.key)).join('\n') + '\n');
  const zcatRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await timeChild('sh', ['-c', `xargs zcat < '${listFile}' | sha256sum`], {});
    if (run.code !== 0) throw new Error(`zcat | sha256sum failed: ${run.stderr}`);
    zcatRuns.push(run.seconds);
  }
  const mb = uncompressed / 1e6;
  const oursLocal = median(localRuns);
  const zcat = median(zcatRuns);
  lines.push(
    '| Local copy, same files | median time | uncompressed MB/s |',
    '|---|---:|---:|',
    `| \`tlstop validate --local\` (whole command: start-up, digests, signatures, every log file) | ${oursLocal.toFixed(2)} s | ${(mb / oursLocal).toFixed(1)} |`,
    `| \`tlstop validate --local\`, in-process (no process start-up) | ${median(inProcess).toFixed(2)} s | ${(mb / median(inProcess)).toFixed(1)} |`,
    `| \`zcat FILES \\| sha256sum\` (baseline: one stream, no verification) | ${zcat.toFixed(2)} s | ${(mb / zcat).toFixed(1)} |`,
    '',
    `Ratio to the baseline's throughput: ${(zcat / oursLocal).toFixed(2)}x for the whole command, ${(zcat / median(inProcess)).toFixed(2)}x in-process (default concurrency 16).`,
  );
  await rm(work, { recursive: true, force: true });
  return { title: 'CloudTrail digest validation (`tlstop validate`)', markdown: lines.join('\n') };
}
