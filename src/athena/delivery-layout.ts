/**
 * What an `--s3` location holds, found the way the S3 source finds it: the date root under
 * the prefix (findDateRoots), whether the objects are Parquet (their magic bytes) and
 * whether they are Network Firewall logs (AWS's key layout, or --format). Reads a few
 * listings and four bytes of one object.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, type AwsOptions } from '../aws/client-options.js';
import { s3Endpoint, type S3Location } from '../sources/s3/index.js';
import { findDateRoots, listObjects, ListError, type ListContext } from '../sources/s3/list-objects.js';
import { DEFAULT_RETRY } from '../sources/s3/object-types.js';
import { describeS3Error } from '../sources/s3/s3-faults.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { AthenaTable } from './table-ddl.js';

export interface LayoutOptions {
  location: S3Location;
  aws: AwsOptions;
  format: 'auto' | 'cloudfront' | 'firewall';
  database: string;
  /** The table name; default `tlstop_<kind>`. */
  table?: string;
  signal: AbortSignal;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

function s3Client(options: LayoutOptions): S3Client {
  const endpointUrl = s3Endpoint(options.aws);
  return new S3Client({
    ...awsClientConfig({ ...options.aws, ...(endpointUrl && { endpointUrl }) }),
    followRegionRedirects: true,
    ...(options.credentials && { credentials: options.credentials }),
  });
}

const PARQUET_MAGIC = 'PAR1';

/** The table for the delivery under `options.location`, or an Error whose message is for the user (escaped). */
export async function describeDelivery(options: LayoutOptions): Promise<AthenaTable | Error> {
  const { location } = options;
  const client = s3Client(options);
  const ctx: ListContext = { client, bucket: location.bucket, signal: options.signal, retry: DEFAULT_RETRY, random: Math.random };
  try {
    const roots = await findDateRoots(ctx, location.prefix);
    if (roots !== null && roots.length > 1) {
      const names = roots.slice(0, 5).map((r) => sanitizeForTerminal(`s3://${location.bucket}/${r.prefix}`, 200));
      return new Error(
        `${roots.length} date layouts under ${sanitizeForTerminal(location.url, 200)} (${names.join(', ')}${roots.length > 5 ? ', …' : ''}): ` +
          'an Athena table covers one; name one of them with --s3',
      );
    }
    const root = roots?.[0] ?? null;
    const prefix = root ? root.prefix : location.prefix;
    if (prefix !== '' && !prefix.endsWith('/'))
      return new Error(
        `--s3 ${sanitizeForTerminal(location.url, 200)} names no folder and holds no date layout: an Athena table covers a folder (end the prefix with /)`,
      );
    let firstKey: string | undefined;
    for await (const page of listObjects(ctx, prefix)) {
      firstKey = page[0]?.key;
      break;
    }
    if (firstKey === undefined)
      return new Error(`no objects under ${sanitizeForTerminal(`s3://${location.bucket}/${prefix}`, 200)} to describe a table for`);
    const head = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: firstKey, Range: 'bytes=0-3' }), {
      abortSignal: options.signal,
    });
    const magic = Buffer.from((await head.Body?.transformToByteArray()) ?? []).toString('latin1');
    const kind =
      options.format === 'auto'
        ? /(^|\/)network-firewall\/tls\//.test(`${prefix}${firstKey}`)
          ? 'firewall'
          : 'cloudfront'
        : options.format;
    return {
      database: options.database,
      table: options.table ?? `tlstop_${kind}`,
      kind,
      storage: magic === PARQUET_MAGIC ? 'parquet' : 'json',
      bucket: location.bucket,
      prefix,
      dates: root ? { hive: root.hive, hourly: root.hourly } : null,
    };
  } catch (error) {
    if (error instanceof ListError) return new Error(error.message);
    return new Error(describeS3Error(error, 'GetObject'));
  } finally {
    client.destroy();
  }
}
