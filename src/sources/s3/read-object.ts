/**
 * Reads one S3 object into line batches, streamed: the body is split as it arrives (never
 * held whole), gzip is recognised by its magic bytes (not the name or Content-Encoding),
 * Parquet by its `PAR1` magic and read by byte ranges (parquet-lines.ts). Throttling and
 * dropped connections are retried with backoff and jitter: the retry asks for the same
 * version (`If-Match` the listed ETag) and skips the lines already handed on, so no line
 * is handed on twice. Anything else fails the object with a message that says why.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Backoff } from '../cloudwatch/backoff.js';
import { sleep } from '../cloudwatch/sleep.js';
import { LineSplitter } from '../files/line-splitter.js';
import { describeGzipError, isGzipMagic } from '../files/read-file-lines.js';
import { readParquetLines, WHOLE_PARQUET_BYTES } from './parquet-lines.js';
import { classifyS3Error, describeS3Error, isRetryable } from './s3-faults.js';
import { ObjectReadError, type ObjectReadContext, type ObjectSummary, type S3Object } from './object-types.js';

export {
  DEFAULT_RETRY,
  ObjectReadError,
  type ObjectReadContext,
  type ObjectSummary,
  type RetryTimings,
  type S3Object,
} from './object-types.js';

/** Bytes split per batch at most (a gzip chunk, a network chunk). */
const CHUNK_BYTES = 64 * 1024;

/** Reads `object` to its end, calling `onBatch` with its lines in order. Throws ObjectReadError. */
export async function readObject(ctx: ObjectReadContext, object: S3Object, onBatch: (lines: string[]) => void): Promise<ObjectSummary> {
  const backoff = new Backoff(ctx.retry.baseMs, ctx.retry.maxMs, ctx.random);
  const summary: ObjectSummary = { lines: 0, bytes: 0, encoding: 'plain' };
  for (;;) {
    let skip = summary.lines;
    const deliver = (lines: string[]): void => {
      if (skip > 0) {
        const dropped = Math.min(skip, lines.length);
        skip -= dropped;
        lines = dropped === lines.length ? [] : lines.slice(dropped);
      }
      if (lines.length === 0) return;
      summary.lines += lines.length;
      onBatch(lines);
    };
    try {
      await readOnce(ctx, object, summary, deliver);
      return summary;
    } catch (error) {
      if (ctx.signal.aborted) return summary;
      if (error instanceof ObjectReadError) throw error;
      const kind = classifyS3Error(error, ctx.signal);
      const message = describeS3Error(error, 'GetObject');
      if (!isRetryable(kind) || backoff.failures + 1 >= ctx.retry.attempts) throw new ObjectReadError(message, { cause: error });
      const delay = backoff.next();
      ctx.onRetry?.(`${message.replace(/\.$/, '')}; retrying in ${Math.max(1, Math.round(delay / 100) / 10)} s.`);
      await sleep(delay, ctx.signal);
    }
  }
}

async function readOnce(
  ctx: ObjectReadContext,
  object: S3Object,
  summary: ObjectSummary,
  deliver: (lines: string[]) => void,
): Promise<void> {
  const response = await ctx.client.send(
    new GetObjectCommand({ Bucket: ctx.bucket, Key: object.key, ...(object.etag && { IfMatch: object.etag }) }),
    { abortSignal: ctx.signal },
  );
  const body = response.Body as Readable | undefined;
  if (!body) return;
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head: Buffer = Buffer.alloc(0);
  /** Bytes of this attempt (a retry starts again from the first byte). */
  let received = 0;
  try {
    while (head.length < 4) {
      const next = await chunks.next();
      if (next.done) break;
      head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
    }
    summary.bytes += head.length;
    received += head.length;
    if (head.length >= 4 && head.toString('latin1', 0, 4) === 'PAR1') {
      summary.encoding = 'parquet';
      if (object.size > WHOLE_PARQUET_BYTES) {
        body.destroy();
        await readParquetLines(ctx, object, summary, deliver);
        return;
      }
      // Small: this response is the whole object, read on instead of asked for again by ranges.
      const parts = [head];
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        summary.bytes += next.value.length;
        parts.push(next.value);
      }
      const whole = Buffer.concat(parts);
      await readParquetLines(
        ctx,
        object,
        summary,
        deliver,
        whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) as ArrayBuffer,
      );
      return;
    }
    const counted = async function* (): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        summary.bytes += next.value.length;
        received += next.value.length;
        yield next.value;
      }
    };
    const splitter = new LineSplitter({ maxLineBytes: ctx.maxLineBytes });
    const push = async (chunk: Buffer): Promise<void> => {
      const lines: string[] = [];
      splitter.push(chunk, lines);
      deliver(lines);
      const held = ctx.holdBack?.();
      if (held !== undefined) await held;
    };
    if (isGzipMagic(head)) {
      summary.encoding = 'gzip';
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      const feeding = pipeline(Readable.from(counted()), gunzip);
      feeding.catch(() => undefined);
      try {
        for await (const chunk of gunzip as AsyncIterable<Buffer>) {
          if (ctx.signal.aborted) return;
          await push(chunk);
        }
        await feeding;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code?.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE') {
          // A body cut short by the network looks like a truncated gzip file: retry those.
          if (code !== 'Z_BUF_ERROR' || received >= object.size) throw new ObjectReadError(describeGzipError(error), { cause: error });
        }
        throw error;
      }
    } else {
      for await (const chunk of counted()) {
        if (ctx.signal.aborted) return;
        await push(chunk);
      }
      if (received < object.size)
        throw Object.assign(new Error('the connection closed before the whole object arrived'), { name: 'ECONNRESET' });
    }
    const rest: string[] = [];
    splitter.flush(rest);
    deliver(rest);
  } finally {
    body.destroy();
  }
}
