/** The pure parts of the CloudWatch source: de-duplication, backoff, intervals, naming. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff, fullJitterDelay } from '../../../src/sources/cloudwatch/backoff.js';
import { classifyError } from '../../../src/sources/cloudwatch/error-kind.js';
import { contentKey, formatHintFor, toBatches } from '../../../src/sources/cloudwatch/event-lines.js';
import { chunkGroups, isLiveTailRefusal } from '../../../src/sources/cloudwatch/live-tail.js';
import { nameFromArn } from '../../../src/sources/cloudwatch/log-groups.js';
import { nextPollInterval } from '../../../src/sources/cloudwatch/poll-follower.js';
import { RecentKeys } from '../../../src/sources/cloudwatch/recent-keys.js';

describe('RecentKeys', () => {
  it('drops a copy replayed by another feed, keeps genuine repeats within one feed', () => {
    const keys = new RecentKeys(1000);
    expect(keys.admit('a', 10, 1)).toBe(true);
    expect(keys.admit('a', 10, 1)).toBe(true); // a second identical event in the same read
    expect(keys.admit('a', 10, 2)).toBe(false);
    expect(keys.admit('a', 10, 2)).toBe(false);
    expect(keys.admit('a', 10, 2)).toBe(true); // a third copy nobody delivered yet
  });

  it('forgets whole buckets older than a time and stays under its cap', () => {
    const keys = new RecentKeys(1000, 50);
    for (let i = 0; i < 10_000; i++) keys.admit(`k${i}`, i, 1);
    expect(keys.size).toBeLessThanOrEqual(1050);
    keys.forgetBefore(9000);
    expect(keys.size).toBeLessThanOrEqual(1000);
    expect(keys.admit('k9999', 9999, 2)).toBe(false);
  });

  it('delivers every distinct key exactly once whatever the overlap of feeds (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }), { maxLength: 6 }), (reads) => {
        const keys = new RecentKeys(5);
        const delivered: number[] = [];
        reads.forEach((read, feed) => {
          for (const id of new Set(read)) if (keys.admit(String(id), id, feed)) delivered.push(id);
        });
        expect(delivered.sort((a, b) => a - b)).toEqual([...new Set(reads.flat())].sort((a, b) => a - b));
      }),
    );
  });
});

describe('backoff and intervals', () => {
  it('full jitter stays within [0, min(max, base * 2^n)]', () => {
    expect(fullJitterDelay(0, 100, 1000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 1000, () => 0.5)).toBe(400);
    expect(fullJitterDelay(30, 100, 1000, () => 0.999)).toBe(999);
    const backoff = new Backoff(100, 1000, () => 1);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 400]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('polls faster when busy, slower when idle, within bounds', () => {
    expect(nextPollInterval(2000, 5, 1000, 10_000)).toBe(1000);
    expect(nextPollInterval(1000, 5, 1000, 10_000)).toBe(1000);
    expect(nextPollInterval(2000, 0, 1000, 10_000)).toBe(3000);
    expect(nextPollInterval(9000, 0, 1000, 10_000)).toBe(10_000);
  });
});

describe('naming and classification', () => {
  it('marks Network Firewall groups and streams', () => {
    expect(formatHintFor('/aws/network-firewall/tls/fw', 'x')).toBe('firewall');
    expect(formatHintFor('firewall-logs', '/aws/network-firewall/tls/fw')).toBe('firewall');
    expect(formatHintFor('/aws/cloudfront/connection-logs', 'E1')).toBe('auto');
  });

  it('keeps one record line per event and strips a trailing newline', () => {
    const batches = toBatches([
      { logGroupName: 'g', logStreamName: 's', timestamp: 1, message: 'one\n' },
      { logGroupName: 'g', logStreamName: 't', timestamp: 2, message: 'two' },
      { logGroupName: 'g', logStreamName: 's', timestamp: 3, message: 'three' },
    ]);
    expect(batches).toEqual([
      { origin: 'g/s', lines: ['one', 'three'], format: 'auto' },
      { origin: 'g/t', lines: ['two'], format: 'auto' },
    ]);
    expect(contentKey({ logGroupName: 'g', logStreamName: 's', timestamp: 1, message: 'x' })).not.toBe(
      contentKey({ logGroupName: 'g', logStreamName: 's', timestamp: 1, message: 'y' }),
    );
  });

  it('reads log group names from ARNs', () => {
    expect(nameFromArn('arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:*')).toBe('/aws/x');
    expect(nameFromArn('arn:aws-cn:logs:cn-north-1:123456789012:log-group:app')).toBe('app');
    expect(nameFromArn('/aws/x')).toBeUndefined();
  });

  it('splits log groups into sessions of at most 10', () => {
    const groups = Array.from({ length: 21 }, (_, i) => ({ name: `g${i}`, arn: `a${i}` }));
    expect(chunkGroups(groups).map((c) => c.length)).toEqual([10, 10, 1]);
  });

  it('tells a refused Live Tail from a transient fault', () => {
    expect(isLiveTailRefusal({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isLiveTailRefusal({ name: 'SyntaxError', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isLiveTailRefusal({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isLiveTailRefusal(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(classifyError({ name: 'ThrottlingException' })).toBe('throttled');
    expect(classifyError({ name: 'ExpiredTokenException' })).toBe('credentials');
    expect(classifyError({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe('transient');
    expect(classifyError({ name: 'ResourceNotFoundException' })).toBe('not-found');
    expect(classifyError(new Error('boom'), AbortSignal.abort())).toBe('aborted');
  });
});
