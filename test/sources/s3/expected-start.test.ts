import { describe, expect, it } from 'vitest';
import { expectedStart } from '../../../src/sources/s3/s3-source.js';

const HOUR = 3_600_000;
const KEY_TIME = Date.UTC(2026, 10, 20, 5, 0, 0);
const KEY = 'AWSLogs/123456789012/CloudFront/E2DX1SLDPK0123/2026/11/20/05/E2DX1SLDPK0123.2026-11-20-05.a1b2c3.gz';

describe('expectedStart: where the merge expects an object to start', () => {
  it('as delivered: the later of the key time and a few minutes before it was written', () => {
    expect(expectedStart({ key: KEY, lastModifiedMs: KEY_TIME + 20 * 60_000 })).toBe(KEY_TIME + 15 * 60_000);
    expect(expectedStart({ key: KEY, lastModifiedMs: KEY_TIME + 60_000 })).toBe(KEY_TIME);
  });

  it('copied or backfilled hours after its events: the key time (else the merge never waits for it)', () => {
    expect(expectedStart({ key: KEY, lastModifiedMs: KEY_TIME + 7 * 24 * HOUR })).toBe(KEY_TIME);
    expect(expectedStart({ key: KEY })).toBe(KEY_TIME);
  });

  it('a key without a time: a few minutes before it was written, or anywhere when that is not known', () => {
    expect(expectedStart({ key: 'logs/cf.jsonl.gz', lastModifiedMs: KEY_TIME })).toBe(KEY_TIME - 5 * 60_000);
    expect(expectedStart({ key: 'logs/cf.jsonl.gz' })).toBe(-Infinity);
  });
});
