import { describe, expect, it } from 'vitest';
import { createLineParser, MALFORMED_REASONS } from '../../src/parsers/index.js';
import { ALL_PARSER_SAMPLES } from './samples/index.js';

describe('parser samples', () => {
  it('have unique names and cover every parser', () => {
    const names = ALL_PARSER_SAMPLES.map((sample) => sample.name);
    expect(new Set(names).size).toBe(names.length);
    for (const prefix of ['cloudfront-json:', 'plain:', 'w3c:', 'firewall:']) {
      expect(names.some((name) => name.startsWith(prefix))).toBe(true);
    }
  });

  it.each(ALL_PARSER_SAMPLES.map((sample) => [sample.name, sample] as const))('%s', (_name, sample) => {
    const parser = createLineParser(sample.options);
    for (const line of sample.before ?? []) parser.parse(line);
    const outcome = parser.parse(sample.line);
    expect(outcome).toEqual(sample.expected);
    if (outcome.type === 'malformed') expect(MALFORMED_REASONS).toContain(outcome.reason);
  });
});
