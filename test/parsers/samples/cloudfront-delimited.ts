/**
 * Sample lines of the delimited connection-log parser: Plain (tab, custom delimiter,
 * a field subset in another order, a header line) and W3C with its header, plus
 * malformed examples. Run by test/parsers/samples.test.ts.
 */
import { CONNECTION_FIELDS } from '../../../src/parsers/index.js';
import { FULL_CONNECTION_EVENT, FULL_RECORD } from './cloudfront-json.js';
import type { ParserSample } from './parser-sample.js';

const ALL_VALUES = CONNECTION_FIELDS.map((field) => String(FULL_RECORD[field]));
const SUBSET = ['distributionId', 'connectionStatus', 'eventTimestamp', 'tlsHandshakeDuration', 'tlsSni'] as const;

const SUBSET_EVENT = {
  kind: 'connection' as const,
  eventTimestamp: 1731620046814,
  connectionStatus: 'Failed:ClientCertUntrusted',
  outcome: 'failed' as const,
  failureCode: 'ClientCertUntrusted',
  distributionId: 'E2DX1SLDPK0123',
  tlsHandshakeDuration: 87,
  tlsSni: 'api.example.com',
};

/** Sample lines of the delimited (Plain / W3C) connection-log parser. */
export const CLOUDFRONT_DELIMITED_SAMPLES: readonly ParserSample[] = [
  {
    name: 'plain: all fields, tab, documented order, no header (auto-detected)',
    line: ALL_VALUES.join('\t'),
    expected: { type: 'event', event: FULL_CONNECTION_EVENT },
  },
  {
    name: 'w3c: #Version and #Fields header, tab-separated values',
    before: ['#Version: 1.0', '#Fields: ' + CONNECTION_FIELDS.join(' ')],
    line: ALL_VALUES.join('\t'),
    expected: { type: 'event', event: FULL_CONNECTION_EVENT },
  },
  {
    name: 'w3c: field subset in another order, space-separated, dash means empty',
    options: { format: 'cloudfront-delimited' },
    before: ['#Version: 1.0', '#Fields: distributionId connectionStatus eventTimestamp tlsHandshakeDuration tlsSni'],
    line: 'E2DX1SLDPK0123 Success 1731620046814 - -',
    expected: {
      type: 'event',
      event: {
        kind: 'connection',
        eventTimestamp: 1731620046814,
        connectionStatus: 'Success',
        outcome: 'success',
        failureCode: null,
        distributionId: 'E2DX1SLDPK0123',
      },
    },
  },
  { name: 'w3c: a header line is skipped', line: '#Fields: eventTimestamp connectionStatus', expected: { type: 'skip' } },
  {
    name: 'plain: configured field subset and custom delimiter',
    options: { format: 'cloudfront-delimited', fields: SUBSET, delimiter: '|' },
    line: 'E2DX1SLDPK0123|Failed:ClientCertUntrusted|1731620046814|87|api.example.com',
    expected: { type: 'event', event: SUBSET_EVENT },
  },
  {
    name: 'plain: multi-character custom delimiter, fields given, format auto',
    options: { fields: SUBSET, delimiter: ' ;; ' },
    line: 'E2DX1SLDPK0123 ;; Failed:ClientCertUntrusted ;; 1731620046814 ;; 87 ;; api.example.com',
    expected: { type: 'event', event: SUBSET_EVENT },
  },
  {
    name: 'plain: header line without # sets the field order; delimiter inferred',
    before: [SUBSET.join(',')],
    line: 'E2DX1SLDPK0123,Failed:ClientCertUntrusted,1731620046814,87,api.example.com',
    expected: { type: 'event', event: SUBSET_EVENT },
  },
  {
    name: 'plain: CRLF line ending',
    options: { format: 'cloudfront-delimited', fields: SUBSET, delimiter: '\t' },
    line: 'E2DX1SLDPK0123\tFailed:ClientCertUntrusted\t1731620046814\t87\tapi.example.com\r',
    expected: { type: 'event', event: SUBSET_EVENT },
  },
  {
    name: 'w3c: too few columns for the header',
    before: ['#Fields: ' + CONNECTION_FIELDS.join(' ')],
    line: '1731620046814\tabc\tSuccess',
    expected: { type: 'malformed', reason: 'field-count-mismatch' },
  },
  {
    name: 'plain: no field list and not the documented 17 columns',
    options: { format: 'cloudfront-delimited' },
    line: '1731620046814\tSuccess\tE2DX1SLDPK0123',
    expected: { type: 'malformed', reason: 'missing-header' },
  },
  {
    name: 'auto: free text is not a known format',
    line: 'hello, is this a log?',
    expected: { type: 'malformed', reason: 'unknown-format' },
  },
  {
    name: 'plain: non-numeric timestamp',
    options: { fields: ['eventTimestamp', 'connectionStatus'], delimiter: '\t' },
    line: 'soon\tSuccess',
    expected: { type: 'malformed', reason: 'bad-timestamp' },
  },
  {
    name: 'plain: non-numeric handshake duration',
    options: { fields: ['eventTimestamp', 'connectionStatus', 'tlsHandshakeDuration'], delimiter: '\t' },
    line: '1731620046814\tSuccess\tfast',
    expected: { type: 'malformed', reason: 'bad-field-type' },
  },
  {
    name: 'plain: binary garbage',
    options: { format: 'cloudfront-delimited', fields: SUBSET, delimiter: '\t' },
    line: '\u0007\u0008\u001b[2J\u0002\u0003',
    expected: { type: 'malformed', reason: 'binary' },
  },
];
