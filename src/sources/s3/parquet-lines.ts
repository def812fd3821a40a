/**
 * A Parquet object as lines: the footer and then one row group at a time are fetched by
 * byte range (so memory holds one row group, not the object), every compression codec
 * Parquet defines but LZO is decoded (hyparquet-compressors: snappy, gzip, zstd, brotli,
 * lz4), and each row becomes one JSON line, so the same parsers (and the same malformed-line
 * accounting) read it as a JSON delivery of the same records. INT64 values become numbers,
 * timestamps ISO times.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { Backoff } from '../cloudwatch/backoff.js';
import { sleep } from '../cloudwatch/sleep.js';
import { ObjectReadError, type ObjectReadContext, type ObjectSummary, type S3Object } from './object-types.js';
import { classifyS3Error, describeS3Error, isRetryable } from './s3-faults.js';

/** Lines handed on per batch. */
const BATCH_ROWS = 512;

/** JSON for one row: BigInt as a number (a string past 2^53), dates as ISO times, bytes as text. */
function rowJson(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_key, value: unknown) => {
    if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    return value;
  });
}

/** Reads the Parquet object's rows as JSON lines. */
export async function readParquetLines(
  ctx: ObjectReadContext,
  object: S3Object,
  summary: ObjectSummary,
  deliver: (lines: string[]) => void,
): Promise<void> {
  const file = rangedObject(ctx, object, summary);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw asParquetError(error);
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    if (ctx.signal.aborted) return;
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[] = [];
    try {
      await parquetRead({
        file,
        metadata,
        rowStart,
        rowEnd,
        rowFormat: 'object',
        compressors,
        onComplete: (result) => (rows = result as Record<string, unknown>[]),
      });
    } catch (error) {
      throw asParquetError(error);
    }
    rowStart = rowEnd;
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      deliver(rows.slice(i, i + BATCH_ROWS).map(rowJson));
      const held = ctx.holdBack?.();
      if (held !== undefined) await held;
      if (ctx.signal.aborted) return;
    }
  }
}

/** An S3 fault stays what it is (the caller retries or words it); anything else is a bad file. */
function asParquetError(error: unknown): unknown {
  if (error instanceof ObjectReadError || (error as { $metadata?: unknown })?.$metadata !== undefined) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ObjectReadError(`is a truncated or corrupt Parquet file (${message})`, { cause: error });
}

/** The object as hyparquet's AsyncBuffer: each slice one ranged GetObject, retried like a whole read. */
function rangedObject(ctx: ObjectReadContext, object: S3Object, summary: ObjectSummary): AsyncBuffer {
  return {
    byteLength: object.size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const last = Math.min(end ?? object.size, object.size) - 1;
      if (last < start) return new ArrayBuffer(0);
      const backoff = new Backoff(ctx.retry.baseMs, ctx.retry.maxMs, ctx.random);
      for (;;) {
        try {
          const response = await ctx.client.send(
            new GetObjectCommand({
              Bucket: ctx.bucket,
              Key: object.key,
              Range: `bytes=${start}-${last}`,
              ...(object.etag && { IfMatch: object.etag }),
            }),
            { abortSignal: ctx.signal },
          );
          const bytes = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
          summary.bytes += bytes.length;
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        } catch (error) {
          const kind = classifyS3Error(error, ctx.signal);
          if (ctx.signal.aborted || !isRetryable(kind) || backoff.failures + 1 >= ctx.retry.attempts) {
            throw new ObjectReadError(describeS3Error(error, 'GetObject'), { cause: error });
          }
          const delay = backoff.next();
          ctx.onRetry?.(
            `${describeS3Error(error, 'GetObject').replace(/\.$/, '')}; retrying in ${Math.max(1, Math.round(delay / 100) / 10)} s.`,
          );
          await sleep(delay, ctx.signal);
        }
      }
    },
  };
}
