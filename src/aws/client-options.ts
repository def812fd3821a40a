/**
 * One place that turns the user's AWS options into SDK v3 client configuration, and
 * the one place that words AWS SDK errors for people.
 * Credentials come from the SDK's standard provider chain (environment, shared
 * config/credentials files and `profile`, SSO, container and instance roles).
 */
import { sanitizeForTerminal } from '../text/sanitize.js';

export interface AwsOptions {
  region?: string;
  profile?: string;
  /** e.g. http://127.0.0.1:5000 for moto_server or a local test server. */
  endpointUrl?: string;
}

/** Configuration accepted by every `@aws-sdk/client-*` constructor. */
export interface AwsClientConfig {
  region: string;
  profile?: string;
  endpoint?: string;
  /** Path-style S3 addressing is needed for IP/localhost endpoints. */
  forcePathStyle?: boolean;
  maxAttempts?: number;
}

/** Region from the option, then AWS_REGION / AWS_DEFAULT_REGION, then us-east-1. */
export function resolveRegion(options: AwsOptions): string {
  return options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

export function awsClientConfig(options: AwsOptions): AwsClientConfig {
  const config: AwsClientConfig = { region: resolveRegion(options) };
  if (options.profile) config.profile = options.profile;
  if (options.endpointUrl) {
    config.endpoint = options.endpointUrl;
    config.forcePathStyle = true;
  }
  return config;
}

/** What went wrong (one clause, the part to keep when space is short) and what to do about it. */
export interface AwsFaultText {
  /** `Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566)`: no final full stop. */
  what: string;
  /** A sentence saying what to do, when there is something to do. */
  advice?: string;
}

/** Text from the SDK or from the service is hostile: first line only, escaped, bounded. */
const MESSAGE_MAX = 300;

function clean(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return sanitizeForTerminal(first.trim().replace(/\.+$/, ''), MESSAGE_MAX);
}

/** Network faults below HTTP, by the Node error code: what it means for the user. */
const NETWORK: ReadonlyArray<[code: string, what: string]> = [
  ['ECONNREFUSED', 'Cannot reach the endpoint'],
  ['ENOTFOUND', 'Cannot resolve the endpoint host'],
  ['EAI_AGAIN', 'Cannot resolve the endpoint host'],
  ['ETIMEDOUT', 'Timed out connecting to the endpoint'],
  ['ECONNRESET', 'The connection to the endpoint was dropped'],
  ['EPIPE', 'The connection to the endpoint was dropped'],
  ['socket hang up', 'The connection to the endpoint was dropped'],
];

const NETWORK_ADVICE = 'Check the network, the proxy or --endpoint-url.';

/**
 * What went wrong and what to do, for an AWS SDK error: missing or expired credentials,
 * access denied, missing resource, throttling, network, an answer that is not AWS's.
 * Every part taken from the error is escaped for a terminal and bounded.
 */
export function describeAwsFault(error: unknown): AwsFaultText {
  const e = error as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } } | null | undefined;
  const name = clean(typeof e?.name === 'string' && e.name !== '' ? e.name : 'Error');
  const message = clean(typeof e?.message === 'string' ? e.message : String(error));
  const code = typeof e?.code === 'string' ? e.code : '';
  const status = e?.$metadata?.httpStatusCode;
  switch (name) {
    case 'CredentialsProviderError':
      return {
        what: `No AWS credentials found (${message})`,
        advice: 'Set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
      };
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return {
        what: `AWS credentials have expired (${name})`,
        advice: 'Refresh them (`aws sso login` or new session credentials) and tlstop will retry.',
      };
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return { what: `Access denied: ${message}`, advice: 'Grant the IAM permission named above to the credentials in use.' };
    case 'ResourceNotFoundException':
    case 'NoSuchBucket':
    case 'NoSuchKey':
      return { what: `Not found: ${message}`, advice: 'Check the name and the region (--region).' };
    case 'ThrottlingException':
    case 'Throttling':
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return { what: `AWS is throttling requests (${name})` };
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return { what: `AWS rejected the credentials (${name}): ${message}`, advice: 'Check the access key, secret and profile.' };
    default: {
      const network = NETWORK.find(([c]) => code === c || name.includes(c) || message.includes(c));
      if (network) {
        const [c, what] = network;
        // `connect ECONNREFUSED 127.0.0.1:4566` -> `127.0.0.1:4566`: the code is said already, the syscall adds nothing.
        const syscall = typeof (e as { syscall?: unknown }).syscall === 'string' ? String((e as { syscall: string }).syscall) : '';
        let detail = message.replace(c, '').replace(/\s+/g, ' ').trim();
        if (syscall !== '' && detail.startsWith(`${syscall} `)) detail = detail.slice(syscall.length + 1);
        const label = /^[A-Z0-9_]+$/.test(c) ? c : code || c;
        return { what: `${what} (${label}${detail !== '' && detail !== label ? `, ${detail}` : ''})`, advice: NETWORK_ADVICE };
      }
      const rawMessage = typeof e?.message === 'string' ? e.message : '';
      if (name === 'SyntaxError' || /Deserialization error/i.test(rawMessage)) {
        // The endpoint answered with something that is not an AWS response (an HTML error page, an emulator's stub).
        return {
          what: `${status ? `HTTP ${status}, ` : ''}an answer that is not an AWS response (${name})`,
          advice: 'Check --endpoint-url and any proxy in between.',
        };
      }
      return { what: status ? `${name} (HTTP ${status}): ${message}` : `${name}: ${message}` };
    }
  }
}

/** `text.` unless it already ends a sentence. */
export function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * One clear, actionable sentence (or two) for an AWS SDK error; see {@link describeAwsFault}.
 */
export function describeAwsError(error: unknown): string {
  const { what, advice } = describeAwsFault(error);
  return advice ? `${asSentence(what)} ${advice}` : asSentence(what);
}
