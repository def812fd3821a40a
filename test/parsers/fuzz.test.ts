import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTION_FIELDS, createLineParser, MAX_LINE_LENGTH, type LineParserOptions } from '../../src/parsers/index.js';
import { ALL_PARSER_SAMPLES } from './samples/index.js';
import { expectValidOutcome } from './event-invariants.js';

const CONFIGS: LineParserOptions[] = [
  {},
  { format: 'cloudfront' },
  { format: 'cloudfront-json' },
  { format: 'cloudfront-delimited' },
  { format: 'cloudfront-delimited', fields: ['eventTimestamp', 'connectionStatus', 'tlsSni'], delimiter: '|' },
  { format: 'auto', fields: ['connectionStatus', 'eventTimestamp'] },
  { format: 'firewall' },
];

const config = fc.constantFrom(...CONFIGS);
const sampleLine = fc.constantFrom(...ALL_PARSER_SAMPLES.map((sample) => sample.line));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }));

/** A sample line with random damage: cut, inserted text, replaced or duplicated slices. */
const mutatedSample = fc
  .tuple(sampleLine, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), anyText, fc.nat({ max: 3 })), { minLength: 1, maxLength: 4 }))
  .map(([line, edits]) => {
    let text = line;
    for (const [at, length, insert, kind] of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      if (kind === 0) text = text.slice(0, i);
      else if (kind === 1) text = text.slice(0, i) + insert + text.slice(i);
      else if (kind === 2) text = text.slice(0, i) + insert + text.slice(i + length);
      else text = text.slice(0, i) + text.slice(i, i + length).repeat(3) + text.slice(i);
    }
    return text;
  });

/** JSON objects with connection or firewall keys holding values of any type. */
const hostileRecord = fc.oneof(
  fc
    .dictionary(fc.constantFrom(...CONNECTION_FIELDS, '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 2 }))
    .map((r) => JSON.stringify(r)),
  fc
    .record(
      {
        firewall_name: fc.jsonValue({ maxDepth: 1 }),
        event_timestamp: fc.oneof(fc.integer(), fc.string(), fc.jsonValue({ maxDepth: 1 })),
        event: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.dictionary(
            fc.constantFrom('timestamp', 'src_ip', 'src_port', 'sni', 'event_type', 'tls_error', 'revocation_check', 'alert', 'netflow'),
            fc.oneof(
              fc.jsonValue({ maxDepth: 2 }),
              fc.record({ error_message: fc.jsonValue(), status: fc.jsonValue(), action: fc.jsonValue() }),
            ),
          ),
        ),
      },
      { requiredKeys: [] },
    )
    .map((r) => JSON.stringify(r)),
);

const anyLine = fc.oneof(anyText, fc.json({ maxDepth: 3 }), mutatedSample, hostileRecord, sampleLine);

describe('parsers under hostile input', () => {
  it('never throw and always return one of the three outcomes, for single lines', () => {
    fc.assert(
      fc.property(config, anyLine, (options, line) => {
        expectValidOutcome(createLineParser(options).parse(line));
      }),
      { numRuns: 3000 },
    );
  });

  it('keep valid state across sequences of lines (headers, delimiters, garbage mixed)', () => {
    const header = fc.constantFrom(
      '#Version: 1.0',
      '#Fields: eventTimestamp connectionStatus',
      '#Fields: ' + CONNECTION_FIELDS.join(' '),
      'eventTimestamp,connectionStatus,tlsSni',
      '#Fields:',
    );
    fc.assert(
      fc.property(config, fc.array(fc.oneof(anyLine, header), { maxLength: 20 }), (options, lines) => {
        const parser = createLineParser(options);
        for (const line of lines) expectValidOutcome(parser.parse(line));
      }),
      { numRuns: 500 },
    );
  });

  it('reject huge lines as line-too-long whatever they hold', () => {
    fc.assert(
      fc.property(config, sampleLine, fc.integer({ min: 1, max: 4 * 1024 * 1024 }), (options, line, extra) => {
        const huge = line + ' '.repeat(Math.max(0, MAX_LINE_LENGTH - line.length)) + 'x'.repeat(extra);
        expect(createLineParser(options).parse(huge)).toEqual({ type: 'malformed', reason: 'line-too-long' });
      }),
      { numRuns: 30 },
    );
  });

  it('reject a several-megabyte line without scanning it', () => {
    const line = '{"eventTimestamp":1,"connectionStatus":"Success","tlsSni":"' + 'A'.repeat(8 * 1024 * 1024) + '"}';
    for (const options of CONFIGS) expect(createLineParser(options).parse(line)).toEqual({ type: 'malformed', reason: 'line-too-long' });
  });
});
