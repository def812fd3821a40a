/**
 * Sample lines of the JSON connection-log parser (SPEC.md section 1 and seed 000), with
 * the outcome each must produce. Run by test/parsers/samples.test.ts.
 */
import type { ParserSample } from './parser-sample.js';

/** The SPEC.md example record, all 17 fields. */
export const FULL_RECORD = {
  eventTimestamp: 1731620046814,
  connectionId: 'oLHiEKbQSn8lkvJfA3D4gFowK3_iZ0g4i5nMUjE1Akod8TuAzn5nzg==',
  connectionStatus: 'Success',
  clientIp: '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
  clientPort: 12137,
  serverIp: '99.84.71.136',
  distributionId: 'E2DX1SLDPK0123',
  distributionTenantId: 'dt_2te1Ura9X3R2iCGNjW123',
  tlsProtocol: 'TLSv1.3',
  tlsCipher: 'TLS_AES_128_GCM_SHA256',
  tlsHandshakeDuration: 153,
  tlsSni: 'd111111abcdef8.cloudfront.net',
  clientLeafCertSerialNumber: '00:b1:43:ed:93:d2:d8:f3:9d',
  clientLeafCertSubject: 'C=US, ST=WA, L=Seattle, O=Amazon.com, OU=CloudFront, CN=client.test.mtls.net',
  clientLeafCertIssuer: 'C=US, ST=WA, L=Seattle, O=Amazon.com, OU=CloudFront, CN=test.mtls.net',
  clientLeafCertValidity: 'NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z',
  connectionLogCustomData: 'REVOKED:00:b1:43:ed:93:d2:d8:f3:9d',
};

/** The SPEC.md example record as a fully parsed event; other samples derive from it. */
export const FULL_CONNECTION_EVENT = {
  kind: 'connection' as const,
  ...FULL_RECORD,
  outcome: 'success' as const,
  failureCode: null,
  clientLeafCertNotBefore: Date.UTC(2025, 5, 5, 23, 28, 21),
  clientLeafCertNotAfter: Date.UTC(2125, 4, 12, 23, 28, 21),
};

/** Sample lines of the JSON connection-log parser, with the expected outcome. */
export const CLOUDFRONT_JSON_SAMPLES: readonly ParserSample[] = [
  {
    name: 'cloudfront-json: SPEC.md example record, all fields',
    options: { format: 'cloudfront-json' },
    line: JSON.stringify(FULL_RECORD),
    expected: { type: 'event', event: FULL_CONNECTION_EVENT },
  },
  {
    name: 'cloudfront-json: all values as strings, failed with a known code',
    options: { format: 'cloudfront-json' },
    line: JSON.stringify({
      ...FULL_RECORD,
      eventTimestamp: '1731620046814',
      clientPort: '12137',
      tlsHandshakeDuration: '153',
      connectionStatus: 'Failed:ClientCertExpired',
    }),
    expected: {
      type: 'event',
      event: {
        ...FULL_CONNECTION_EVENT,
        connectionStatus: 'Failed:ClientCertExpired',
        outcome: 'failed',
        failureCode: 'ClientCertExpired',
      },
    },
  },
  {
    name: 'cloudfront-json: field subset, unknown future failure code kept',
    line: '{"eventTimestamp":1731620046900,"connectionStatus":"Failed:ClientCertQuantumUnsafe","distributionId":"E2DX1SLDPK0123"}',
    expected: {
      type: 'event',
      event: {
        kind: 'connection',
        eventTimestamp: 1731620046900,
        connectionStatus: 'Failed:ClientCertQuantumUnsafe',
        outcome: 'failed',
        failureCode: 'ClientCertQuantumUnsafe',
        distributionId: 'E2DX1SLDPK0123',
      },
    },
  },
  {
    name: 'cloudfront-json: ISO timestamp, bare Failed, dash means empty',
    line: '{"eventTimestamp":"2024-11-14T21:34:06.814Z","connectionStatus":"Failed","tlsSni":"-","clientLeafCertValidity":"garbage"}',
    expected: {
      type: 'event',
      event: {
        kind: 'connection',
        eventTimestamp: 1731620046814,
        connectionStatus: 'Failed',
        outcome: 'failed',
        failureCode: 'Unspecified',
        clientLeafCertValidity: 'garbage',
      },
    },
  },
  {
    name: 'cloudfront-json: escape sequences stay text (sanitised later, not here)',
    line: '{"eventTimestamp":1731620046814,"connectionStatus":"Failed:ClientCertUntrusted","tlsSni":"\\u001b]0;pwned\\u0007evil"}',
    expected: {
      type: 'event',
      event: {
        kind: 'connection',
        eventTimestamp: 1731620046814,
        connectionStatus: 'Failed:ClientCertUntrusted',
        outcome: 'failed',
        failureCode: 'ClientCertUntrusted',
        tlsSni: '\u001b]0;pwned\u0007evil',
      },
    },
  },
  { name: 'cloudfront-json: blank line', options: { format: 'cloudfront-json' }, line: '   ', expected: { type: 'skip' } },
  {
    name: 'cloudfront-json: truncated record',
    options: { format: 'cloudfront-json' },
    line: '{"eventTimestamp":1731620046814,"connectionStatus":"Succ',
    expected: { type: 'malformed', reason: 'invalid-json' },
  },
  {
    name: 'cloudfront-json: JSON null',
    options: { format: 'cloudfront-json' },
    line: 'null',
    expected: { type: 'malformed', reason: 'not-an-object' },
  },
  { name: 'cloudfront-json: JSON array', line: '[{"eventTimestamp":1}]', expected: { type: 'malformed', reason: 'not-an-object' } },
  {
    name: 'cloudfront-json: object as distributionId',
    line: '{"eventTimestamp":1731620046814,"connectionStatus":"Success","distributionId":{"$ne":null}}',
    expected: { type: 'malformed', reason: 'bad-field-type' },
  },
  {
    name: 'cloudfront-json: non-numeric timestamp',
    line: '{"eventTimestamp":"yesterday","connectionStatus":"Success"}',
    expected: { type: 'malformed', reason: 'bad-timestamp' },
  },
  {
    name: 'cloudfront-json: no timestamp',
    options: { format: 'cloudfront-json' },
    line: '{"connectionStatus":"Success"}',
    expected: { type: 'malformed', reason: 'missing-timestamp' },
  },
  {
    name: 'cloudfront-json: no status',
    line: '{"eventTimestamp":1731620046814,"distributionId":"E2DX1SLDPK0123"}',
    expected: { type: 'malformed', reason: 'missing-status' },
  },
  {
    name: 'cloudfront-json: status of the wrong type',
    line: '{"eventTimestamp":1731620046814,"connectionStatus":["Success"]}',
    expected: { type: 'malformed', reason: 'bad-status' },
  },
  {
    name: 'cloudfront-json: invalid UTF-8 decoded to replacement characters',
    line: '{"eventTimestamp":1731620046814,"connectionStatus":"Success","tlsSni":"\uFFFD\uFFFD"}',
    expected: { type: 'malformed', reason: 'invalid-utf8' },
  },
  {
    name: 'cloudfront-json: binary garbage',
    options: { format: 'cloudfront-json' },
    line: '\u001f\u008b\u0008\u0000\u0003garbage',
    expected: { type: 'malformed', reason: 'binary' },
  },
  {
    name: 'cloudfront-json: a line over the cap',
    options: { format: 'cloudfront-json' },
    line: '{"eventTimestamp":1731620046814,"connectionStatus":"Success","tlsSni":"' + 'a'.repeat(70_000) + '"}',
    expected: { type: 'malformed', reason: 'line-too-long' },
  },
];
