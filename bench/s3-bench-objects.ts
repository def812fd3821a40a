/**
 * The objects of the S3 benchmark: CloudFront connection logs as a vended delivery files them,
 * `AWSLogs/<account>/CloudFront/{DistributionId}/{yyyy}/{MM}/{dd}/{HH}/`, a few distributions
 * over a few hours, each object uploaded twice with the same records: gzip JSON lines under
 * `json/` and Parquet (gzip codec) under `parquet/`.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { Prng } from '../src/random/prng.js';
import { parquet } from '../test/sources/s3/s3-logs.js';
import { connectionFields } from './ingest-data.js';

export const BENCH_BUCKET = 'tlstop-bench';
const DELIVERY = 'AWSLogs/123456789012/CloudFront/';
const DISTRIBUTIONS = ['E2DX1SLDPK0123', 'E1R7XQ2MTLSAPI', 'E3KQ9ZPARTNER1', 'E4VB0MOBILE042'];
const START = Date.parse('2026-11-24T00:00:00Z');

export interface BenchObjects {
  /** `s3://…/` of each copy, to pass to `--s3`. */
  jsonUrl: string;
  parquetUrl: string;
  jsonPrefix: string;
  objects: number;
  records: number;
  hours: number;
  distributions: number;
  jsonBytes: number;
  parquetBytes: number;
  uncompressedBytes: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The folder of an hour and the name of the object starting at `ms`, as a vended delivery writes them. */
function keyOf(distribution: string, ms: number, hash: string): string {
  const d = new Date(ms);
  const folder = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`;
  const stamp = d.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
  return `${DELIVERY}${distribution}/${folder}/${distribution}_${stamp}_${hash}`;
}

/** Creates the bucket and uploads `objects` objects of `recordsPerObject` records, in both formats. */
export async function uploadBenchObjects(s3: S3Client, objects: number, recordsPerObject: number, hours = 5): Promise<BenchObjects> {
  await s3.send(new CreateBucketCommand({ Bucket: BENCH_BUCKET }));
  const perHour = Math.ceil(objects / (hours * DISTRIBUTIONS.length));
  const sliceMs = 3_600_000 / perHour;
  const rand = (() => {
    const source = new Prng(7);
    return () => source.next();
  })();
  const totals = { jsonBytes: 0, parquetBytes: 0, uncompressedBytes: 0 };
  const uploads: Array<() => Promise<unknown>> = [];
  for (let o = 0; o < objects; o += 1) {
    const distribution = DISTRIBUTIONS[o % DISTRIBUTIONS.length]!;
    const slot = Math.floor(o / DISTRIBUTIONS.length);
    const startMs = START + Math.floor(slot / perHour) * 3_600_000 + (slot % perHour) * sliceMs;
    const rows = Array.from({ length: recordsPerObject }, (_, j) => ({
      ...connectionFields(o * recordsPerObject + j, rand, startMs),
      distributionId: distribution,
      eventTimestamp: startMs + Math.floor((j * sliceMs) / recordsPerObject),
    }));
    const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const json = gzipSync(text);
    const pq = parquet(rows, 'GZIP', 10_000);
    totals.uncompressedBytes += Buffer.byteLength(text);
    totals.jsonBytes += json.length;
    totals.parquetBytes += pq.length;
    const key = keyOf(distribution, startMs, Math.floor(rand() * 2 ** 32).toString(16));
    uploads.push(() => s3.send(new PutObjectCommand({ Bucket: BENCH_BUCKET, Key: `json/${key}.log.gz`, Body: json })));
    uploads.push(() => s3.send(new PutObjectCommand({ Bucket: BENCH_BUCKET, Key: `parquet/${key}.parquet`, Body: pq })));
  }
  for (let i = 0; i < uploads.length; i += 16) await Promise.all(uploads.slice(i, i + 16).map((u) => u()));
  return {
    jsonUrl: `s3://${BENCH_BUCKET}/json/${DELIVERY}`,
    parquetUrl: `s3://${BENCH_BUCKET}/parquet/${DELIVERY}`,
    jsonPrefix: `json/${DELIVERY}`,
    objects,
    records: objects * recordsPerObject,
    hours,
    distributions: DISTRIBUTIONS.length,
    ...totals,
  };
}
