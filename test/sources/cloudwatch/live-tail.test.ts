import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCloudWatchSource, type CloudWatchSourceOptions } from '../../../src/sources/cloudwatch/index.js';
import { startFakeLogsService, type FakeLogsService } from '../../helpers/live-tail-server.js';
import { CollectingSink, FAST_TIMINGS, TEST_CREDENTIALS } from './collecting-sink.js';

let service: FakeLogsService;
let abort: AbortController;
let running: Promise<void> | undefined;

beforeEach(async () => {
  service = await startFakeLogsService();
  abort = new AbortController();
});

afterEach(async () => {
  abort.abort();
  await running;
  running = undefined;
  await service.stop();
});

function start(sink: CollectingSink, options: Partial<CloudWatchSourceOptions>): void {
  const source = createCloudWatchSource({
    endpointUrl: service.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    mode: 'live',
    timings: FAST_TIMINGS,
    ...options,
  });
  running = source.run(sink, abort.signal);
}

const lines = (prefix: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ timestamp: Date.now() - 100 + i, message: `${prefix}-${from + i}` }));

describe.each([
  ['HTTP/1.1', false],
  ['HTTP/2', true],
])('Live Tail over %s', (_label, http2) => {
  it('opens a session, delivers updates with origin and format hint', async () => {
    service.createLogGroup('/aws/cloudfront/mtls');
    service.createLogGroup('/aws/network-firewall/tls/fw1');
    const sink = new CollectingSink();
    start(sink, { logGroups: ['/aws/cloudfront/mtls', '/aws/network-firewall/tls/fw1'], liveTailHttp2: http2 });
    const session = await service.waitForSessions(1);
    expect(session.httpVersion).toBe(http2 ? '2.0' : '1.1');
    await sink.waitForStatus((s) => s.mode === 'live' && s.state === 'connected', 'live connected');
    service.pushEvents('/aws/cloudfront/mtls', 'edge-1', lines('cf', 3));
    service.pushEvents('/aws/network-firewall/tls/fw1', '/aws/network-firewall/tls/fw1', lines('fw', 2));
    await sink.waitForLines(5);
    const cf = sink.batches.find((b) => b.origin === '/aws/cloudfront/mtls/edge-1');
    const fw = sink.batches.find((b) => b.origin.startsWith('/aws/network-firewall/tls/fw1/'));
    expect(cf?.lines).toEqual(['cf-0', 'cf-1', 'cf-2']);
    expect(cf?.format).toBe('auto');
    expect(fw?.format).toBe('firewall');
    expect(sink.duplicates()).toEqual([]);
  });
});
