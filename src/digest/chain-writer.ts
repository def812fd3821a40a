/**
 * Generates a signed CloudTrail digest chain (digests + log files, signed with an RSA key
 * of its own) into a directory laid out like `aws s3 sync s3://BUCKET DIR`, optionally
 * uploading each object (with its S3 metadata) through a callback. The built-in demo signs
 * its chain with it; the tests and the benchmark build theirs with it too (the tests'
 * tamper helpers are in test/digest/tamper.ts).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { digestKeyFor, formatDisplayDate, type DigestKeyScope } from './digest-key.js';
import { stringToSign, type DigestData } from './digest-check.js';
import { fingerprintOf, publicKeysJson } from './public-keys.js';
import type { ChainLogFile, SignedChain } from './signed-chain.js';
import { trailRecordsJson } from './trail-records.js';
import { Prng } from '../random/prng.js';

export type { ChainDigest, ChainLogFile, SignedChain } from './signed-chain.js';

/** What to generate. Every field has a default. */
export interface ChainWriterOptions {
  /** Parent directory: each bucket is written to `<dir>/<bucket>/`. */
  dir: string;
  bucket?: string;
  /** S3 key prefix of the trail (no trailing slash). */
  prefix?: string;
  /** Account whose files these are (the member account for organization trails). */
  accountId?: string;
  region?: string;
  trailName?: string;
  /** Makes an organization trail: keys get `AWSLogs/<organizationId>/<accountId>/`. */
  organizationId?: string;
  /** Account in the trail ARN of an organization trail (default 999999999999). */
  managementAccountId?: string;
  /** Number of hourly digests (default 3). */
  hours?: number;
  logFilesPerHour?: number;
  recordsPerLogFile?: number;
  /** Start of the first digest period (default 2026-11-20T00:17:28Z). */
  startTime?: Date;
  /** PEM of an RSA private key; a fresh 2048-bit key otherwise. */
  privateKeyPem?: string;
  /** Write `<digest>.sig` hex sidecars for every digest, only the newest, or none (default). */
  sidecars?: 'all' | 'newest' | 'none';
  /** Hours (0-based) whose digest lists no log files. */
  emptyHours?: number[];
  /** Hours with no digest at all (logging stopped); the next digest starts a new chain. */
  stoppedHours?: number[];
  /** From this hour on, digests and log files go to `bucket` and the first links back to the old one. */
  bucketChange?: { hour: number; bucket: string };
  /** Number of backfill digests (a separate chain, `_backfill.json.gz`). */
  backfillDigests?: number;
  /** Hours signed with a key that is not published (unknown fingerprint). */
  unknownKeyHours?: number[];
  /** Change a digest's JSON before it is signed (for the stricter checks). */
  mutateDigest?: (hour: number, digest: Record<string, unknown>) => void;
  /** Upload each object too (e.g. to moto_server). */
  putObject?: (bucket: string, key: string, body: Buffer, metadata: Record<string, string>) => Promise<void>;
  /** Seed of the pseudo-random names and records (default 1). */
  seed?: number;
}

const HOUR = 3_600_000;

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function isoSeconds(date: Date): string {
  return formatDisplayDate(date);
}

/**
 * Generate a signed chain. Digest `h` covers [start + h hours, start + h+1 hours]; its key
 * stamp is its end time, as CloudTrail names them. Files are written under
 * `<dir>/<bucket>/<key>` and, with `putObject`, uploaded with their S3 metadata.
 */
export async function writeSignedChain(options: ChainWriterOptions): Promise<SignedChain> {
  const source = new Prng(options.seed ?? 1);
  const random = () => source.next();
  const firstBucket = options.bucket ?? 'tlstop-trail-bucket';
  const accountId = options.accountId ?? '111122223333';
  const region = options.region ?? 'us-east-1';
  const trailName = options.trailName ?? 'management-events';
  const prefix = options.prefix ?? '';
  const hours = options.hours ?? 3;
  const perHour = options.logFilesPerHour ?? 2;
  const base = options.startTime ?? new Date('2026-11-20T00:17:28Z');
  const arnAccount = options.organizationId ? (options.managementAccountId ?? '999999999999') : accountId;
  const trailArn = `arn:aws:cloudtrail:${region}:${arnAccount}:trail/${trailName}`;
  const privateKey: KeyObject = options.privateKeyPem
    ? createPrivateKey(options.privateKeyPem)
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const publicKeyDer = createPublicKey(privateKey).export({ type: 'pkcs1', format: 'der' });
  const unknownKey = (options.unknownKeyHours ?? []).length > 0 ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : null;
  const scope: DigestKeyScope = {
    accountId,
    trailName,
    sourceRegion: region,
    homeRegion: region,
    organizationId: options.organizationId,
    prefix: prefix || undefined,
  };
  const chain: SignedChain = {
    trailArn,
    startTime: isoSeconds(base),
    endTime: isoSeconds(new Date(base.getTime() + hours * HOUR)),
    publicKeysJson: publicKeysJson([
      {
        der: publicKeyDer,
        validityStart: new Date(base.getTime() - 30 * 24 * HOUR),
        validityEnd: new Date(base.getTime() + 30 * 24 * HOUR),
      },
    ]),
    publicKeyDer,
    fingerprint: fingerprintOf(publicKeyDer),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    bucket: options.bucketChange && options.bucketChange.hour < hours ? options.bucketChange.bucket : firstBucket,
    prefix,
    accountId,
    region,
    organizationId: options.organizationId,
    dir: options.dir,
    localDir: '',
    digests: [],
    logFiles: [],
    objects: new Map(),
  };
  chain.localDir = join(options.dir, chain.bucket);
  const root = prefix
    ? `${prefix}/AWSLogs/${options.organizationId ? `${options.organizationId}/` : ''}${accountId}`
    : `AWSLogs/${options.organizationId ? `${options.organizationId}/` : ''}${accountId}`;

  async function put(bucket: string, key: string, body: Buffer, metadata: Record<string, string>): Promise<void> {
    const path = join(options.dir, bucket, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    chain.objects.set(`${bucket}/${key}`, { bucket, key, metadata });
    await options.putObject?.(bucket, key, body, metadata);
  }

  async function writeLogs(
    bucket: string,
    periodStart: Date,
    count: number,
  ): Promise<{ entry: Record<string, unknown>; file: ChainLogFile }[]> {
    const out: { entry: Record<string, unknown>; file: ChainLogFile }[] = [];
    for (let i = 0; i < count; i++) {
      const at = new Date(periodStart.getTime() + Math.floor(((i + 0.5) * HOUR) / Math.max(1, count)));
      const ymd = at.toISOString().slice(0, 10).replace(/-/g, '/');
      const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
      const name = Array.from({ length: 16 }, () => ALPHANUM[Math.floor(random() * ALPHANUM.length)]).join('');
      const key = `${root}/CloudTrail/${region}/${ymd}/${accountId}_CloudTrail_${region}_${stamp}_${name}.json.gz`;
      const json = Buffer.from(trailRecordsJson(random, options.recordsPerLogFile ?? 5, at, accountId, region));
      await put(bucket, key, gzipSync(json), {});
      const file = { bucket, key, uri: `s3://${bucket}/${key}`, bytes: json.length };
      chain.logFiles.push(file);
      out.push({
        file,
        entry: {
          s3Bucket: bucket,
          s3Object: key,
          hashValue: createHash('sha256').update(json).digest('hex'),
          hashAlgorithm: 'SHA-256',
          newestEventTime: isoSeconds(at),
          oldestEventTime: isoSeconds(at),
        },
      });
    }
    return out;
  }

  async function writeChain(
    periods: { hour: number; start: Date; end: Date; bucket: string; logs: number; backfill: boolean }[],
  ): Promise<void> {
    let previous: { bucket: string; key: string; sha256: string; signature: string } | null = null;
    for (const period of periods) {
      if (period.logs < 0) {
        previous = null;
        continue;
      }
      const logs = await writeLogs(period.bucket, period.start, period.logs);
      const key = digestKeyFor(scope, period.end, period.backfill);
      const digest: Record<string, unknown> = {
        awsAccountId: accountId,
        digestStartTime: isoSeconds(period.start),
        digestEndTime: isoSeconds(period.end),
        digestS3Bucket: period.bucket,
        digestS3Object: key,
        digestPublicKeyFingerprint: chain.fingerprint,
        digestSignatureAlgorithm: 'SHA256withRSA',
        newestEventTime: isoSeconds(period.end),
        oldestEventTime: isoSeconds(period.start),
        previousDigestS3Bucket: previous?.bucket ?? null,
        previousDigestS3Object: previous?.key ?? null,
        previousDigestHashValue: previous?.sha256 ?? null,
        previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
        previousDigestSignature: previous?.signature ?? null,
        logFiles: logs.map((l) => l.entry),
      };
      const signingKey = unknownKey && options.unknownKeyHours?.includes(period.hour) ? unknownKey : privateKey;
      if (signingKey === unknownKey) {
        digest.digestPublicKeyFingerprint = fingerprintOf(createPublicKey(signingKey).export({ type: 'pkcs1', format: 'der' }));
      }
      options.mutateDigest?.(period.hour, digest);
      const inflated = Buffer.from(JSON.stringify(digest));
      const sha256 = createHash('sha256').update(inflated).digest('hex');
      const signature = sign('sha256', Buffer.from(stringToSign(digest as unknown as DigestData, sha256)), signingKey).toString('hex');
      const metadata: Record<string, string> = { signature, 'signature-algorithm': 'SHA256withRSA' };
      if (period.backfill) metadata['backfill-generation-timestamp'] = isoSeconds(new Date(base.getTime() + (hours + 1) * HOUR));
      await put(period.bucket, key, gzipSync(inflated), metadata);
      chain.digests.push({
        bucket: period.bucket,
        key,
        uri: `s3://${period.bucket}/${key}`,
        hour: period.hour,
        backfill: period.backfill,
        signature,
        startTime: isoSeconds(period.start),
        endTime: isoSeconds(period.end),
        logFiles: logs.map((l) => l.file),
      });
      previous = { bucket: period.bucket, key, sha256, signature };
    }
  }

  const bucketFor = (hour: number) =>
    options.bucketChange && hour >= options.bucketChange.hour ? options.bucketChange.bucket : firstBucket;
  await writeChain(
    Array.from({ length: hours }, (_, hour) => ({
      hour,
      start: new Date(base.getTime() + hour * HOUR),
      end: new Date(base.getTime() + (hour + 1) * HOUR),
      bucket: bucketFor(hour),
      logs: options.stoppedHours?.includes(hour) ? -1 : options.emptyHours?.includes(hour) ? 0 : perHour,
      backfill: false,
    })),
  );
  await writeChain(
    Array.from({ length: options.backfillDigests ?? 0 }, (_, i) => ({
      hour: hours + i,
      start: new Date(base.getTime() + i * HOUR + HOUR / 2),
      end: new Date(base.getTime() + (i + 1) * HOUR + HOUR / 2),
      bucket: chain.bucket,
      logs: 1,
      backfill: true,
    })),
  );
  const sidecars = options.sidecars ?? 'none';
  const standard = chain.digests.filter((d) => !d.backfill);
  for (const digest of chain.digests) {
    if (sidecars === 'all' || (sidecars === 'newest' && (digest === standard[standard.length - 1] || digest.backfill))) {
      await writeFile(join(options.dir, digest.bucket, `${digest.key}.sig`), `${digest.signature}\n`);
    }
  }
  return chain;
}
