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
  /** The whole object when the caller has it already (a small one, read by its first GET). */
  whole?: ArrayBuffer,
): Promise<void> {
  const file = rangedObject(ctx, object, summary, whole);
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

/**
 * An object this small is fetched whole by the first slice (the footer's): the row groups are
 * then read from memory instead of asked for again. hyparquet's footer fetch is the last 512 KiB,
 * so without this every object under that size crossed the network twice.
 */
export const WHOLE_PARQUET_BYTES = 1 << 20;

/**
 * The object as hyparquet's AsyncBuffer: each slice one ranged GetObject, retried like a whole
 * read, except what the first fetch (the footer, or the whole small object) already holds:
 * at most max(WHOLE_PARQUET_BYTES, the 512 KiB footer fetch) kept per object being read.
 */
function rangedObject(ctx: ObjectReadContext, object: S3Object, summary: ObjectSummary, whole?: ArrayBuffer): AsyncBuffer {
  let kept: { start: number; bytes: ArrayBuffer } | null = whole ? { start: 0, bytes: whole } : null;
  return {
    byteLength: object.size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? object.size, object.size);
      if (stop <= start) return new ArrayBuffer(0);
      const keptEnd = kept ? kept.start + kept.bytes.byteLength : 0;
      if (kept && start >= kept.start && stop <= keptEnd) return kept.bytes.slice(start - kept.start, stop - kept.start);
      if (kept && start < kept.start && stop > kept.start && stop <= keptEnd) {
        // A column chunk that ends inside the kept tail: fetch only what comes before it.
        const before = new Uint8Array(await fetchRange(ctx, object, summary, start, kept.start - 1));
        const joined = new Uint8Array(stop - start);
        joined.set(before, 0);
        joined.set(new Uint8Array(kept.bytes, 0, stop - kept.start), before.length);
        return joined.buffer;
      }
      const first = kept === null;
      const from = first && object.size <= WHOLE_PARQUET_BYTES ? 0 : start;
      const last = (first && object.size <= WHOLE_PARQUET_BYTES ? object.size : stop) - 1;
      const bytes = await fetchRange(ctx, object, summary, from, last);
      if (first) kept = { start: from, bytes };
      return from === start && last === stop - 1 ? bytes : bytes.slice(start - from, stop - from);
    },
  };
}

/** Bytes [start, last] of the object, one ranged GetObject retried like a whole read. */
async function fetchRange(
  ctx: ObjectReadContext,
  object: S3Object,
  summary: ObjectSummary,
  start: number,
  last: number,
): Promise<ArrayBuffer> {
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
}
