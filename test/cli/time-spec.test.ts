import { describe, expect, it } from 'vitest';
import { parseDuration, parseTimeSpec } from '../../src/cli/time-spec.js';

const NOW = Date.parse('2026-11-24T06:00:00Z');

describe('parseTimeSpec', () => {
  it('reads relative durations back from now', () => {
    expect(parseTimeSpec('30m', NOW)).toBe(NOW - 30 * 60_000);
    expect(parseTimeSpec('2h', NOW)).toBe(NOW - 2 * 3_600_000);
    expect(parseTimeSpec('1d', NOW)).toBe(NOW - 86_400_000);
    expect(parseTimeSpec('45s', NOW)).toBe(NOW - 45_000);
  });
  it('reads ISO times and epochs', () => {
    expect(parseTimeSpec('2026-11-24T05:00:00Z', NOW)).toBe(Date.parse('2026-11-24T05:00:00Z'));
    expect(parseTimeSpec('1731620046', NOW)).toBe(1731620046000);
    expect(parseTimeSpec('1731620046814', NOW)).toBe(1731620046814);
  });
  it('explains what it accepts when it cannot read a time', () => {
    const result = parseTimeSpec('yesterday', NOW);
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(/30m.*ISO/);
  });
});

describe('parseDuration', () => {
  it('reads windows', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('x')).toBeInstanceOf(Error);
  });
});
