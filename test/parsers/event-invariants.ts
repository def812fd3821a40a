/** Assertions every parsed event must satisfy, whatever the input was. */
import { expect } from 'vitest';
import type { LogEvent } from '../../src/events/types.js';
import { MALFORMED_REASONS, type ParseOutcome } from '../../src/parsers/index.js';

const CONNECTION_TEXT = [
  'connectionStatus',
  'connectionId',
  'clientIp',
  'serverIp',
  'distributionId',
  'distributionTenantId',
  'tlsProtocol',
  'tlsCipher',
  'tlsSni',
  'clientLeafCertSerialNumber',
  'clientLeafCertSubject',
  'clientLeafCertIssuer',
  'clientLeafCertValidity',
  'connectionLogCustomData',
] as const;
const CONNECTION_NUMBERS = ['clientPort', 'tlsHandshakeDuration', 'clientLeafCertNotBefore', 'clientLeafCertNotAfter'] as const;
const FIREWALL_TEXT = ['timestamp', 'src_ip', 'src_port', 'dest_ip', 'dest_port', 'sni', 'event_type'] as const;

function expectOptional(value: unknown, type: 'string' | 'number'): void {
  if (value === undefined) return;
  expect(typeof value).toBe(type);
  if (type === 'number') expect(Number.isFinite(value)).toBe(true);
}

/** Fail unless the event has the types its interface promises. */
export function expectWellTyped(event: LogEvent): void {
  if (event.kind === 'connection') {
    expect(() => new Date(event.eventTimestamp).toISOString()).not.toThrow();
    for (const key of ['clientPort', 'tlsHandshakeDuration'] as const) expect(event[key] ?? 0).toBeGreaterThanOrEqual(0);
    expect(['success', 'failed']).toContain(event.outcome);
    expect(event.failureCode === null ? event.outcome === 'success' : typeof event.failureCode === 'string').toBe(true);
    for (const key of CONNECTION_TEXT) expectOptional(event[key], 'string');
    for (const key of CONNECTION_NUMBERS) expectOptional(event[key], 'number');
    return;
  }
  expect(event.kind).toBe('firewall');
  expect(() => new Date(event.timestampMs).toISOString()).not.toThrow();
  expect(['tls_error', 'revocation_check', 'other']).toContain(event.category);
  for (const key of FIREWALL_TEXT) expectOptional(event.event[key], 'string');
  expectOptional(event.firewall_name, 'string');
  expectOptional(event.availability_zone, 'string');
  expectOptional(event.event_timestamp, 'number');
  if (event.category === 'tls_error') {
    expect(typeof event.event.tls_error?.error_message).toBe('string');
    expect(['missing_sni', 'sni_mismatch', 'other']).toContain(event.tlsErrorClass);
  }
  if (event.category === 'revocation_check') {
    expect(typeof event.event.revocation_check?.status).toBe('string');
    expect(typeof event.event.revocation_check?.action).toBe('string');
  }
  if (event.category === 'other') expect(typeof event.otherType).toBe('string');
}

/** Fail unless the outcome is one of the three kinds, with a known reason or a well-typed event. */
export function expectValidOutcome(outcome: ParseOutcome): void {
  expect(['event', 'skip', 'malformed']).toContain(outcome.type);
  if (outcome.type === 'malformed') expect(MALFORMED_REASONS).toContain(outcome.reason);
  if (outcome.type === 'event') expectWellTyped(outcome.event);
}
