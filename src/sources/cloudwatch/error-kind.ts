/**
 * Sorts AWS SDK errors into what the source does about them: retry soon with backoff
 * (throttling, 5xx, network), wait for the user (credentials, permissions, missing
 * log group), or stop (the caller aborted).
 */
import { asSentence, describeAwsFault, type AwsFaultText } from '../../aws/client-options.js';

/** What a source does after a failed call. */
export type ErrorKind = 'aborted' | 'throttled' | 'transient' | 'credentials' | 'denied' | 'not-found' | 'invalid';

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

const THROTTLE = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'RequestLimitExceeded',
  'ServiceQuotaExceededException',
]);
const CREDENTIALS = new Set([
  'CredentialsProviderError',
  'ExpiredTokenException',
  'ExpiredToken',
  'TokenRefreshRequired',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
]);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_HTTP2',
  'socket hang up',
  'aborted',
];

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : { message: String(error) };
}

/** HTTP status of an SDK error, when it got that far. */
export function httpStatusOf(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

/** Error name as the SDK reports it. */
export function errorName(error: unknown): string {
  return shape(error).name ?? 'Error';
}

/** Classify an error; `signal` tells an abort by the caller from a network fault. */
export function classifyError(error: unknown, signal?: AbortSignal): ErrorKind {
  if (signal?.aborted) return 'aborted';
  const e = shape(error);
  const name = e.name ?? '';
  if (THROTTLE.has(name)) return 'throttled';
  if (CREDENTIALS.has(name)) return 'credentials';
  if (DENIED.has(name)) return 'denied';
  if (name === 'ResourceNotFoundException') return 'not-found';
  const status = e.$metadata?.httpStatusCode;
  if (status === 429) return 'throttled';
  // 403 Forbidden with an error the SDK could not read (moto's IAM check answers rest-XML
  // services in the query protocol's shape; a proxy answers in HTML): a refusal all the same.
  if (status === 403) return 'denied';
  if (status !== undefined && status >= 500) return 'transient';
  if (name === 'TimeoutError' || name === 'SessionStreamingException' || name === 'SessionTimeoutException') return 'transient';
  const text = `${name} ${e.code ?? ''} ${e.message ?? ''}`;
  if (NETWORK_CODES.some((c) => text.includes(c))) return 'transient';
  if (e.$fault === 'server') return 'transient';
  if (status !== undefined && status >= 400) return 'invalid';
  // No HTTP status: a fault below the protocol (stream cut, parse of a truncated frame).
  return 'transient';
}

/**
 * What went wrong and what to do; names the permission needed for permission errors
 * (`service:operation`, `logs` unless told: `cloudfront` for ListDistributions).
 */
export function describeFault(error: unknown, operation?: string, service = 'logs'): AwsFaultText {
  let fault = describeAwsFault(error);
  if (classifyError(error) !== 'denied') return fault;
  // Refused by its HTTP status alone (no AccessDenied code): worded as the access denial it is.
  if (!DENIED.has(errorName(error))) fault = describeAwsFault({ name: 'AccessDenied', message: fault.what });
  const permission = `${service}:${operation}`;
  return operation && !fault.what.includes(permission) ? { ...fault, what: `${fault.what} (needed: ${permission})` } : fault;
}

/** One sentence (or two) for the status line; adds the operation for permission errors. */
export function describeError(error: unknown, operation?: string): string {
  const { what, advice } = describeFault(error, operation);
  return advice ? `${asSentence(what)} ${advice}` : asSentence(what);
}
