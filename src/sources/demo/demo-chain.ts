/**
 * The demo's CloudTrail digest chain: a few hours of locally signed digests and log
 * files, laid out like `aws s3 sync s3://BUCKET DIR`, with one log file tampered with,
 * so that `v` (or `tlstop validate --local`) has something real to find.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSignedChain } from '../../digest/chain-writer.js';
import { modifyLogFile } from '../../digest/modify-log-file.js';

/** Everything the validator needs to check the demo's chain from its local copy. */
export interface DemoChain {
  /** The `--local` directory: the bucket root of the copy. */
  localDir: string;
  /** The bucket the copy stands for (`--s3-bucket`), used in `s3://` names. */
  bucket: string;
  /** S3 key prefix of the trail; empty for none. */
  prefix: string;
  trailArn: string;
  /** `--start-time` / `--end-time` covering the whole chain (ISO 8601, seconds). */
  startTime: string;
  endTime: string;
  /** `aws cloudtrail list-public-keys` JSON with the demo's signing key (`--public-keys`). */
  publicKeysPath: string;
  /** `s3://` URI of the log file the demo modified: validation reports it INVALID. */
  tamperedUri: string;
  digests: number;
  logFiles: number;
}

/** Options of writeDemoChain. */
export interface DemoChainOptions {
  /** Parent directory; the bucket copy goes to `<dir>/<bucket>/`. */
  dir: string;
  /** Epoch ms the chain ends before (its last digest ends at the last whole hour before it, minus a little). */
  nowMs: number;
  seed?: number;
  /** Hourly digests (default 4). */
  hours?: number;
  /** Log files per hour (default 3). */
  logFilesPerHour?: number;
}

/** Bucket name of the demo's trail. */
export const DEMO_TRAIL_BUCKET = 'tlstop-demo-cloudtrail';

const HOUR = 3_600_000;

/**
 * Writes and signs the chain (a fresh RSA key per run), writes a `.sig` sidecar per digest
 * (a local copy has no S3 metadata), publishes the key as `public-keys.json`, and modifies
 * one log file of the second hour so its hash no longer matches.
 */
export async function writeDemoChain(options: DemoChainOptions): Promise<DemoChain> {
  const hours = options.hours ?? 4;
  // CloudTrail digest periods start at an arbitrary minute; end the chain before `now`.
  const lastWholeHour = Math.floor(options.nowMs / HOUR) * HOUR;
  const startTime = new Date(lastWholeHour - hours * HOUR - HOUR + 17 * 60_000 + 28_000);
  const chain = await writeSignedChain({
    dir: options.dir,
    bucket: DEMO_TRAIL_BUCKET,
    accountId: '111122223333',
    region: 'us-east-1',
    trailName: 'tlstop-demo-trail',
    hours,
    logFilesPerHour: options.logFilesPerHour ?? 3,
    recordsPerLogFile: 20,
    startTime,
    sidecars: 'all',
    seed: options.seed ?? 1,
  });
  const target = chain.digests[Math.min(1, chain.digests.length - 1)]?.logFiles[1] ?? chain.logFiles[0];
  if (!target) throw new Error('demo chain has no log file to tamper with');
  await modifyLogFile(chain, target);
  const publicKeysPath = join(options.dir, 'public-keys.json');
  await writeFile(publicKeysPath, chain.publicKeysJson);
  return {
    localDir: chain.localDir,
    bucket: chain.bucket,
    prefix: chain.prefix,
    trailArn: chain.trailArn,
    startTime: chain.startTime,
    endTime: chain.endTime,
    publicKeysPath,
    tamperedUri: target.uri,
    digests: chain.digests.length,
    logFiles: chain.logFiles.length,
  };
}
