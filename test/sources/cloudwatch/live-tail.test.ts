import { describe, expect, it } from 'vitest';
import { expectQuietFor } from '../../helpers/wait-for.js';
import { CollectingSink, FAST_TIMINGS } from './collecting-sink.js';
import { events, range, withFakeLogsService } from './fake-service-harness.js';

const h = withFakeLogsService({ mode: 'live' });

describe.each([
  ['HTTP/1.1', false],
  ['HTTP/2', true],
])('Live Tail over %s', (_label, http2) => {
  it('opens a session, delivers updates with origin and format hint', async () => {
    h.service.createLogGroup('/aws/cloudfront/mtls');
    h.service.createLogGroup('/aws/network-firewall/tls/fw1');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['/aws/cloudfront/mtls', '/aws/network-firewall/tls/fw1'], liveTailHttp2: http2 });
    const session = await h.service.waitForSessions(1);
    expect(session.httpVersion).toBe(http2 ? '2.0' : '1.1');
    await sink.waitForStatus((s) => s.mode === 'live' && s.state === 'connected', 'live connected');
    h.service.pushEvents('/aws/cloudfront/mtls', 'edge-1', events('cf', 3));
    h.service.pushEvents('/aws/network-firewall/tls/fw1', '/aws/network-firewall/tls/fw1', events('fw', 2));
    await sink.waitForLines(5);
    const cf = sink.batches.find((b) => b.origin === '/aws/cloudfront/mtls/edge-1');
    const fw = sink.batches.find((b) => b.origin.startsWith('/aws/network-firewall/tls/fw1/'));
    expect(cf?.lines).toEqual(['cf-0', 'cf-1', 'cf-2']);
    expect(cf?.format).toBe('auto');
    expect(fw?.format).toBe('firewall');
    expect(sink.duplicates()).toEqual([]);
  });

  it('reopens after a stream cut mid-update, back-filling the gap without duplicates', async () => {
    h.service.createLogGroup('app');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['app'], liveTailHttp2: http2 });
    const first = await h.service.waitForSessions(1);
    h.service.pushEvents('app', 's1', events('a', 20));
    await sink.waitForLines(20);
    first.cut();
    // Written while no session is open: only the back-fill can find these.
    h.service.putEvents('app', 's1', events('a', 10, 20));
    const second = await h.service.waitForSessions(2);
    h.service.pushEvents('app', 's1', events('a', 10, 30));
    await sink.waitForLines(40);
    expect(second.id).not.toBe(first.id);
    expect(sink.hasStatus((s) => s.state === 'retrying' && s.mode === 'live')).toBe(true);
    await expectQuietFor(150, () => expect(sink.duplicates(), 'a stray duplicate arrived').toEqual([]));
    expect(new Set(sink.allLines)).toEqual(new Set(range('a', 40)));
  });
});

describe('Live Tail sessions', () => {
  it('passes the sampled flag to batches and to the status', async () => {
    h.service.createLogGroup('busy');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['busy'] });
    await h.service.waitForSessions(1);
    h.service.pushEvents('busy', 's', events('x', 2), true);
    await sink.waitForLines(2);
    expect(sink.batches.at(-1)?.sampled).toBe(true);
    expect(sink.hasStatus((s) => s.sampled === true && /sampling/.test(s.message ?? ''))).toBe(true);
    h.service.pushEvents('busy', 's', events('y', 1), false);
    await sink.waitForLines(3);
    expect(sink.batches.at(-1)?.sampled).toBe(false);
    expect(sink.statuses.at(-1)?.sampled).toBe(false);
  });

  it('reopens after SessionTimeoutException without losing or repeating events', async () => {
    h.service.createLogGroup('long');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['long'] });
    const first = await h.service.waitForSessions(1);
    h.service.pushEvents('long', 's', events('t', 15));
    await sink.waitForLines(15);
    first.fail('SessionTimeoutException', 'Session timed out after 3 hours');
    h.service.putEvents('long', 's', events('t', 5, 15));
    await h.service.waitForSessions(2);
    h.service.pushEvents('long', 's', events('t', 5, 20));
    await sink.waitForLines(25);
    await sink.waitForStatus((s) => /3-hour limit/.test(s.message ?? ''), '3-hour status');
    await expectQuietFor(150, () => expect(sink.duplicates()).toEqual([]));
    expect(new Set(sink.allLines)).toEqual(new Set(range('t', 25)));
  });

  it('reopens after SessionStreamingException with backoff', async () => {
    h.service.createLogGroup('flaky');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['flaky'] });
    const first = await h.service.waitForSessions(1);
    h.service.pushEvents('flaky', 's', events('f', 3));
    await sink.waitForLines(3);
    first.fail('SessionStreamingException', 'internal error');
    h.service.putEvents('flaky', 's', events('f', 2, 3));
    await h.service.waitForSessions(2);
    await sink.waitForLines(5);
    expect(sink.hasStatus((s) => s.state === 'retrying' && /SessionStreamingException/.test(s.message ?? ''))).toBe(true);
    expect(sink.duplicates()).toEqual([]);
  });

  it('splits more than 10 log groups over several sessions', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `/many/g${String(i).padStart(2, '0')}`);
    for (const name of names) h.service.createLogGroup(name);
    const sink = new CollectingSink();
    h.start(sink, { logGroupPrefix: '/many/' });
    await h.service.waitForSessions(3);
    expect(h.service.sessions.map((s) => s.groupNames.length).sort()).toEqual([10, 10, 3]);
    expect(new Set(h.service.sessions.flatMap((s) => s.groupNames))).toEqual(new Set(names));
    for (const name of names) h.service.pushEvents(name, 's', [{ timestamp: Date.now(), message: `${name}-line` }]);
    await sink.waitForLines(23);
    expect(new Set(sink.batches.map((b) => b.origin))).toEqual(new Set(names.map((n) => `${n}/s`)));
  });

  it('loads --since history first, then continues live, with no gap and no duplicate at the seam', async () => {
    h.service.createLogGroup('hist');
    const now = Date.now();
    h.service.putEvents(
      'hist',
      's',
      Array.from({ length: 120 }, (_, i) => ({ timestamp: now - 60_000 + i * 100, message: `h-${i}` })),
    );
    h.service.putEvents('hist', 's', [{ timestamp: now - 10 * 60_000, message: 'too-old' }]);
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['hist'], sinceMs: now - 5 * 60_000 });
    const session = await h.service.waitForSessions(1);
    // Sent on the live session while the back-fill may still be running, and also
    // stored: both reads return them.
    session.update(Array.from({ length: 5 }, (_, i) => ({ group: 'hist', stream: 's', timestamp: Date.now(), message: `live-${i}` })));
    await sink.waitForLines(125);
    await expectQuietFor(150, () => expect(sink.duplicates()).toEqual([]));
    expect(sink.allLines).not.toContain('too-old');
    expect(sink.duplicates()).toEqual([]);
    expect(sink.allLines.slice(0, 120)).toEqual(range('h', 120));
  });

  it('auto mode falls back to polling when Live Tail is refused, and says why', async () => {
    h.service.createLogGroup('emu');
    h.service.fault('StartLiveTail', 'not-implemented');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['emu'], mode: 'auto' });
    await sink.waitForStatus(
      (s) => s.id === 'cloudwatch' && s.mode === 'poll' && /Live Tail is not available/.test(s.message ?? ''),
      'fallback status',
    );
    h.service.putEvents('emu', 's', events('p', 4));
    await sink.waitForLines(4);
    expect(h.service.calls.get('StartLiveTail')).toBe(1);
  });

  it('auto mode falls back to polling on AccessDenied for StartLiveTail', async () => {
    h.service.createLogGroup('denied');
    h.service.fault('StartLiveTail', 'access-denied');
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['denied'], mode: 'auto' });
    await sink.waitForStatus((s) => s.mode === 'poll' && /Access denied/.test(s.message ?? ''), 'fallback status');
  });

  it('live mode reports AccessDenied as an error and keeps retrying', async () => {
    h.service.createLogGroup('denied');
    h.service.fault('StartLiveTail', 'access-denied', 2);
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['denied'], mode: 'live' });
    await sink.waitForStatus((s) => s.state === 'error' && /Access denied.*logs:StartLiveTail/.test(s.message ?? ''), 'access denied');
    await h.service.waitForSessions(1);
    await sink.waitForStatus((s) => s.state === 'connected' && s.mode === 'live', 'recovered');
  });

  it('reopens a session that goes silent', async () => {
    h.service.createLogGroup('quiet');
    h.service.heartbeatMs = 0;
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['quiet'], timings: { ...FAST_TIMINGS, liveIdleTimeoutMs: 300 } });
    await h.service.waitForSessions(2);
    expect(sink.hasStatus((s) => s.state === 'retrying' && /No Live Tail update/.test(s.message ?? ''))).toBe(true);
  });
});
