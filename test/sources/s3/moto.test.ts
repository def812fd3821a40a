/**
 * The S3 source over the real SDK against moto_server on 127.0.0.1: history by partition,
 * every format (JSON, W3C, Plain, Parquet, gzip), failing objects (not AccessDenied: see below), throttling and
 * concurrency through a latency proxy, and following while objects are added.
 */
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ConnectionEvent, LogEvent } from '../../../src/events/types.js';
import { lineClockFor } from '../../../src/cli/build-sources.js';
import { runReportCommand } from '../../../src/cli/report-command.js';
import { bufferIo } from '../../cli/buffer-io.js';
import { createIngestSink } from '../../../src/pipeline/ingest-sink.js';
import { createS3Source, type S3SourceOptions } from '../../../src/sources/s3/index.js';
import type { SourceStatus } from '../../../src/sources/types.js';
import { startLatencyProxy } from '../../helpers/latency-proxy.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../../helpers/moto.js';
import { describeWithTool } from '../../helpers/tools.js';
import { waitFor } from '../../helpers/wait-for.js';
import { gz, json, parquet, plain, records, w3c } from './s3-logs.js';

const at = (iso: string) => Date.parse(iso);
const clock = lineClockFor({});

describeWithTool('moto_server', 'the S3 source against moto_server', () => {
  let moto: MotoServer;
  let s3: S3Client;
  let bucketCount = 0;

  beforeAll(async () => {
    moto = await startMoto();
    s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true });
  });

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  async function bucket(): Promise<string> {
    const name = `logs-${++bucketCount}`;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  }

  const put = (Bucket: string, Key: string, Body: string | Uint8Array) => s3.send(new PutObjectCommand({ Bucket, Key, Body }));

  /** Runs the source to its end (or until `stop` says so while following); events and statuses collected. */
  function run(bucketName: string, prefix: string, options: Partial<S3SourceOptions> = {}, endpoint = moto.endpoint) {
    const events: Array<{ event: LogEvent; source: string }> = [];
    const malformed: string[] = [];
    const statuses = new Map<string, SourceStatus>();
    const sink = createIngestSink(
      { ingest: (event, source) => events.push({ event, source }), recordMalformed: (reason) => malformed.push(reason) },
      { onStatus: (s) => statuses.set(s.id, s) },
    );
    const controller = new AbortController();
    const source = createS3Source({
      locations: [{ bucket: bucketName, prefix, url: `s3://${bucketName}/${prefix}` }],
      follow: false,
      concurrency: 4,
      aws: { endpointUrl: endpoint, region: 'us-east-1' },
      credentials: TEST_CREDENTIALS,
      lineClock: () => clock('', 'auto'),
      retry: { baseMs: 5, maxMs: 20, attempts: 4 },
      ...options,
    });
    const done = source.run(sink, controller.signal);
    return { events, malformed, statuses, done, stop: () => controller.abort() };
  }

  const ids = (events: Array<{ event: LogEvent }>) => events.map((e) => (e.event as ConnectionEvent).connectionId).sort();

  it('reads only the partitions of the --since/--until span, in plain, Hive and Network Firewall layouts', async () => {
    const name = await bucket();
    const t = at('2026-11-20T05:00:00Z');
    await put(name, 'cf/2026/11/20/05/a.json', json(records('plain-in', t, 3)));
    await put(name, 'cf/2026/11/20/06/b.json', json(records('plain-next', t + 3_600_000, 2)));
    // Filed two days earlier but holding events of the span: only a whole listing finds it.
    await put(name, 'cf/2026/11/18/05/misfiled.json', json(records('misfiled', t, 2)));
    await put(name, 'hive/DistributionId=E1/year=2026/month=11/day=20/hour=05/c.json', json(records('hive-in', t, 2)));
    await put(name, 'hive/DistributionId=E1/year=2026/month=11/day=17/hour=05/d.json', json(records('hive-misfiled', t, 2)));
    const nfw =
      'nfw/AWSLogs/123456789012/network-firewall/tls/us-east-1/fw-1/2026/11/20/05/123456789012_network-firewall_tls_us-east-1_fw-1_20261120T0505Z_ab12.log.gz';
    const entry = {
      firewall_name: 'fw-1',
      availability_zone: 'us-east-1a',
      event_timestamp: t / 1000 + 60,
      event: {
        timestamp: '2026-11-20T05:01:00.000000Z',
        src_ip: '10.0.0.1',
        src_port: '5000',
        dest_ip: '10.0.0.2',
        dest_port: '443',
        sni: '-',
        tls_error: { error_message: 'Server name is not found in client hello.' },
      },
    };
    await put(name, nfw, gz(json([entry])));

    const window = { sinceMs: t, untilMs: t + 2 * 3_600_000 };
    const cf = run(name, 'cf/', window);
    await cf.done;
    expect(ids(cf.events)).toEqual(['plain-in-0', 'plain-in-1', 'plain-in-2', 'plain-next-0', 'plain-next-1']);
    const all = run(name, 'cf/');
    await all.done;
    expect(all.events).toHaveLength(7);

    const hive = run(name, 'hive/', window);
    await hive.done;
    expect(ids(hive.events)).toEqual(['hive-in-0', 'hive-in-1']);

    const fw = run(name, 'nfw/', window);
    await fw.done;
    expect(fw.events.map((e) => e.event.kind)).toEqual(['firewall']);
    expect(fw.statuses.get('s3:s3://' + name + '/nfw/')?.state).toBe('done');
  });

  it('reads JSON, W3C, Plain, gzip and Parquet (snappy, gzip, several row groups) into the same events', async () => {
    const name = await bucket();
    const t = at('2026-11-20T05:00:00Z');
    const rows = (tag: string) => records(tag, t, 25);
    await put(name, 'f/json.log', json(rows('json')));
    await put(name, 'f/w3c.log', w3c(rows('w3c')));
    await put(name, 'f/plain.log', plain(rows('plain')));
    await put(name, 'f/json.gz', gz(json(rows('gzip'))));
    await put(name, 'f/snappy.parquet', parquet(rows('snappy')));
    await put(name, 'f/gzip.parquet', parquet(rows('pqgzip'), 'GZIP', 10));
    const r = run(name, 'f/');
    await r.done;
    expect(r.malformed).toEqual([]);
    const byTag = new Map<string, ConnectionEvent[]>();
    for (const { event } of r.events) {
      const c = event as ConnectionEvent;
      const tag = c.connectionId!.split('-')[0]!;
      byTag.set(tag, [...(byTag.get(tag) ?? []), c]);
    }
    expect([...byTag.keys()].sort()).toEqual(['gzip', 'json', 'plain', 'pqgzip', 'snappy', 'w3c']);
    const shape = (c: ConnectionEvent) => ({ ...c, connectionId: c.connectionId!.replace(/^[a-z0-9]+-/, '') });
    const reference = byTag.get('json')!.map(shape);
    for (const [tag, events] of byTag) {
      expect(events.map(shape), tag).toEqual(reference);
    }
    // Per object, in order.
    expect(byTag.get('pqgzip')!.map((c) => c.connectionId)).toEqual(rows('pqgzip').map((x) => x.connectionId));
  });

  it('names each object that fails (deleted after listing, corrupt or truncated gzip, truncated Parquet) and reads the rest', async () => {
    const name = await bucket();
    const t = at('2026-11-20T05:00:00Z');
    await put(name, 'x/good.log', json(records('good', t, 3)));
    await put(name, 'x/gone.log', json(records('gone', t, 3)));
    const zipped = gz(json(records('cut', t, 2000)));
    await put(name, 'x/truncated.gz', zipped.subarray(0, Math.floor(zipped.length / 2)));
    const corrupt = Buffer.from(gz(json(records('corrupt', t, 50))));
    corrupt.fill(0x55, 20, 60);
    await put(name, 'x/corrupt.gz', corrupt);
    const pq = parquet(records('pq', t, 50));
    await put(name, 'x/truncated.parquet', pq.subarray(0, pq.length - 10));
    const proxy = await startLatencyProxy(moto.endpoint, 0);
    proxy.hook = async (req) => {
      if (req.method === 'GET' && req.url?.includes('gone.log'))
        await s3.send(new DeleteObjectCommand({ Bucket: name, Key: 'x/gone.log' }));
      return undefined;
    };
    try {
      const r = run(name, 'x/', {}, proxy.endpoint);
      await r.done;
      expect(ids(r.events).filter((id) => id?.startsWith('good'))).toHaveLength(3);
      const failed = [...r.statuses.values()].filter((s) => s.id.startsWith('s3-object:'));
      const by = Object.fromEntries(failed.map((s) => [s.label.replace(`s3://${name}/x/`, ''), s.message]));
      expect(Object.keys(by).sort()).toEqual(['corrupt.gz', 'gone.log', 'truncated.gz', 'truncated.parquet']);
      expect(by['gone.log']).toMatch(/deleted after it was listed \(NoSuchKey\)/);
      expect(by['corrupt.gz']).toMatch(/corrupt gzip/);
      expect(by['truncated.gz']).toMatch(/truncated gzip/);
      expect(by['truncated.parquet']).toMatch(/truncated or corrupt Parquet/);
      const summary = r.statuses.get(`s3:s3://${name}/x/`)!;
      expect(summary.state).toBe('error');
      expect(summary.message).toMatch(/could not be read/);
    } finally {
      await proxy.close();
    }
  });

  // moto_server 5.2.1 stores bucket policies but never evaluates them (moto/iam/access_control.py:
  // IAMRequestBase.check_action_permitted collects only the access key's IAM user or role policies),
  // and only with its authorization on (INITIAL_NO_AUTH_ACTION_COUNT, or POST /moto-api/reset-auth).
  // With it on, a Deny in an IAM user's own policy does refuse GetObject (AccessDenied, "Access
  // Denied"), but moto then rejects the SigV4 signature of every ListObjectsV2 with a prefix
  // (SignatureDoesNotMatch, from the AWS SDK v3 and the AWS CLI alike), so the source cannot list.
  // The AccessDenied and KMS wording is tested on the SDK's error shapes in s3-faults.test.ts.
  it.skip('AccessDenied on one object is named with the permission needed: moto_server 5.2.1 evaluates no bucket policy, and with its IAM authorization on rejects the signature of ListObjectsV2 with a prefix', () =>
    undefined);

  it('retries SlowDown and 503 with backoff, and reads several objects at once behind a 20 ms proxy', async () => {
    const name = await bucket();
    const t = at('2026-11-20T05:00:00Z');
    for (let i = 0; i < 24; i++)
      await put(name, `c/2026/11/20/05/o-${String(i).padStart(2, '0')}.json`, json(records(`o${i}`, t + i * 60_000, 20)));
    const proxy = await startLatencyProxy(moto.endpoint, 20);
    let refusals = 0;
    proxy.hook = async (req) => {
      if (req.method === 'GET' && req.url?.includes('/o-') && refusals < 6) {
        refusals++;
        return refusals % 2 === 0
          ? { status: 503, body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' }
          : { status: 503, body: '<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>' };
      }
      return undefined;
    };
    try {
      const timed = async (concurrency: number) => {
        proxy.maxObjectGetsInFlight = 0;
        const r = run(name, 'c/', { concurrency, retry: { baseMs: 5, maxMs: 40, attempts: 8 } }, proxy.endpoint);
        await r.done;
        return { r, atOnce: proxy.maxObjectGetsInFlight };
      };
      const one = await timed(1);
      expect(one.r.events).toHaveLength(480);
      expect(refusals).toBe(6);
      expect([...one.r.statuses.values()].filter((s) => s.state === 'error')).toEqual([]);
      const eight = await timed(8);
      expect(eight.r.events).toHaveLength(480);
      expect(new Set(ids(eight.r.events)).size).toBe(480);
      // One object at a time, or several side by side (how fast that is, is the benchmark's to say).
      expect(one.atOnce).toBe(1);
      expect(eight.atOnce).toBeGreaterThanOrEqual(4);
      expect(eight.atOnce).toBeLessThanOrEqual(8);
      // In event-time order although read side by side.
      const times = eight.r.events.map((e) => (e.event as ConnectionEvent).eventTimestamp);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    } finally {
      await proxy.close();
    }
  });

  it('report --s3: objects of an hour read in event-time order (changesNotAnalysed 0), an unreadable one named on stderr with exit 2', async () => {
    const name = await bucket();
    const t = at('2026-11-20T05:00:00Z');
    // Twelve 5-minute files of an hour, written in shuffled order; their names carry their times.
    const order = [7, 2, 11, 0, 5, 9, 1, 4, 10, 3, 8, 6];
    for (const i of order) {
      const stamp = new Date(t + (i + 1) * 300_000).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
      const key = `r/AWSLogs/123456789012/CloudFront/E2DX1SLDPK0123/2026/11/20/05/E2DX1SLDPK0123_${stamp}_${(i * 7919) % 1000}.gz`;
      await put(name, key, gz(json(records(`r${i}`, t + i * 300_000, 300))));
    }
    await put(
      name,
      'r/AWSLogs/123456789012/CloudFront/E2DX1SLDPK0123/2026/11/20/05/broken.gz',
      Buffer.from('\x1f\x8bnot gzip at all', 'latin1'),
    );
    const io = bufferIo();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    const code = await runReportCommand(
      ['--s3', `s3://${name}/r/`, '--endpoint-url', moto.endpoint, '--region', 'us-east-1', '--json'],
      io,
    ).finally(() => vi.unstubAllEnvs());
    const doc = JSON.parse(io.out()) as { changesNotAnalysed: { lateEvents: number } };
    expect(io.out()).toContain('"connections":{"total":3600');
    expect(doc.changesNotAnalysed.lateEvents).toBe(0);
    expect(io.err()).toMatch(/cannot read s3:\/\/logs-\d+\/r\/.*broken\.gz: is a corrupt gzip file/);
    expect(code).toBe(2);
  });

  it('follows: new objects in the current partition and one added late to the previous one, each read once', async () => {
    const name = await bucket();
    const now = Date.now();
    const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13).replace(/-/g, '/').replace('T', '/');
    const current = `f/${hour(now)}/`;
    const previous = `f/${hour(now - 3_600_000)}/`;
    await put(name, `${current}before.json`, json(records('before', now - 60_000, 2)));
    const r = run(name, 'f/', { follow: true, pollMs: 100, fullListEvery: 2 });
    try {
      await waitFor(async () => r.statuses.get(`s3:s3://${name}/f/`)?.message?.startsWith('following') ?? false, 'following to start');
      await put(name, `${current}b-new.json`, json(records('new', now, 3)));
      await put(name, `${previous}late.json`, json(records('late', now - 3_600_000, 2)));
      // Sorts before what was read already: found by a whole listing of the partition.
      await put(name, `${current}a-early-name.json`, json(records('early', now, 1)));
      await waitFor(async () => r.events.length >= 6, 'six new events', { timeoutMs: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(ids(r.events)).toEqual(['early-0', 'late-0', 'late-1', 'new-0', 'new-1', 'new-2']);
      expect(r.statuses.get(`s3:s3://${name}/f/`)?.message).toMatch(/newest: f\/.*, \d+ s old/);
    } finally {
      r.stop();
      await r.done;
    }
  });

  it('exactly once: 2,000 objects written while following, every event read once', async () => {
    const name = await bucket();
    const now = Date.now();
    const current = `e/${new Date(now).toISOString().slice(0, 13).replace(/-/g, '/').replace('T', '/')}/`;
    const r = run(name, 'e/', { follow: true, pollMs: 50, fullListEvery: 3, concurrency: 8, pageSize: 200 });
    try {
      await waitFor(async () => r.statuses.get(`s3:s3://${name}/e/`)?.message?.startsWith('following') ?? false, 'following to start');
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = w; i < 2000; i += 4)
          await put(name, `${current}obj-${String(i).padStart(5, '0')}.json`, json(records(`x${i}`, now + i, 1)));
      });
      await Promise.all(writers);
      await waitFor(async () => r.events.length >= 2000, '2000 events', { timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(r.events).toHaveLength(2000);
      expect(new Set(ids(r.events)).size).toBe(2000);
    } finally {
      r.stop();
      await r.done;
    }
  }, 120_000);
});
