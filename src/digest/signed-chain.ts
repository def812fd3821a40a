/**
 * What `writeSignedChain` returns: a signed CloudTrail digest chain on disk, laid out like
 * `aws s3 sync s3://BUCKET DIR`, with what to pass to the validator and where every
 * digest and log file is.
 */
import { join } from 'node:path';

/** One generated digest. */
export interface ChainDigest {
  bucket: string;
  key: string;
  uri: string;
  hour: number;
  backfill: boolean;
  signature: string;
  startTime: string;
  endTime: string;
  logFiles: ChainLogFile[];
}

/** One generated log file. */
export interface ChainLogFile {
  bucket: string;
  key: string;
  uri: string;
  /** Uncompressed size. */
  bytes: number;
}

/** A generated chain: what to pass to `tlstop validate` and where everything is. */
export interface SignedChain {
  trailArn: string;
  /** `--start-time` / `--end-time` values covering the whole chain. */
  startTime: string;
  endTime: string;
  /** `aws cloudtrail list-public-keys` JSON with the signing key (for `--public-keys`). */
  publicKeysJson: string;
  /** DER (PKCS#1) of the signing key and its fingerprint. */
  publicKeyDer: Buffer;
  fingerprint: string;
  privateKeyPem: string;
  /** Bucket holding the newest digests (`--s3-bucket`). */
  bucket: string;
  prefix: string;
  accountId: string;
  region: string;
  organizationId?: string | undefined;
  dir: string;
  /** `<dir>/<bucket>`: the `--local` directory. */
  localDir: string;
  /** Standard digests, oldest first, then backfill digests. */
  digests: ChainDigest[];
  logFiles: ChainLogFile[];
  /** S3 metadata of every object, by `bucket/key`; whatever changes the files keeps it current. */
  objects: Map<string, { bucket: string; key: string; metadata: Record<string, string> }>;
}

/** Where a digest or log file of the chain is on disk: `<dir>/<bucket>/<key>`. */
export function chainFilePath(chain: SignedChain, file: { bucket: string; key: string }): string {
  return join(chain.dir, file.bucket, file.key);
}
