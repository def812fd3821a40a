/**
 * How the demo writes records: CloudFront connection logs as JSON lines (as delivered to
 * CloudWatch Logs) or W3C (tab-delimited, `#Version` and `#Fields` header, a subset of
 * the fields in an order of its own), and firewall entries as JSON lines.
 */
import type { ConnectionRecord } from './connection-record.js';

/** The W3C file's fields: a subset, in another order than CloudFront's default. */
export const W3C_FIELDS: readonly (keyof ConnectionRecord)[] = [
  'eventTimestamp',
  'distributionId',
  'distributionTenantId',
  'connectionStatus',
  'clientIp',
  'clientPort',
  'tlsProtocol',
  'tlsCipher',
  'tlsHandshakeDuration',
  'tlsSni',
  'clientLeafCertSerialNumber',
  'clientLeafCertSubject',
  'clientLeafCertIssuer',
  'clientLeafCertValidity',
  'connectionId',
  'serverIp',
];

/** The header lines a W3C file starts with. */
export function w3cHeader(): string[] {
  return ['#Version: 1.0', `#Fields: ${W3C_FIELDS.join(' ')}`];
}

/** One W3C line: tab-delimited values in W3C_FIELDS order, `-` for an absent value. */
export function toW3cLine(record: ConnectionRecord): string {
  return W3C_FIELDS.map((field) => {
    const value = record[field];
    return value === undefined || value === '' ? '-' : String(value);
  }).join('\t');
}

/** One JSON line (undefined fields are left out). */
export function toJsonLine(record: object): string {
  return JSON.stringify(record);
}
