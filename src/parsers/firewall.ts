/**
 * AWS Network Firewall log entries (SPEC.md section 2): TLS errors, revocation check
 * failures, and the alert / flow entries a firewall writes to the same destinations,
 * which are recognised and counted as category `other`.
 */
import type { FirewallEvent, TlsErrorClass } from '../events/types.js';
import * as values from './field-values.js';
import type { BadField } from './field-values.js';
import { parseJsonObject } from './json-line.js';
import { eventOutcome, isBlank, malformed, screenLine, SKIP, type MalformedReason, type ParseOutcome } from './outcome.js';

// Module-local bindings for the per-line path: loaders that compile ESM to CommonJS (tsx,
// used by `npm run bench` and the tests) turn each imported name into a getter call.
const BAD_FIELD: typeof values.BAD_FIELD = values.BAD_FIELD;
const MAX_EPOCH_MS = values.MAX_EPOCH_MS;
const optionalNumber = values.optionalNumber;
const optionalRawText = values.optionalRawText;
const parseIsoTime = values.parseIsoTime;

/** Exact message Network Firewall logs when the client hello carries no SNI. */
export const MISSING_SNI_MESSAGE = 'Server name is not found in client hello.';

/** Classify a tls_error message: missing SNI, SNI mismatch, or other. */
export function classifyTlsError(message: string): TlsErrorClass {
  const text = message.trim();
  if (text.startsWith('Server name is not found')) return 'missing_sni';
  if (text.startsWith('SNI:') && text.includes('Match Failed')) return 'sni_mismatch';
  return 'other';
}

/** True when a parsed JSON object looks like a firewall entry rather than a connection record. */
export function isFirewallRecord(record: Readonly<Record<string, unknown>>): boolean {
  return record['event'] !== undefined || record['firewall_name'] !== undefined || record['event_timestamp'] !== undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function otherTypeOf(event: Record<string, unknown>, eventType: string | undefined): string {
  if (eventType === 'netflow' || eventType === 'flow') return 'flow';
  if (eventType !== undefined && eventType !== '') return eventType;
  if (event['alert'] !== undefined) return 'alert';
  if (event['netflow'] !== undefined || event['flow'] !== undefined) return 'flow';
  return 'unknown';
}

/** Build a FirewallEvent from a parsed JSON object, or say why it is malformed. */
export function firewallEventFromRecord(record: Readonly<Record<string, unknown>>): FirewallEvent | MalformedReason {
  const inner = record['event'];
  if (inner === undefined || inner === null) return 'missing-field';
  if (!isObject(inner)) return 'bad-field-type';

  const firewallName = optionalRawText(record['firewall_name']);
  const zone = optionalRawText(record['availability_zone']);
  const epochSeconds = optionalNumber(record['event_timestamp']);
  const timestamp = optionalRawText(inner['timestamp']);
  const srcIp = optionalRawText(inner['src_ip']);
  const srcPort = optionalRawText(inner['src_port']);
  const destIp = optionalRawText(inner['dest_ip']);
  const destPort = optionalRawText(inner['dest_port']);
  const sni = optionalRawText(inner['sni']);
  const eventType = optionalRawText(inner['event_type']);
  if (
    firewallName === BAD_FIELD ||
    zone === BAD_FIELD ||
    timestamp === BAD_FIELD ||
    srcIp === BAD_FIELD ||
    srcPort === BAD_FIELD ||
    destIp === BAD_FIELD ||
    destPort === BAD_FIELD ||
    sni === BAD_FIELD ||
    eventType === BAD_FIELD
  ) {
    return 'bad-field-type';
  }
  if (epochSeconds === BAD_FIELD) return 'bad-timestamp';

  let timestampMs = timestamp === undefined ? NaN : parseIsoTime(timestamp);
  if (Number.isNaN(timestampMs)) {
    if (epochSeconds === undefined) return timestamp === undefined ? 'missing-timestamp' : 'bad-timestamp';
    timestampMs = epochSeconds * 1000;
  }
  if (!(timestampMs >= 0 && timestampMs <= MAX_EPOCH_MS)) return 'bad-timestamp';

  let category: FirewallEvent['category'] = 'other';
  let tlsErrorClass: TlsErrorClass | undefined;
  let otherType: string | undefined;
  let tlsError: { error_message: string } | undefined;
  let revocation: { leaf_cert_fpr?: string; status: string; action: string } | undefined;

  const rawTlsError = inner['tls_error'];
  const rawRevocation = inner['revocation_check'];
  if (rawTlsError !== undefined && rawTlsError !== null) {
    if (!isObject(rawTlsError)) return 'bad-field-type';
    const message = optionalRawText(rawTlsError['error_message']);
    if (message === BAD_FIELD) return 'bad-field-type';
    category = 'tls_error';
    tlsError = { error_message: message ?? '' };
    tlsErrorClass = classifyTlsError(tlsError.error_message);
  } else if (rawRevocation !== undefined && rawRevocation !== null) {
    const parsed = revocationOf(rawRevocation);
    if (typeof parsed === 'string') return parsed;
    category = 'revocation_check';
    revocation = parsed;
  } else {
    otherType = otherTypeOf(inner, eventType);
  }

  return {
    kind: 'firewall',
    timestampMs,
    category,
    tlsErrorClass,
    otherType,
    firewall_name: firewallName,
    availability_zone: zone,
    event_timestamp: epochSeconds,
    event: {
      timestamp,
      src_ip: srcIp,
      src_port: srcPort,
      dest_ip: destIp,
      dest_port: destPort,
      sni,
      event_type: eventType,
      tls_error: tlsError,
      revocation_check: revocation,
    },
  };
}

function revocationOf(raw: unknown): { leaf_cert_fpr?: string; status: string; action: string } | MalformedReason {
  if (!isObject(raw)) return 'bad-field-type';
  const fingerprint: string | undefined | BadField = optionalRawText(raw['leaf_cert_fpr']);
  const status = optionalRawText(raw['status']);
  const action = optionalRawText(raw['action']);
  if (fingerprint === BAD_FIELD || status === BAD_FIELD || action === BAD_FIELD) return 'bad-field-type';
  if (status === undefined || action === undefined) return 'missing-field';
  return { leaf_cert_fpr: fingerprint, status, action };
}

/** Parse one firewall log line. Blank lines are skipped; never throws. */
export function parseFirewallLine(line: string): ParseOutcome {
  const bad = screenLine(line);
  if (bad !== null) return malformed(bad);
  if (isBlank(line)) return SKIP;
  const record = parseJsonObject(line);
  if (typeof record === 'string') return malformed(record);
  const event = firewallEventFromRecord(record);
  return typeof event === 'string' ? malformed(event) : eventOutcome(event);
}
