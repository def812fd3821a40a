import { describe, expect, it } from 'vitest';
import type { ConnectionEvent, FirewallEvent, LogEvent } from '../../../src/events/types.js';
import type { EventConsumer } from '../../../src/pipeline/ingest-sink.js';
import { ParsedBatchWriter, replayParsedBatch, type ParsedBatch } from '../../../src/pipeline/parse-threads/parsed-batch.js';
import { createLineParser } from '../../../src/parsers/index.js';
import { recorder } from './recorder.js';

const parser = createLineParser();
function parsed(line: string): LogEvent {
  const outcome = parser.parse(line);
  if (outcome.type !== 'event') throw new Error(`not an event: ${line}`);
  return outcome.event;
}

const FULL = parsed(
  JSON.stringify({
    eventTimestamp: 1764650000123,
    connectionId: 'c1',
    connectionStatus: 'Failed:ClientCertUntrusted',
    clientIp: '198.51.100.7',
    clientPort: 40001,
    serverIp: '99.84.71.136',
    distributionId: 'E2DX1SLDPK0123',
    distributionTenantId: 'dt-1',
    tlsProtocol: 'TLSv1.3',
    tlsCipher: 'TLS_AES_128_GCM_SHA256',
    tlsHandshakeDuration: 12.5,
    tlsSni: 'api.example.com',
    clientLeafCertSerialNumber: '00:b1',
    clientLeafCertSubject: 'CN=client, O=Ex\u00e4mple \u{1F600}',
    clientLeafCertIssuer: 'CN=Partner CA G1',
    clientLeafCertValidity: 'NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z',
    connectionLogCustomData: '\u001b]0;hostile\u0007',
  }),
);
const SPARSE = parsed(JSON.stringify({ eventTimestamp: 1764650000999, connectionStatus: 'Success' }));
const FIREWALL = parsed(
  '{"firewall_name":"fw","availability_zone":"us-east-1d","event_timestamp":1719943304,"event":{"timestamp":"2024-07-02T18:01:44.412778Z","src_ip":"10.0.2.53","src_port":"59844","dest_ip":"10.0.1.27","dest_port":"443","sni":"-","tls_error":{"error_message":"Server name is not found in client hello."}}}',
) as FirewallEvent;

const REVOKED = parsed(
  '{"firewall_name":"fw","availability_zone":"us-east-1d","event_timestamp":"1719943305","event":{"timestamp":"2024-07-02T18:01:45.000001Z","src_ip":"10.0.2.53","src_port":"59845","dest_ip":"10.0.1.28","dest_port":"443","sni":"revoked.example.com","revocation_check":{"leaf_cert_fpr":"abc","status":"REVOKED","action":"DROP"}}}',
);
const ALERT = parsed('{"firewall_name":"fw","event_timestamp":1719943306,"event":{"event_type":"alert","src_ip":"10.0.2.54"}}');

/** What crosses the thread boundary: a structured clone, with the buffers moved. */
function acrossThreads(writer: ParsedBatchWriter): ParsedBatch {
  const { batch, transfer } = writer.take();
  return structuredClone(batch, { transfer });
}

describe('ParsedBatchWriter and replayParsedBatch', () => {
  it('replays every call with the same arguments, in the same order', () => {
    const direct = recorder();
    const writer = new ParsedBatchWriter();
    const calls = (c: EventConsumer) => {
      c.markSampled?.();
      c.ingest(FULL, 'file-a');
      c.recordMalformed('invalid-json', 'file-b');
      c.ingest(SPARSE, 'file-b');
      c.recordExcluded?.('before-since', 1000);
      c.ingest(FIREWALL, 'fw-log');
      c.ingest(REVOKED, 'fw-log');
      c.ingest(ALERT, 'fw-log');
      c.ingest(FIREWALL, 'fw-log');
      c.ingest(FULL, 'file-a');
      c.recordExcluded?.('at-or-after-until', 2000);
      c.ingest({ ...(FULL as ConnectionEvent), distributionId: 'E_OTHER', clientPort: 0, tlsHandshakeDuration: 0 }, 'file-a');
    };
    calls(direct.consumer);
    calls(writer);
    expect(writer.size).toBe(12);
    const replayed = recorder();
    replayParsedBatch(acrossThreads(writer), replayed.consumer);
    expect(replayed.calls).toEqual(direct.calls);
  });

  it('gives events the parser’s shape: every property present, in its order, absent ones undefined', () => {
    const writer = new ParsedBatchWriter();
    for (const event of [SPARSE, FULL, FIREWALL, REVOKED, ALERT]) writer.ingest(event, 's');
    const replayed = recorder();
    replayParsedBatch(acrossThreads(writer), replayed.consumer);
    const events = replayed.calls.map((call) => (call as [string, LogEvent])[1]);
    const shape = (e: LogEvent) => JSON.stringify(e, (_key, value: unknown) => (value === undefined ? '(undefined)' : value));
    expect(events.map(shape)).toEqual([SPARSE, FULL, FIREWALL, REVOKED, ALERT].map(shape));
    expect(events[0]).toMatchObject({ outcome: 'success', failureCode: null, clientPort: undefined, distributionId: undefined });
  });

  it('sends a value repeated by consecutive events once', () => {
    const writer = new ParsedBatchWriter();
    for (let i = 0; i < 100; i++) writer.ingest({ ...(FULL as ConnectionEvent), connectionId: `c${i}` }, 'file-a');
    const { batch } = writer.take();
    // 100 distinct connection IDs, the source, and each other string of FULL once.
    expect(batch.strings.length).toBeLessThan(2 + 100 + 1 + 15);
  });

  it('starts afresh after each take', () => {
    const writer = new ParsedBatchWriter();
    writer.ingest(FULL, 'a');
    writer.take();
    writer.ingest(SPARSE, 'b');
    const replayed = recorder();
    replayParsedBatch(acrossThreads(writer), replayed.consumer);
    expect(replayed.calls).toEqual([['ingest', SPARSE, 'b']]);
    expect(writer.size).toBe(0);
  });
});
