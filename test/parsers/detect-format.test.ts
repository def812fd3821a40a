import { describe, expect, it } from 'vitest';
import { createLineParser, detectFormat } from '../../src/parsers/index.js';
import { ALL_PARSER_SAMPLES } from './samples/index.js';

const firewallLine = ALL_PARSER_SAMPLES.find((s) => s.name.startsWith('firewall: tls_error, missing SNI'))?.line ?? '';

describe('detectFormat', () => {
  it('recognises JSON connection logs and firewall logs from the first record', () => {
    expect(detectFormat(['', '{"eventTimestamp":1,"connectionStatus":"Success"}'])).toEqual({ format: 'cloudfront-json' });
    expect(detectFormat([firewallLine])).toEqual({ format: 'firewall' });
  });

  it('takes the field list of a W3C header or a Plain header line', () => {
    expect(detectFormat(['#Version: 1.0', '#Fields: eventTimestamp connectionStatus'])).toEqual({
      format: 'cloudfront-delimited',
      fields: ['eventTimestamp', 'connectionStatus'],
    });
    expect(detectFormat(['eventTimestamp\ttlsSni\tconnectionStatus', '1\ta\tSuccess'])).toEqual({
      format: 'cloudfront-delimited',
      fields: ['eventTimestamp', 'tlsSni', 'connectionStatus'],
    });
  });

  it('falls back to auto for garbage, truncated JSON and empty input', () => {
    expect(detectFormat([])).toEqual({ format: 'auto' });
    expect(detectFormat(['{"eventTim', '\u0000\u0001', 'x'.repeat(70_000)])).toEqual({ format: 'auto' });
  });

  it('gives options a line parser accepts', () => {
    const lines = ['#Fields: connectionStatus eventTimestamp', 'Success 12'];
    const parser = createLineParser(detectFormat(lines));
    expect(lines.map((line) => parser.parse(line).type)).toEqual(['skip', 'event']);
  });
});
