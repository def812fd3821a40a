/**
 * S3 faults as the source acts on them: retried with backoff (SlowDown, 503, 5xx, a
 * dropped connection), or final for the object (AccessDenied, NoSuchKey, a KMS key it may
 * not use, corrupt content). Messages name the permission needed and are escaped.
 */
import { asSentence } from '../../aws/client-options.js';
import { classifyError, describeFault, errorName, type ErrorKind } from '../cloudwatch/error-kind.js';

/** S3's own throttling codes (the shared classifier knows the other services'). */
const S3_THROTTLE = new Set(['SlowDown', 'ServiceUnavailable', 'RequestTimeTooSkewed', 'RequestTimeout']);

/** What to do after a failed S3 call. */
export function classifyS3Error(error: unknown, signal?: AbortSignal): ErrorKind {
  if (signal?.aborted) return 'aborted';
  const name = errorName(error);
  if (S3_THROTTLE.has(name)) return name === 'SlowDown' ? 'throttled' : 'transient';
  if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') return 'not-found';
  if (name === 'PreconditionFailed') return 'invalid';
  if (name === 'ContentError') return 'invalid';
  return classifyError(error, signal);
}

/** True for faults worth retrying soon. */
export function isRetryable(kind: ErrorKind): boolean {
  return kind === 'throttled' || kind === 'transient';
}

/**
 * One sentence (or two) for a failed call: `GetObject: Access denied: … (needed:
 * s3:GetObject and kms:Decrypt on the bucket's KMS key).` The IAM action of ListObjectsV2 is
 * s3:ListBucket.
 */
export function describeS3Error(error: unknown, operation: 'GetObject' | 'ListObjectsV2'): string {
  const action = operation === 'ListObjectsV2' ? 'ListBucket' : 'GetObject';
  const kind = classifyS3Error(error);
  if (kind === 'denied') {
    const raw = String((error as { message?: unknown } | null)?.message ?? '');
    const fault = describeFault(error, action, 's3');
    const kms = /kms/i.test(raw) || /kms/i.test(errorName(error));
    // S3 answers a GetObject of an SSE-KMS object whose key the caller may not use with 403
    // AccessDenied, the message naming kms:Decrypt: the status names the code and the key.
    const code = /^[A-Za-z0-9.]{1,64}$/.test(errorName(error)) ? errorName(error) : 'AccessDenied';
    const what = kms
      ? fault.what
          .replace(/^Access denied: /, `Access denied (${code}, an SSE-KMS object): `)
          .replace('(needed: s3:GetObject)', "(needed: s3:GetObject and kms:Decrypt on the bucket's KMS key)")
      : fault.what;
    return `${operation}: ${asSentence(what)} ${fault.advice ?? ''}`.trim();
  }
  const { what, advice } = describeFault(error, action, 's3');
  if (kind === 'not-found' && errorName(error) === 'NoSuchKey')
    return `${operation}: the object was deleted after it was listed (NoSuchKey).`;
  return `${operation}: ${asSentence(what)}${advice ? ` ${advice}` : ''}`;
}
