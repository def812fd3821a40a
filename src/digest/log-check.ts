/**
 * Checks one log file listed in a digest: streams it through gunzip + SHA-256 and
 * words the verdict as the AWS CLI does (plus the stricter reasons).
 */
import type { DigestLogEntry } from './digest-check.js';
import { hashGzipStream } from './gzip-hash.js';
import type { DigestStore } from './ports.js';
import type { Verdict } from './types.js';

/** `s3://bucket/key` of a log entry, rendered as the CLI's f-string does. */
export function logUri(entry: DigestLogEntry): string {
  return `s3://${String(entry.s3Bucket)}/${String(entry.s3Object)}`;
}

/** Verdict for one log file. Throws only on abort or an unexpected store failure. */
export async function checkLogFile(
  store: DigestStore,
  entry: DigestLogEntry,
  signal: AbortSignal,
  onBytes: (n: number) => void,
): Promise<Verdict> {
  const uri = logUri(entry);
  const invalid = (reason: string): Verdict => ({ kind: 'log', uri, valid: false, reason });
  if (typeof entry.s3Bucket !== 'string' || typeof entry.s3Object !== 'string') return invalid('invalid format');
  if (entry.hashAlgorithm !== 'SHA-256') {
    return invalid(`unsupported hashAlgorithm ${JSON.stringify(entry.hashAlgorithm ?? null)} in the digest (expected "SHA-256")`);
  }
  const opened = await store.openLog(entry.s3Bucket, entry.s3Object, signal);
  if (opened.kind === 'missing') return invalid('not found');
  if (opened.kind === 'refused') return invalid(opened.reason);
  const result = await hashGzipStream(opened.value, signal, onBytes);
  if (result.ok) {
    return result.sha256 === entry.hashValue ? { kind: 'log', uri, valid: true } : invalid("hash value doesn't match");
  }
  // A truncated stream still hashes (to something else) in the CLI, which says the hash differs.
  if (result.problem === 'truncated') return invalid("hash value doesn't match");
  if (result.problem === 'trailing') return invalid(`invalid format (${result.detail})`);
  return invalid('invalid format');
}
