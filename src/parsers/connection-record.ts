/**
 * Turns one CloudFront connection-log record (a parsed JSON object, or the name→value
 * map of a delimited line) into a ConnectionEvent. Shared by the JSON and the delimited
 * parsers so both apply exactly the same rules.
 */
import type { ConnectionEvent } from '../events/types.js';
import type { MalformedReason } from './outcome.js';
import * as values from './field-values.js';

// Module-local bindings for the per-line path: loaders that compile ESM to CommonJS (tsx,
// used by `npm run bench` and the tests) turn each imported name into a getter call.
const BAD_FIELD: typeof values.BAD_FIELD = values.BAD_FIELD;
const optionalEpochMs = values.optionalEpochMs;
const optionalNonNegative = values.optionalNonNegative;
const optionalText = values.optionalText;
const parseCertValidity = values.parseCertValidity;

/** The connection-log fields, in the order of the AWS documentation (SPEC.md section 1). */
export const CONNECTION_FIELDS = [
  'eventTimestamp',
  'connectionId',
  'connectionStatus',
  'clientIp',
  'clientPort',
  'serverIp',
  'distributionId',
  'distributionTenantId',
  'tlsProtocol',
  'tlsCipher',
  'tlsHandshakeDuration',
  'tlsSni',
  'clientLeafCertSerialNumber',
  'clientLeafCertSubject',
  'clientLeafCertIssuer',
  'clientLeafCertValidity',
  'connectionLogCustomData',
] as const;

/** Name of one connection-log field. */
export type ConnectionField = (typeof CONNECTION_FIELDS)[number];

/** Set of the known field names, for header recognition. */
export const CONNECTION_FIELD_SET: ReadonlySet<string> = new Set<string>(CONNECTION_FIELDS);

/** Longest accepted connectionStatus; longer text is not a status but an attack on count keys. */
const MAX_STATUS_LENGTH = 128;

/** Status `Failed` with no code after it (the German seed shows this form). */
export const UNSPECIFIED_FAILURE = 'Unspecified';

/**
 * Split a raw status into outcome and failure code: `Success` (any case) is a success;
 * `Failed:<Code>` fails with `<Code>` (unknown codes kept as they are); a bare `Failed`
 * fails with `Unspecified`; any other text is a failure whose code is the text itself.
 */
export function splitConnectionStatus(status: string): { outcome: 'success' | 'failed'; failureCode: string | null } {
  const failureCode = failureCodeOf(status.trim());
  return { outcome: failureCode === null ? 'success' : 'failed', failureCode };
}

/** Failure code by raw status (null for success); a pure memo, cleared when it fills. */
const codeCache = new Map<string, string | null>();
const CODE_CACHE_SIZE = 1024;

/** The failure code of a trimmed status, or null for a success. */
function failureCodeOf(status: string): string | null {
  if (status === 'Success') return null;
  let code = codeCache.get(status);
  if (code === undefined) {
    code = status.toLowerCase() === 'success' ? null : computeFailureCode(status);
    if (codeCache.size >= CODE_CACHE_SIZE) codeCache.clear();
    codeCache.set(status, code);
  }
  return code;
}

function computeFailureCode(status: string): string {
  if (status.startsWith('Failed:')) {
    const code = status.slice(7).trim();
    return code === '' ? UNSPECIFIED_FAILURE : code;
  }
  if (status === 'Failed' || status.toLowerCase() === 'failed') return UNSPECIFIED_FAILURE;
  return status;
}

/** Read-only view of a record; a parsed JSON object or a Map-like plain object. */
export type RawRecord = Readonly<Record<string, unknown>>;

/**
 * Build a ConnectionEvent from a record, or say why it is malformed. Every property is
 * assigned in one literal (absent ones as undefined) so all events share one shape.
 */
export function connectionEventFromRecord(r: RawRecord): ConnectionEvent | MalformedReason {
  const ts = optionalEpochMs(r['eventTimestamp']);
  if (ts === undefined) return 'missing-timestamp';
  if (ts === BAD_FIELD) return 'bad-timestamp';

  let status = r['connectionStatus'];
  if (typeof status === 'string') status = status.trim();
  if (status === undefined || status === null || status === '' || status === '-') return 'missing-status';
  if (typeof status !== 'string') return 'bad-status';
  if (status.length > MAX_STATUS_LENGTH) return 'bad-status';
  const failureCode = failureCodeOf(status);

  const connectionId = optionalText(r['connectionId']);
  const clientIp = optionalText(r['clientIp']);
  const clientPort = optionalNonNegative(r['clientPort']);
  const serverIp = optionalText(r['serverIp']);
  const distributionId = optionalText(r['distributionId']);
  const distributionTenantId = optionalText(r['distributionTenantId']);
  const tlsProtocol = optionalText(r['tlsProtocol']);
  const tlsCipher = optionalText(r['tlsCipher']);
  const tlsHandshakeDuration = optionalNonNegative(r['tlsHandshakeDuration']);
  const tlsSni = optionalText(r['tlsSni']);
  const serial = optionalText(r['clientLeafCertSerialNumber']);
  const subject = optionalText(r['clientLeafCertSubject']);
  const issuer = optionalText(r['clientLeafCertIssuer']);
  const validity = optionalText(r['clientLeafCertValidity']);
  const customData = optionalText(r['connectionLogCustomData']);
  if (
    connectionId === BAD_FIELD ||
    clientIp === BAD_FIELD ||
    clientPort === BAD_FIELD ||
    serverIp === BAD_FIELD ||
    distributionId === BAD_FIELD ||
    distributionTenantId === BAD_FIELD ||
    tlsProtocol === BAD_FIELD ||
    tlsCipher === BAD_FIELD ||
    tlsHandshakeDuration === BAD_FIELD ||
    tlsSni === BAD_FIELD ||
    serial === BAD_FIELD ||
    subject === BAD_FIELD ||
    issuer === BAD_FIELD ||
    validity === BAD_FIELD ||
    customData === BAD_FIELD
  ) {
    return 'bad-field-type';
  }
  const window = validity === undefined ? undefined : parseCertValidity(validity);

  return {
    kind: 'connection',
    eventTimestamp: ts,
    connectionStatus: status,
    outcome: failureCode === null ? 'success' : 'failed',
    failureCode,
    connectionId,
    clientIp,
    clientPort,
    serverIp,
    distributionId,
    distributionTenantId,
    tlsProtocol,
    tlsCipher,
    tlsHandshakeDuration,
    tlsSni,
    clientLeafCertSerialNumber: serial,
    clientLeafCertSubject: subject,
    clientLeafCertIssuer: issuer,
    clientLeafCertValidity: validity,
    clientLeafCertNotBefore: window?.notBefore,
    clientLeafCertNotAfter: window?.notAfter,
    connectionLogCustomData: customData,
  };
}
