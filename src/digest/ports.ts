/**
 * The ports the validator reaches the outside world through: a store of digest and log
 * objects (S3 or a local copy) and a provider of CloudTrail public keys.
 */
import type { PublicKeyRecord } from './public-keys.js';

/** A fetched object, or why it could not be. */
export type StoreObject<T> =
  | { kind: 'found'; value: T }
  | { kind: 'missing' }
  /** The store would not read it (e.g. a local key resolving outside the copy). */
  | { kind: 'refused'; reason: string };

/** A digest object's bytes and its S3 user metadata (lower-case keys). */
export interface DigestObject {
  body: Uint8Array;
  metadata: Record<string, string>;
}

/** Where the digests and log files are read from. Unexpected failures (access denied, network) are thrown. */
export interface DigestStore {
  /** `s3` stores carry S3 metadata; `local` copies do not (signatures come from sidecars or the chain). */
  readonly mode: 's3' | 'local';
  /** Keys starting with `prefix` that sort after `startAfter`, ascending. */
  listKeys(bucket: string, prefix: string, startAfter: string, signal: AbortSignal): AsyncIterable<string>;
  /** Sub-"directory" names directly under `prefix` (which ends with `/`), for organization-id discovery. */
  listDirectories?(bucket: string, prefix: string, signal: AbortSignal): Promise<string[]>;
  getDigest(bucket: string, key: string, signal: AbortSignal): Promise<StoreObject<DigestObject>>;
  /** The raw (compressed) bytes of a log file as a stream. */
  openLog(bucket: string, key: string, signal: AbortSignal): Promise<StoreObject<AsyncIterable<Uint8Array>>>;
}

/** CloudTrail public keys valid in a time range (ListPublicKeys, following NextToken, or a file). */
export interface PublicKeyProvider {
  getPublicKeys(start: Date, end: Date, signal: AbortSignal): Promise<PublicKeyRecord[]>;
}

/** What to validate. */
export interface ValidateOptions {
  trailArn: string;
  start: Date;
  end: Date;
  /** Bucket holding the digests (from `--s3-bucket` or the trail's configuration). */
  bucket: string;
  prefix?: string | undefined;
  /** Account whose digests are validated (defaults to the ARN's account). */
  accountId?: string | undefined;
  /** Region the digests were written for (the CLI's `--region`); defaults to the ARN's region. */
  sourceRegion?: string | undefined;
  /** `o-...` for an organization trail. */
  organizationId?: string | undefined;
  /** Log files checked at once. */
  concurrency?: number | undefined;
}

/** Raised for conditions the CLI treats as fatal (no public keys for the range, a bad ARN). */
export class ValidationFatalError extends Error {
  override name = 'ValidationFatalError';
}
