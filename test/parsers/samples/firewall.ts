/**
 * Sample lines of the Network Firewall parser: the four entries of seed 002 (missing
 * SNI, SNI mismatch, revoked and unknown revocation status), alert and flow entries,
 * and malformed examples. Run by test/parsers/samples.test.ts.
 */
import type { FirewallEvent } from '../../../src/events/types.js';
import type { ParserSample } from './parser-sample.js';

const MISSING_SNI =
  '{ "firewall_name": "firewall-tls-test", "availability_zone": "us-east-1d", "event_timestamp": 1719943304, "event": { "timestamp": "2024-07-02T18:01:44.412778Z", "src_ip": "10.0.2.53", "src_port": "59844", "dest_ip": "10.0.1.27", "dest_port": "443", "sni": "-", "tls_error": { "error_message": "Server name is not found in client hello." } } }';
const MISMATCH_MESSAGE =
  'SNI: test.com Match Failed to server certificate names: aaacertificateservices.comodoca.com/aaacertificateservices.comodoca.com/www.aaacertificateservices.comodoca.com ';
const MISMATCH = JSON.stringify({
  firewall_name: 'test-firewall',
  availability_zone: 'us-east-1d',
  event_timestamp: 1721849698,
  event: {
    timestamp: '2024-07-24T19:34:58.337042Z',
    src_ip: '10.0.2.22',
    src_port: '44798',
    dest_ip: '91.212.12.80',
    dest_port: '444',
    sni: 'test.com',
    tls_error: { error_message: MISMATCH_MESSAGE },
  },
});
const revocation = (status: string): string =>
  `{ "firewall_name": "egress-fw", "availability_zone": "us-east-1d", "event_timestamp": 1708361189, "event": { "src_ip": "10.0.2.53", "src_port": "55930", "revocation_check": { "leaf_cert_fpr": "1234567890EXAMPLE0987654321", "status": "${status}", "action": "DROP" }, "dest_ip": "54.92.160.72", "dest_port": "443", "timestamp": "2024-02-19T16:46:29.441824Z", "sni": "revoked-rsa-dv.ssl.com" } }`;
const revocationEvent = (status: string): FirewallEvent => ({
  kind: 'firewall',
  timestampMs: Date.UTC(2024, 1, 19, 16, 46, 29, 441),
  category: 'revocation_check',
  firewall_name: 'egress-fw',
  availability_zone: 'us-east-1d',
  event_timestamp: 1708361189,
  event: {
    timestamp: '2024-02-19T16:46:29.441824Z',
    src_ip: '10.0.2.53',
    src_port: '55930',
    dest_ip: '54.92.160.72',
    dest_port: '443',
    sni: 'revoked-rsa-dv.ssl.com',
    revocation_check: { leaf_cert_fpr: '1234567890EXAMPLE0987654321', status, action: 'DROP' },
  },
});
const ALERT =
  '{"firewall_name":"egress-fw","availability_zone":"us-east-1a","event_timestamp":"1708361190","event":{"timestamp":"2024-02-19T16:46:30.000000+0000","flow_id":1234,"event_type":"alert","src_ip":"10.0.2.53","src_port":55931,"dest_ip":"54.92.160.72","dest_port":443,"proto":"TCP","alert":{"action":"blocked","signature_id":5,"signature":"deny all"}}}';

/** Sample lines of the Network Firewall parser. */
export const FIREWALL_SAMPLES: readonly ParserSample[] = [
  {
    name: 'firewall: tls_error, missing SNI (seed 002)',
    options: { format: 'firewall' },
    line: MISSING_SNI,
    expected: {
      type: 'event',
      event: {
        kind: 'firewall',
        timestampMs: Date.UTC(2024, 6, 2, 18, 1, 44, 412),
        category: 'tls_error',
        tlsErrorClass: 'missing_sni',
        firewall_name: 'firewall-tls-test',
        availability_zone: 'us-east-1d',
        event_timestamp: 1719943304,
        event: {
          timestamp: '2024-07-02T18:01:44.412778Z',
          src_ip: '10.0.2.53',
          src_port: '59844',
          dest_ip: '10.0.1.27',
          dest_port: '443',
          sni: '-',
          tls_error: { error_message: 'Server name is not found in client hello.' },
        },
      },
    },
  },
  {
    name: 'firewall: tls_error, SNI mismatch (seed 002), auto-detected',
    line: MISMATCH,
    expected: {
      type: 'event',
      event: {
        kind: 'firewall',
        timestampMs: Date.UTC(2024, 6, 24, 19, 34, 58, 337),
        category: 'tls_error',
        tlsErrorClass: 'sni_mismatch',
        firewall_name: 'test-firewall',
        availability_zone: 'us-east-1d',
        event_timestamp: 1721849698,
        event: {
          timestamp: '2024-07-24T19:34:58.337042Z',
          src_ip: '10.0.2.22',
          src_port: '44798',
          dest_ip: '91.212.12.80',
          dest_port: '444',
          sni: 'test.com',
          tls_error: { error_message: MISMATCH_MESSAGE },
        },
      },
    },
  },
  {
    name: 'firewall: tls_error with another message, epoch-seconds string only',
    line: '{"firewall_name":"fw","event_timestamp":"1719943304","event":{"src_port":59844,"tls_error":{"error_message":"handshake failure"}}}',
    expected: {
      type: 'event',
      event: {
        kind: 'firewall',
        timestampMs: 1719943304000,
        category: 'tls_error',
        tlsErrorClass: 'other',
        firewall_name: 'fw',
        event_timestamp: 1719943304,
        event: { src_port: '59844', tls_error: { error_message: 'handshake failure' } },
      },
    },
  },
  {
    name: 'firewall: revocation_check REVOKED / DROP (seed 002)',
    line: revocation('REVOKED'),
    expected: { type: 'event', event: revocationEvent('REVOKED') },
  },
  {
    name: 'firewall: revocation_check UNKNOWN / DROP (seed 002)',
    options: { format: 'firewall' },
    line: revocation('UNKNOWN'),
    expected: { type: 'event', event: revocationEvent('UNKNOWN') },
  },
  {
    name: 'firewall: alert entry counted as other, numeric ports normalised',
    line: ALERT,
    expected: {
      type: 'event',
      event: {
        kind: 'firewall',
        timestampMs: 1708361190000,
        category: 'other',
        otherType: 'alert',
        firewall_name: 'egress-fw',
        availability_zone: 'us-east-1a',
        event_timestamp: 1708361190,
        event: {
          timestamp: '2024-02-19T16:46:30.000000+0000',
          event_type: 'alert',
          src_ip: '10.0.2.53',
          src_port: '55931',
          dest_ip: '54.92.160.72',
          dest_port: '443',
        },
      },
    },
  },
  {
    name: 'firewall: netflow entry counted as other flow',
    line: '{"firewall_name":"egress-fw","availability_zone":"us-east-1a","event_timestamp":1708361191,"event":{"timestamp":"2024-02-19T16:46:31.000000+0000","event_type":"netflow","src_ip":"10.0.2.53","netflow":{"pkts":3,"bytes":180}}}',
    expected: {
      type: 'event',
      event: {
        kind: 'firewall',
        timestampMs: 1708361191000,
        category: 'other',
        otherType: 'flow',
        firewall_name: 'egress-fw',
        availability_zone: 'us-east-1a',
        event_timestamp: 1708361191,
        event: { timestamp: '2024-02-19T16:46:31.000000+0000', event_type: 'netflow', src_ip: '10.0.2.53' },
      },
    },
  },
  {
    name: 'firewall: entry with only an alert object, no event_type',
    options: { format: 'firewall' },
    line: '{"event_timestamp":1708361191,"event":{"alert":{"action":"allowed"}}}',
    expected: {
      type: 'event',
      event: {
        kind: 'firewall',
        timestampMs: 1708361191000,
        category: 'other',
        otherType: 'alert',
        event_timestamp: 1708361191,
        event: {},
      },
    },
  },
  {
    name: 'firewall: no event object',
    options: { format: 'firewall' },
    line: '{"firewall_name":"fw","event_timestamp":1708361191}',
    expected: { type: 'malformed', reason: 'missing-field' },
  },
  {
    name: 'firewall: event is a string',
    line: '{"firewall_name":"fw","event_timestamp":1708361191,"event":"tls_error"}',
    expected: { type: 'malformed', reason: 'bad-field-type' },
  },
  {
    name: 'firewall: object as sni',
    line: '{"event_timestamp":1708361191,"event":{"sni":{"x":1},"tls_error":{"error_message":"x"}}}',
    expected: { type: 'malformed', reason: 'bad-field-type' },
  },
  {
    name: 'firewall: revocation check without an action',
    line: '{"event_timestamp":1708361191,"event":{"revocation_check":{"status":"REVOKED"}}}',
    expected: { type: 'malformed', reason: 'missing-field' },
  },
  {
    name: 'firewall: no usable timestamp',
    line: '{"firewall_name":"fw","event":{"timestamp":"later","tls_error":{"error_message":"x"}}}',
    expected: { type: 'malformed', reason: 'bad-timestamp' },
  },
  {
    name: 'firewall: no timestamp at all',
    options: { format: 'firewall' },
    line: '{"event":{"tls_error":{"error_message":"x"}}}',
    expected: { type: 'malformed', reason: 'missing-timestamp' },
  },
  {
    name: 'firewall: truncated entry',
    options: { format: 'firewall' },
    line: MISSING_SNI.slice(0, 120),
    expected: { type: 'malformed', reason: 'invalid-json' },
  },
  { name: 'firewall: JSON null', options: { format: 'firewall' }, line: 'null', expected: { type: 'malformed', reason: 'not-an-object' } },
  {
    name: 'firewall: plain text in a firewall stream',
    options: { format: 'firewall' },
    line: 'not json at all',
    expected: { type: 'malformed', reason: 'invalid-json' },
  },
];
