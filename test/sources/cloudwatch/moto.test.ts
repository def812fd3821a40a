/**
 * The real SDK against moto_server on 127.0.0.1: log group discovery, FilterLogEvents
 * follow with events added while following, pagination, auto mode's fallback (moto
 * has no StartLiveTail) and the Insights plumbing (moto ignores `stats`).
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCloudWatchSource, type CloudWatchSourceOptions } from '../../../src/sources/cloudwatch/index.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../../helpers/moto.js';
import { describeWithTool } from '../../helpers/tools.js';
import { expectQuietFor } from '../../helpers/wait-for.js';
import { CollectingSink, FAST_TIMINGS } from './collecting-sink.js';

describeWithTool('moto_server', 'CloudWatch source against moto_server', () => {
  let moto: MotoServer;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    moto = await startMoto();
    client = new CloudWatchLogsClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  });

  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  async function put(group: string, stream: string, events: Array<{ timestamp: number; message: string }>): Promise<void> {
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch((e: Error) => {
      if (e.name !== 'ResourceAlreadyExistsException') throw e;
    });
    await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
  }

  function run(sink: CollectingSink, options: Partial<CloudWatchSourceOptions>, signal: AbortSignal): Promise<void> {
    return createCloudWatchSource({
      endpointUrl: moto.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      timings: FAST_TIMINGS,
      ...options,
    }).run(sink, signal);
  }

  it('discovers log groups by name, ARN and prefix', async () => {
    for (const name of ['/disc/tls/a', '/disc/tls/b', '/disc/other/c', '/disc/other/d']) {
      await client.send(new CreateLogGroupCommand({ logGroupName: name }));
      await put(name, 's', [{ timestamp: Date.now() - 1000, message: `${name}-line` }]);
    }
    const described = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/disc/other/d' }));
    const arnOfD = described.logGroups?.[0]?.arn;
    expect(arnOfD).toBeTruthy();
    const sink = new CollectingSink();
    await run(
      sink,
      { logGroupPrefix: '/disc/tls/', logGroups: ['/disc/other/c', arnOfD!], follow: false, sinceMs: Date.now() - 60_000 },
      new AbortController().signal,
    );
    expect(new Set(sink.batches.map((b) => b.origin))).toEqual(
      new Set(['/disc/tls/a/s', '/disc/tls/b/s', '/disc/other/c/s', '/disc/other/d/s']),
    );
    expect(sink.statuses.at(-1)?.state).toBe('done');
  });

  it('says clearly when a log group does not exist', async () => {
    const sink = new CollectingSink();
    const abort = new AbortController();
    const running = run(sink, { logGroups: ['/missing/group'], mode: 'poll' }, abort.signal);
    await sink.waitForStatus(
      (s) =>
        s.state === 'error' && /Not found: log group \/missing\/group does not exist\. Check the name and the region/.test(s.message ?? ''),
      'not found',
    );
    abort.abort();
    await running;
  });

  it('follows with FilterLogEvents across pages, events added while following: none lost, none twice', async () => {
    const group = '/follow/app';
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    const sink = new CollectingSink();
    const abort = new AbortController();
    const running = run(sink, { logGroups: [group], mode: 'poll', filterPageSize: 7 }, abort.signal);
    await sink.waitForStatus((s) => s.mode === 'poll' && s.state === 'connected', 'polling');
    let n = 0;
    const batch = (count: number) => Array.from({ length: count }, () => ({ timestamp: Date.now(), message: `m-${n++}` }));
    // Several streams: moto answers grouped by stream, not in time order.
    for (let round = 0; round < 4; round++) {
      await put(group, `stream-${round % 3}`, batch(15));
      await put(group, `stream-${(round + 1) % 3}`, batch(10));
      await sink.waitForLines(n, 20_000);
    }
    // Several more polls (at most 100 ms apart) for a duplicate to have its chance.
    await expectQuietFor(300, () => expect(sink.duplicates()).toEqual([]));
    abort.abort();
    await running;
    expect(n).toBe(100);
    expect(sink.duplicates()).toEqual([]);
    expect(new Set(sink.allLines)).toEqual(new Set(Array.from({ length: 100 }, (_, i) => `m-${i}`)));
  });

  it('auto mode falls back to polling because moto has no StartLiveTail', async () => {
    const group = '/auto/app';
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    const sink = new CollectingSink();
    const abort = new AbortController();
    const running = run(sink, { logGroups: [group] }, abort.signal);
    await sink.waitForStatus((s) => s.mode === 'poll' && /Live Tail is not available/.test(s.message ?? ''), 'fallback');
    await put(group, 's', [{ timestamp: Date.now(), message: 'after-fallback' }]);
    await sink.waitForLines(1);
    abort.abort();
    await running;
    expect(sink.allLines).toEqual(['after-fallback']);
  });

  it('runs the Insights queries end to end (moto ignores stats: rows without counts are skipped)', async () => {
    const group = '/insights/app';
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    const now = Date.now();
    await put(group, 's', [
      { timestamp: now - 2000, message: JSON.stringify({ connectionStatus: 'Success', distributionId: 'E1', tlsHandshakeDuration: 12 }) },
      {
        timestamp: now - 1000,
        message: JSON.stringify({ connectionStatus: 'Failed:ClientCertExpired', distributionId: 'E1', tlsHandshakeDuration: 30 }),
      },
    ]);
    const sink = new CollectingSink();
    await run(
      sink,
      { logGroups: [group], mode: 'insights', follow: false, sinceMs: now - 60_000, untilMs: now + 1000 },
      new AbortController().signal,
    );
    expect(sink.statuses.at(-1)).toMatchObject({ state: 'done', mode: 'insights' });
    expect(sink.aggregateCalls).toHaveLength(1);
    const call = sink.aggregateCalls[0]!;
    expect(call.range.startMs).toBe(Math.floor((now - 60_000) / 60_000) * 60_000);
    expect(call.range.endMs).toBe(now + 1000);
    // moto answers with @ptr fields only; they carry no count or percentile.
    expect(call.rows).toEqual([]);
    expect(call.latency).toEqual([]);
  });
});
