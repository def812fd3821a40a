import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { writeSignedChain, type ChainWriterOptions, type SignedChain } from '../../src/digest/chain-writer.js';
import { publicKeysJson } from '../../src/digest/index.js';
import { keysFromJson, startKeysServer, type KeysServer, type ServedTrail } from '../helpers/cloudtrail-keys-server.js';
import { resetMoto, startMoto, TEST_CREDENTIALS, type MotoServer } from '../helpers/moto.js';
import { describeWithTool, itWithTool } from '../helpers/tools.js';
import { ensureBuilt } from '../e2e/tmux-driver.js';
import { errorLines, runValidate, runValidateBinary, type RunResult } from './run-validate.js';
import {
  deleteDigest,
  deleteLogFile,
  dropSignatureMetadata,
  makeLogFileNotGzip,
  modifyDigest,
  modifyLogFile,
  moveDigest,
} from './tamper.js';
import { uploadChain } from './upload-chain.js';

const root = mkdtempSync(join(tmpdir(), 'tlstop-digest-s3-'));
const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let moto: MotoServer;
let s3: S3Client;
let counter = 0;

async function put(bucket: string, key: string, body: Buffer, metadata: Record<string, string>): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }));
}

async function chainWith(options: Partial<ChainWriterOptions> = {}): Promise<SignedChain> {
  return writeSignedChain({ dir: join(root, `c${++counter}`), hours: 3, logFilesPerHour: 2, privateKeyPem, ...options });
}

async function upload(chain: SignedChain): Promise<void> {
  const buckets = new Set([...chain.objects.values()].map((o) => o.bucket));
  for (const bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await uploadChain(chain, put);
}

async function withKeys<T>(
  chain: SignedChain,
  run: (keys: KeysServer) => Promise<T>,
  extra: { trails?: ServedTrail[]; pageSize?: number; json?: string } = {},
): Promise<T> {
  const keys = await startKeysServer({
    keys: keysFromJson(extra.json ?? chain.publicKeysJson),
    trails: extra.trails ?? [],
    pageSize: extra.pageSize,
  });
  try {
    return await run(keys);
  } finally {
    await keys.stop();
  }
}

function baseArgs(chain: SignedChain, keys: KeysServer): string[] {
  return [
    '--trail-arn',
    chain.trailArn,
    '--start-time',
    chain.startTime,
    '--end-time',
    chain.endTime,
    '--region',
    chain.region,
    '--endpoint-url',
    keys.endpoint,
  ];
}

const env = () => ({ AWS_ENDPOINT_URL_S3: moto.endpoint });

async function runAwsCli(args: string[]): Promise<RunResult> {
  const child = spawn('aws', ['cloudtrail', 'validate-logs', ...args], {
    env: { ...process.env, ...env(), ...TEST_CREDENTIALS_ENV, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

const TEST_CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey };

describeWithTool('moto_server', 'tlstop validate against moto_server S3', () => {
  beforeAll(async () => {
    // The CLI comparisons run the real binary: its process streams, not buffers.
    await ensureBuilt();
    moto = await startMoto();
    s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetMoto(moto.endpoint);
  });

  itWithTool(
    'aws',
    'prints exactly what `aws cloudtrail validate-logs` prints on both streams, verbose and not (the real binary)',
    async () => {
      const chain = await chainWith({ hours: 10, emptyHours: [6], stoppedHours: [2], unknownKeyHours: [4] });
      // digests[] holds hours 0,1,3,...,9 (hour 2 stopped: a gap before hour 3).
      const byHour = (h: number) => chain.digests.find((d) => d.hour === h)!;
      await modifyLogFile(chain, byHour(9).logFiles[0]!);
      await deleteLogFile(chain, byHour(9).logFiles[1]!);
      await makeLogFileNotGzip(chain, byHour(5).logFiles[0]!);
      await modifyDigest(chain, byHour(8));
      await deleteDigest(chain, byHour(7));
      await dropSignatureMetadata(chain, byHour(1));
      await moveDigest(chain, byHour(0));
      await upload(chain);
      await withKeys(chain, async (keys) => {
        for (const verbose of [['--verbose'], []]) {
          const args = [...baseArgs(chain, keys), '--s3-bucket', chain.bucket, ...verbose];
          const [cli, ours] = [await runAwsCli(args), await runValidateBinary(args, env())];
          for (const reason of [
            'signature verification failed',
            'INVALID: not found',
            'has been moved',
            'public key not found',
            "hash value doesn't match",
            'invalid format',
            'No log files were delivered',
          ]) {
            expect(cli.stderr).toContain(reason);
          }
          expect(ours.stdout).toBe(cli.stdout);
          expect(ours.stderr).toBe(cli.stderr);
          expect(ours.code).toBe(cli.code);
        }
      });
    },
    60_000,
  );

  itWithTool(
    'aws',
    'matches the CLI on a clean chain with backfill digests',
    async () => {
      const chain = await chainWith({ hours: 3, backfillDigests: 2 });
      await upload(chain);
      await withKeys(chain, async (keys) => {
        const args = [...baseArgs(chain, keys), '--s3-bucket', chain.bucket, '--verbose'];
        const [cli, ours] = [await runAwsCli(args), await runValidateBinary(args, env())];
        expect(cli.stdout).toContain('(backfill) Digest file');
        expect(ours.stdout).toBe(cli.stdout);
        expect(ours.stderr).toBe(cli.stderr);
        expect(ours.code).toBe(0);
      });
    },
    60_000,
  );

  it('finds the bucket with DescribeTrails and pages through ListPublicKeys', async () => {
    const chain = await chainWith({ prefix: 'trails/main' });
    await upload(chain);
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' });
    const mine = JSON.parse(chain.publicKeysJson) as { PublicKeyList: { ValidityStartTime: string; ValidityEndTime: string }[] };
    const validity = {
      validityStart: new Date(mine.PublicKeyList[0]!.ValidityStartTime),
      validityEnd: new Date(mine.PublicKeyList[0]!.ValidityEndTime),
    };
    // Two keys, one per page: the chain's key is on the second page.
    const json = publicKeysJson([
      { der: other, ...validity },
      { der: chain.publicKeyDer, ...validity },
    ]);
    await withKeys(
      chain,
      async (keys) => {
        const result = await runValidate(baseArgs(chain, keys), env());
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('3/3 digest files valid\n6/6 log files valid\n');
        expect(keys.calls.filter((c) => c === 'ListPublicKeys')).toHaveLength(2);
        expect(keys.calls[0]).toBe('DescribeTrails');
      },
      { trails: [{ trailArn: chain.trailArn, bucket: chain.bucket, prefix: 'trails/main' }], pageSize: 1, json },
    );
  }, 60_000);

  it('validates an organization trail, a bucket change and reports tampering over S3', async () => {
    const chain = await chainWith({
      hours: 4,
      organizationId: 'o-exampleorg1',
      accountId: '444455556666',
      bucketChange: { hour: 2, bucket: 'tlstop-second-bucket' },
    });
    await modifyLogFile(chain, chain.logFiles[0]!);
    await upload(chain);
    await withKeys(
      chain,
      async (keys) => {
        const result = await runValidate([...baseArgs(chain, keys), '--account-id', '444455556666', '--verbose'], env());
        expect(errorLines(result)).toEqual([`Log file\t${chain.logFiles[0]!.uri}\tINVALID: hash value doesn't match`]);
        expect(result.stdout).toContain(`Digest file\ts3://tlstop-trail-bucket/${chain.digests[1]!.key}\tvalid`);
        expect(result.stdout).toContain('4/4 digest files valid\n7/8 log files valid, 1/8 log files INVALID\n');
        expect(result.code).toBe(1);
        const missingAccount = await runValidate(baseArgs(chain, keys), env());
        expect(missingAccount.code).toBe(2);
        expect(missingAccount.stderr).toContain('--account-id');
      },
      { trails: [{ trailArn: chain.trailArn, bucket: chain.bucket, isOrganizationTrail: true }] },
    );
  }, 60_000);

  it('exits 2 with a clear message when the bucket does not exist', async () => {
    const chain = await chainWith();
    const keysFile = join(root, 'keys.json');
    writeFileSync(keysFile, chain.publicKeysJson);
    const result = await runValidate([
      '--trail-arn',
      chain.trailArn,
      '--start-time',
      chain.startTime,
      '--s3-bucket',
      'no-such-bucket',
      '--public-keys',
      keysFile,
      '--endpoint-url',
      moto.endpoint,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tlstop validate: Not found: .*bucket/i);
  }, 60_000);
});
