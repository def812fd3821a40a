/**
 * How many bytes a Parquet object costs: a small one (up to WHOLE_PARQUET_BYTES) crosses the
 * network once, in the one GET that finds its magic bytes; a larger one is read by ranges,
 * the bytes of its footer fetch kept for the row groups that lie in them. Counted at a proxy in front of moto_server.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, expect, it } from 'vitest';
import { lineClockFor } from '../../../src/cli/build-sources.js';
import { createIngestSink } from '../../../src/pipeline/ingest-sink.js';
import { WHOLE_PARQUET_BYTES } from '../../../src/sources/s3/parquet-lines.js';
import { createS3Source } from '../../../src/sources/s3/index.js';
import { TEST_CREDENTIALS } from '../../helpers/moto.js';
import { describeWithTool } from '../../helpers/tools.js';
import { useMotoBehindProxy } from './moto-behind-proxy.js';
import { parquet, records } from './s3-logs.js';

const T = Date.parse('2026-11-20T05:00:00Z');

describeWithTool('moto_server', 'Parquet objects fetched once', () => {
  const env = useMotoBehindProxy();

  beforeAll(async () => {
    await env.s3.send(new CreateBucketCommand({ Bucket: 'pq-logs' }));
  });

  async function read(prefix: string): Promise<{ events: number; gets: number; bytes: number }> {
    env.proxy.requests.length = 0;
    env.proxy.responseBytes = 0;
    let events = 0;
    const sink = createIngestSink({ ingest: () => events++, recordMalformed: () => undefined }, {});
    const clock = lineClockFor({});
    await createS3Source({
      locations: [{ bucket: 'pq-logs', prefix, url: `s3://pq-logs/${prefix}` }],
      follow: false,
      concurrency: 1,
      aws: { endpointUrl: env.proxy.endpoint, region: 'us-east-1' },
      credentials: TEST_CREDENTIALS,
      lineClock: () => clock('', 'auto'),
    }).run(sink, new AbortController().signal);
    const gets = env.proxy.requests.filter((r) => r.method === 'GET' && r.path.split('/').filter(Boolean).length > 1).length;
    return { events, gets, bytes: env.proxy.responseBytes };
  }

  it('a small object: one GET, its bytes once', async () => {
    const body = parquet(records('small', T, 2000), 'SNAPPY', 500);
    expect(body.length).toBeLessThan(WHOLE_PARQUET_BYTES);
    await env.s3.send(new PutObjectCommand({ Bucket: 'pq-logs', Key: 'small/a.parquet', Body: body }));
    const { events, gets, bytes } = await read('small/');
    expect(events).toBe(2000);
    expect(gets).toBe(1);
    // The listing's XML is counted too: a few hundred bytes.
    expect(bytes - body.length).toBeLessThan(2000);
  });

  it('a larger object: by ranges, the bytes of the footer fetch kept', async () => {
    const rows = records('large', T, 60_000).map((r, i) => ({ ...r, connectionId: `large-${i}-${(i * 2654435761) % 4294967296}` }));
    const body = parquet(rows, 'UNCOMPRESSED', 10_000);
    expect(body.length).toBeGreaterThan(WHOLE_PARQUET_BYTES);
    await env.s3.send(new PutObjectCommand({ Bucket: 'pq-logs', Key: 'large/a.parquet', Body: body }));
    const { events, gets, bytes } = await read('large/');
    expect(events).toBe(60_000);
    expect(gets).toBeGreaterThan(2);
    // The proxy reads the first GET whole from moto even though tlstop stops after its magic
    // bytes: one body. The ranges then fetch each byte once (the footer's 512 KiB tail was
    // fetched twice before, once for the footer and again with the last row group).
    expect(bytes).toBeLessThan(2 * body.length + 100_000);
  });
});
