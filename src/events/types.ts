/**
 * Normalised events: what every parser produces and what the store, the headless
 * commands and the UI consume. Field names of connection events are those of the
 * CloudFront connection-log fields (SPEC.md section 1); firewall events keep the
 * Network Firewall nesting (SPEC.md section 2) plus a few derived fields.
 *
 * Every string in here came from a remote party and is hostile: sanitise before
 * writing it to a terminal (see src/text/sanitize.ts).
 */

/** The 16 failure codes documented by AWS. Unknown codes are still kept under their own name. */
export const KNOWN_FAILURE_CODES = [
  'ClientCertMaxChainDepthExceeded',
  'ClientCertMaxSizeExceeded',
  'ClientCertUntrusted',
  'ClientCertNotYetValid',
  'ClientCertExpired',
  'ClientCertTypeUnsupported',
  'ClientCertInvalid',
  'ClientCertIntentInvalid',
  'ClientCertRejected',
  'ClientCertMissing',
  'TcpError',
  'TcpTimeout',
  'ConnectionFunctionError',
  'ConnectionFunctionDenied',
  'Internal',
  'UnmappedConnectionError',
] as const;

/** One TLS connection attempt from a CloudFront connection log. */
export interface ConnectionEvent {
  kind: 'connection';
  /** Epoch milliseconds. */
  eventTimestamp: number;
  /** Raw status as logged: `Success` or `Failed:<Code>`. */
  connectionStatus: string;
  outcome: 'success' | 'failed';
  /** The part after `Failed:`; null on success. */
  failureCode: string | null;
  connectionId?: string;
  clientIp?: string;
  clientPort?: number;
  serverIp?: string;
  distributionId?: string;
  distributionTenantId?: string;
  tlsProtocol?: string;
  tlsCipher?: string;
  /** Milliseconds. */
  tlsHandshakeDuration?: number;
  tlsSni?: string;
  clientLeafCertSerialNumber?: string;
  clientLeafCertSubject?: string;
  clientLeafCertIssuer?: string;
  /** Raw `NotBefore=...;NotAfter=...` text. */
  clientLeafCertValidity?: string;
  /** Parsed from clientLeafCertValidity, epoch milliseconds. */
  clientLeafCertNotBefore?: number;
  clientLeafCertNotAfter?: number;
  connectionLogCustomData?: string;
}

export type TlsErrorClass = 'missing_sni' | 'sni_mismatch' | 'other';

/** One entry of an AWS Network Firewall log (TLS log, or alert/flow counted as "other"). */
export interface FirewallEvent {
  kind: 'firewall';
  /** Epoch milliseconds, from event.timestamp when present, else event_timestamp * 1000. */
  timestampMs: number;
  /** tls_error, revocation_check, or any other firewall entry (alert, flow, ...). */
  category: 'tls_error' | 'revocation_check' | 'other';
  /** Only for category tls_error. */
  tlsErrorClass?: TlsErrorClass;
  /** For category other: `alert`, `flow`, or the entry's event_type when known. */
  otherType?: string;
  firewall_name?: string;
  availability_zone?: string;
  event_timestamp?: number;
  event: {
    timestamp?: string;
    src_ip?: string;
    src_port?: string;
    dest_ip?: string;
    dest_port?: string;
    sni?: string;
    event_type?: string;
    tls_error?: { error_message: string };
    revocation_check?: { leaf_cert_fpr?: string; status: string; action: string };
  };
}

export type LogEvent = ConnectionEvent | FirewallEvent;

/** Timestamp of any event, epoch ms. */
export function eventTimeMs(event: LogEvent): number {
  return event.kind === 'connection' ? event.eventTimestamp : event.timestampMs;
}

/** An event with where it came from (a file path, `logGroup/stream`, `demo`, ...). */
export interface SourcedEvent {
  event: LogEvent;
  source: string;
}
