/**
 * An SSE-KMS object the credentials may not decrypt, as S3 answers it (403, code AccessDenied,
 * a message naming kms:Decrypt): moto does not check KMS permissions, so a proxy in front of it
 * answers that object's GetObject with S3's error document. The status names the key, the
 * code and the permission, and the other objects are still read.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { lineClockFor } from '../../../src/cli/build-sources.js';
import { createIngestSink } from '../../../src/pipeline/ingest-sink.js';
import { createS3Source } from '../../../src/sources/s3/index.js';
import type { SourceStatus } from '../../../src/sources/types.js';
import { TEST_CREDENTIALS } from '../../helpers/moto.js';
import { describeWithTool } from '../../helpers/tools.js';
import { useMotoBehindProxy } from './moto-behind-proxy.js';
import { json, records } from './s3-logs.js';

const T = Date.parse('2026-11-20T05:00:00Z');
const KMS_DENIED =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/reader ' +
  'is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab ' +
  'because no identity-based policy allows the kms:Decrypt action</Message><RequestId>R1</RequestId></Error>';

describeWithTool('moto_server', 'an SSE-KMS object without kms:Decrypt', () => {
  const env = useMotoBehindProxy();

  it('is named with its key, AccessDenied and kms:Decrypt; the rest is read', async () => {
    await env.s3.send(new CreateBucketCommand({ Bucket: 'kms-logs' }));
    await env.s3.send(new PutObjectCommand({ Bucket: 'kms-logs', Key: 'k/a.json', Body: json(records('a', T, 3)) }));
    await env.s3.send(new PutObjectCommand({ Bucket: 'kms-logs', Key: 'k/sealed.json', Body: json(records('s', T, 3)) }));
    env.proxy.hook = async (req) =>
      req.method === 'GET' && req.url?.startsWith('/kms-logs/k/sealed.json') ? { status: 403, body: KMS_DENIED } : undefined;
    let events = 0;
    const statuses = new Map<string, SourceStatus>();
    const sink = createIngestSink({ ingest: () => events++, recordMalformed: () => undefined }, { onStatus: (s) => statuses.set(s.id, s) });
    const clock = lineClockFor({});
    await createS3Source({
      locations: [{ bucket: 'kms-logs', prefix: 'k/', url: 's3://kms-logs/k/' }],
      follow: false,
      concurrency: 2,
      aws: { endpointUrl: env.proxy.endpoint, region: 'us-east-1' },
      credentials: TEST_CREDENTIALS,
      lineClock: () => clock('', 'auto'),
      retry: { baseMs: 5, maxMs: 20, attempts: 3 },
    }).run(sink, new AbortController().signal);
    expect(events).toBe(3);
    const sealed = [...statuses.values()].find((s) => s.label === 's3://kms-logs/k/sealed.json');
    expect(sealed?.state).toBe('error');
    expect(sealed?.message).toMatch(/^GetObject: Access denied \(AccessDenied, an SSE-KMS object\).*kms:Decrypt on the bucket's KMS key/);
  });
});
