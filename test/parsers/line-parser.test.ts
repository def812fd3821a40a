import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../../src/events/types.js';
import { CONNECTION_FIELDS, createLineParser, MAX_LINE_LENGTH, TRUNCATED_LINE_MARK, type ParseOutcome } from '../../src/parsers/index.js';

function connection(outcome: ParseOutcome): ConnectionEvent {
  if (outcome.type !== 'event' || outcome.event.kind !== 'connection')
    throw new Error(`expected a connection event, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

describe('createLineParser', () => {
  it('detects JSON connection records, firewall entries and W3C lines in one origin', () => {
    const parser = createLineParser();
    expect(connection(parser.parse('{"eventTimestamp":1,"connectionStatus":"Success"}')).outcome).toBe('success');
    const firewall = parser.parse('{"event_timestamp":1708361189,"event":{"revocation_check":{"status":"REVOKED","action":"DROP"}}}');
    expect(firewall.type === 'event' && firewall.event.kind === 'firewall' && firewall.event.category).toBe('revocation_check');
    expect(parser.parse('#Fields: connectionStatus eventTimestamp')).toEqual({ type: 'skip' });
    expect(connection(parser.parse('Failed:TcpTimeout\t1731620046814')).failureCode).toBe('TcpTimeout');
  });

  it('lets a new #Fields header replace the field order for the following lines', () => {
    const parser = createLineParser({ format: 'cloudfront-delimited' });
    parser.parse('#Fields: eventTimestamp connectionStatus distributionId');
    expect(connection(parser.parse('1\tSuccess\tEAAA')).distributionId).toBe('EAAA');
    parser.parse('#Version: 1.0');
    parser.parse('#Fields: distributionId eventTimestamp connectionStatus tlsHandshakeDuration');
    const event = connection(parser.parse('EBBB\t2\tFailed:ClientCertMissing\t12.5'));
    expect([event.distributionId, event.eventTimestamp, event.failureCode, event.tlsHandshakeDuration]).toEqual([
      'EBBB',
      2,
      'ClientCertMissing',
      12.5,
    ]);
  });

  it('keeps header state per parser instance (one per origin)', () => {
    const a = createLineParser();
    const b = createLineParser();
    a.parse('#Fields: connectionStatus eventTimestamp');
    expect(connection(a.parse('Success 5')).eventTimestamp).toBe(5);
    expect(b.parse('Success 5')).toEqual({ type: 'malformed', reason: 'unknown-format' });
  });

  it('ignores unknown columns and never lets a header name reach the prototype', () => {
    const parser = createLineParser();
    parser.parse('#Fields: __proto__ eventTimestamp x-edge-extra connectionStatus');
    const event = connection(parser.parse('polluted\t7\tignored\tSuccess'));
    expect(event.eventTimestamp).toBe(7);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('falls back to the known header for a delimited line that starts with a brace', () => {
    const parser = createLineParser();
    parser.parse('#Fields: connectionLogCustomData eventTimestamp connectionStatus');
    expect(connection(parser.parse('{not json}\t7\tSuccess')).connectionLogCustomData).toBe('{not json}');
  });

  it('uses the configured fields when no header is present, and a header when one comes', () => {
    const parser = createLineParser({ fields: ['connectionStatus', 'eventTimestamp'], delimiter: ',' });
    expect(connection(parser.parse('Success,9')).eventTimestamp).toBe(9);
    expect(parser.parse('9,Success,extra')).toEqual({ type: 'malformed', reason: 'field-count-mismatch' });
  });

  it('treats a status-only failure and unknown status text as failures under their own names', () => {
    const parser = createLineParser({ format: 'cloudfront-json' });
    expect(connection(parser.parse('{"eventTimestamp":1,"connectionStatus":"Failed:"}')).failureCode).toBe('Unspecified');
    expect(connection(parser.parse('{"eventTimestamp":1,"connectionStatus":"Throttled"}')).failureCode).toBe('Throttled');
    expect(connection(parser.parse('{"eventTimestamp":1,"connectionStatus":" success "}')).outcome).toBe('success');
  });

  it('coerces numbers in text fields to strings and rejects other types', () => {
    const parser = createLineParser();
    expect(connection(parser.parse('{"eventTimestamp":1,"connectionStatus":"Success","distributionId":42}')).distributionId).toBe('42');
    for (const value of ['true', '{}', '[]', '"-1"']) {
      const line = `{"eventTimestamp":1,"connectionStatus":"Success","clientPort":${value}}`;
      expect(parser.parse(line)).toEqual({ type: 'malformed', reason: 'bad-field-type' });
    }
    expect(parser.parse('{"eventTimestamp":1e300,"connectionStatus":"Success"}')).toEqual({ type: 'malformed', reason: 'bad-timestamp' });
    expect(parser.parse('{"eventTimestamp":"0x10","connectionStatus":"Success"}')).toEqual({ type: 'malformed', reason: 'bad-timestamp' });
  });

  it('counts a line the file reader cut as line-too-long, and accepts a line exactly at the cap', () => {
    const parser = createLineParser();
    expect(parser.parse('{"eventTimestamp":1,' + TRUNCATED_LINE_MARK)).toEqual({ type: 'malformed', reason: 'line-too-long' });
    const head = '{"eventTimestamp":1,"connectionStatus":"Success","tlsSni":"';
    const atCap = head + 'a'.repeat(MAX_LINE_LENGTH - head.length - 2) + '"}';
    expect(atCap.length).toBe(MAX_LINE_LENGTH);
    expect(parser.parse(atCap).type).toBe('event');
  });

  it('parses a W3C file with every documented field and a byte-order mark', () => {
    const parser = createLineParser();
    expect(parser.parse('\uFEFF#Version: 1.0')).toEqual({ type: 'skip' });
    parser.parse('#Fields: ' + CONNECTION_FIELDS.join(' '));
    const values = CONNECTION_FIELDS.map((f) =>
      f === 'eventTimestamp'
        ? '1731620046814'
        : f === 'connectionStatus'
          ? 'Success'
          : f === 'clientPort' || f === 'tlsHandshakeDuration'
            ? '3'
            : '-',
    );
    const event = connection(parser.parse(values.join('\t')));
    expect(event.tlsSni).toBeUndefined();
    expect(event.clientPort).toBe(3);
  });
});
