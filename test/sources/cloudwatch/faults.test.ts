/**
 * Fault tests against the fake Logs service: throttling, 500s, connection resets,
 * credentials that expire mid-run, a missing log group. Each shows the right status
 * and nothing is lost or repeated once healthy again.
 */
import { describe, expect, it } from 'vitest';
import { expectQuietFor } from '../../helpers/wait-for.js';
import { CollectingSink } from './collecting-sink.js';
import { events, range, withFakeLogsService } from './fake-service-harness.js';

const h = withFakeLogsService({ mode: 'poll' }, (s) => {
  s.pageSize = 7;
});

async function settle(sink: CollectingSink): Promise<void> {
  // A few more polls, so a duplicate would have had its chance to show up.
  const before = h.service.calls.get('FilterLogEvents') ?? 0;
  await sink.waitFor(() => (h.service.calls.get('FilterLogEvents') ?? 0) >= before + 3, 'three more polls');
}

describe('polling follow (fake service)', () => {
  it('follows across pages and events added while following, none lost, none twice', async () => {
    h.service.createLogGroup('app');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['app'] });
    await sink.waitForStatus((s) => s.mode === 'poll' && s.state === 'connected', 'polling');
    h.service.putEvents('app', 'b-stream', events('e', 30));
    h.service.putEvents('app', 'a-stream', events('e', 30, 30));
    await sink.waitForLines(60);
    h.service.putEvents('app', 'a-stream', events('e', 25, 60));
    await sink.waitForLines(85);
    await settle(sink);
    expect(sink.duplicates()).toEqual([]);
    expect(new Set(sink.allLines)).toEqual(new Set(range('e', 85)));
  });

  it.each([
    ['throttle', /throttling/i],
    ['server-error', /HTTP 500/],
    ['reset', /Cannot reach AWS|socket hang up|ECONNRESET/],
  ] as const)('recovers from %s with status retrying and loses nothing', async (kind, pattern) => {
    h.service.createLogGroup('app');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['app'] });
    h.service.putEvents('app', 's', events('k', 10));
    await sink.waitForLines(10);
    h.service.fault('FilterLogEvents', kind, 4);
    h.service.putEvents('app', 's', events('k', 10, 10));
    await sink.waitForStatus((s) => s.state === 'retrying' && pattern.test(s.message ?? ''), `${kind} status`);
    await sink.waitForLines(20);
    await sink.waitForStatus(
      (s, i = sink.statuses.indexOf(s)) =>
        s.state === 'connected' && i > 0 && sink.statuses.slice(0, i).some((p) => p.state === 'retrying'),
      'healthy again',
    );
    await settle(sink);
    expect(sink.duplicates()).toEqual([]);
    expect(new Set(sink.allLines)).toEqual(new Set(range('k', 20)));
  });

  it('reports credentials that expire mid-run, and catches up once they are refreshed', async () => {
    h.service.createLogGroup('app');
    h.service.expiredToken = 'old-token';
    let token = 'good-token';
    const credentials = async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
      sessionToken: token,
      // Near expiry: the SDK asks the provider again on every request.
      expiration: new Date(Date.now() + 1000),
    });
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['app'], credentials });
    h.service.putEvents('app', 's', events('c', 5));
    await sink.waitForLines(5);
    token = 'old-token';
    h.service.putEvents('app', 's', events('c', 5, 5));
    await sink.waitForStatus((s) => s.state === 'error' && /expired/.test(s.message ?? ''), 'expired status');
    token = 'fresh-token';
    await sink.waitForLines(10);
    await settle(sink);
    expect(sink.duplicates()).toEqual([]);
    expect(new Set(sink.allLines)).toEqual(new Set(range('c', 10)));
  });

  it('says when no credentials are found', async () => {
    h.service.createLogGroup('app');
    const credentials = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['app'], credentials });
    await sink.waitForStatus(
      (s) => s.state === 'error' && /No AWS credentials found.*--profile/.test(s.message ?? ''),
      'no credentials status',
    );
    expect(h.service.calls.size).toBe(0);
  });

  it('says when a log group does not exist, and starts once it does', async () => {
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['/not/yet'] });
    await sink.waitForStatus(
      (s) => s.state === 'error' && /Not found: log group \/not\/yet does not exist/.test(s.message ?? ''),
      'not found status',
    );
    h.service.createLogGroup('/not/yet');
    await sink.waitForStatus((s) => s.state === 'connected', 'connected');
    h.service.putEvents('/not/yet', 's', events('n', 3));
    await sink.waitForLines(3);
  });

  it('without follow, reads the since-window across pages and finishes with done', async () => {
    h.service.createLogGroup('hist');
    const now = Date.now();
    h.service.putEvents(
      'hist',
      'z',
      Array.from({ length: 40 }, (_, i) => ({ timestamp: now - 50_000 + i * 1000, message: `z-${i}` })),
    );
    h.service.putEvents(
      'hist',
      'a',
      Array.from({ length: 40 }, (_, i) => ({ timestamp: now - 49_500 + i * 1000, message: `a-${i}` })),
    );
    h.service.putEvents('hist', 'a', [{ timestamp: now - 120_000, message: 'before-window' }]);
    h.service.putEvents('hist', 'a', [{ timestamp: now + 60_000, message: 'after-window' }]);
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['hist'], follow: false, sinceMs: now - 60_000, untilMs: now + 1000, mode: 'auto' });
    await h.finished();
    expect(sink.statuses.at(-1)?.state).toBe('done');
    expect(sink.allLines).toHaveLength(80);
    expect(sink.duplicates()).toEqual([]);
    expect(sink.allLines).not.toContain('before-window');
    expect(sink.allLines).not.toContain('after-window');
    expect(h.service.calls.get('StartLiveTail') ?? 0).toBe(0);
  });
});

describe('Live Tail faults (fake service)', () => {
  it('survives expired credentials on reopen and back-fills once refreshed', async () => {
    h.service.createLogGroup('live');
    h.service.expiredToken = 'old-token';
    let token = 'good-token';
    const credentials = async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
      sessionToken: token,
      expiration: new Date(Date.now() + 1000),
    });
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['live'], credentials, mode: 'live' });
    const first = await h.service.waitForSessions(1);
    h.service.pushEvents('live', 's', events('x', 5));
    await sink.waitForLines(5);
    token = 'old-token';
    first.cut();
    h.service.putEvents('live', 's', events('x', 5, 5));
    await sink.waitForStatus((s) => s.state === 'error' && /expired/.test(s.message ?? ''), 'expired status');
    token = 'fresh-token';
    await h.service.waitForSessions(2);
    h.service.pushEvents('live', 's', events('x', 5, 10));
    await sink.waitForLines(15);
    await expectQuietFor(150, () => expect(sink.duplicates()).toEqual([]));
    expect(new Set(sink.allLines)).toEqual(new Set(range('x', 15)));
  });

  it('retries a throttled StartLiveTail with backoff', async () => {
    h.service.createLogGroup('live');
    h.service.fault('StartLiveTail', 'throttle', 2);
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['live'], mode: 'auto' });
    await h.service.waitForSessions(1);
    expect(sink.hasStatus((s) => s.state === 'retrying' && /throttling/i.test(s.message ?? ''))).toBe(true);
    expect(sink.hasStatus((s) => s.mode === 'poll')).toBe(false);
  });
});
