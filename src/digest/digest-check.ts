/**
 * Checks one digest file the way the AWS CLI does (same order, same reasons), then the
 * stricter checks the CLI skips. Pure apart from node:crypto.
 */
import { createHash, verify } from 'node:crypto';
import { gunzipStrict } from './gzip-hash.js';
import { loadRsaPublicKey, type PublicKeySet } from './public-keys.js';

/** The fields of a digest file the validator reads. */
export interface DigestData {
  awsAccountId?: unknown;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm?: unknown;
  previousDigestS3Bucket?: string | null;
  previousDigestS3Object?: string | null;
  previousDigestHashValue?: string | null;
  previousDigestHashAlgorithm?: string | null;
  previousDigestSignature: string | null;
  logFiles?: unknown;
}

/** A log file entry of a digest. */
export interface DigestLogEntry {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm?: unknown;
}

const REQUIRED_KEYS = [
  'digestPublicKeyFingerprint',
  'digestS3Bucket',
  'digestS3Object',
  'previousDigestSignature',
  'digestEndTime',
  'digestStartTime',
] as const;

/** Result of the CLI-equivalent parse step. */
export type ParsedDigest =
  { ok: true; data: DigestData; inflated: Buffer; sha256: string; trailingGzipData: boolean } | { ok: false; reason: string };

/** Gunzip (or take plain JSON), parse, and check the keys the CLI requires. */
export function parseDigest(body: Uint8Array): ParsedDigest {
  const inflated = gunzipStrict(body);
  if (!inflated.ok) return { ok: false, reason: 'invalid format' };
  let data: unknown;
  try {
    data = JSON.parse(inflated.data.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid format' };
  }
  return {
    ok: true,
    data: data as DigestData,
    inflated: inflated.data,
    sha256: createHash('sha256').update(inflated.data).digest('hex'),
    trailingGzipData: inflated.trailing,
  };
}

/** True when every key the CLI requires is present. */
export function hasRequiredKeys(data: unknown): data is DigestData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  return REQUIRED_KEYS.every((k) => k in data);
}

/** Python's str() of a JSON value, as the CLI's f-string renders it. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The string CloudTrail signs for a digest. */
export function stringToSign(data: DigestData, inflatedSha256: string): string {
  const previous = data.previousDigestSignature === null ? 'null' : pyStr(data.previousDigestSignature);
  return `${pyStr(data.digestEndTime)}\n${pyStr(data.digestS3Bucket)}/${pyStr(data.digestS3Object)}\n${inflatedSha256}\n${previous}`;
}

/** Verify the digest's signature with the key for its fingerprint; null when valid, else the CLI's reason. */
export function verifyDigestSignature(
  data: DigestData,
  inflatedSha256: string,
  signatureHex: string,
  keys: PublicKeySet,
  homeRegion: string,
): string | null {
  const fingerprint = pyStr(data.digestPublicKeyFingerprint);
  const record = keys.get(fingerprint);
  if (!record) return `public key not found in region ${homeRegion} for fingerprint ${fingerprint}`;
  const key = loadRsaPublicKey(record.der);
  if (!key) return `Unable to load PKCS #1 key with fingerprint ${fingerprint}`;
  if (signatureHex.length % 2 === 1) return 'Odd-length string';
  if (!/^[0-9a-fA-F]*$/.test(signatureHex)) return 'Non-hexadecimal digit found';
  const ok = verify('sha256', Buffer.from(stringToSign(data, inflatedSha256)), key, Buffer.from(signatureHex, 'hex'));
  return ok ? null : 'signature verification failed';
}

/** The log-file entries of a digest; entries that are not objects are dropped. */
export function logEntries(data: DigestData): DigestLogEntry[] {
  if (!Array.isArray(data.logFiles)) return [];
  return data.logFiles.filter((e): e is DigestLogEntry => typeof e === 'object' && e !== null) as DigestLogEntry[];
}

/** Python-dateutil-like parse of the ISO times CloudTrail writes; null when unreadable. */
export function parseDigestTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}
