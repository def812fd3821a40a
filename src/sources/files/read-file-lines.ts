/**
 * Reading a whole file into line batches, plain or gzip, in bounded memory: the readers
 * used by non-follow mode (`tlstop report`, `tlstop events` without `--follow`) and by
 * the tailer for `.gz` files.
 */
import type { FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { openRegularFile } from './file-errors.js';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, TRUNCATED_MARK } from './line-splitter.js';

/** Bytes read per call; also the upper bound of the bytes behind one batch. */
export const CHUNK_BYTES = 64 * 1024;

/** True when the bytes start with the gzip magic number (1f 8b). */
export function isGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Counts from reading one file. */
export interface ReadSummary {
  lines: number;
  /** Lines longer than the cap, emitted cut and marked. */
  truncatedLines: number;
  gzip: boolean;
}

/** Options shared by the whole-file readers. */
export interface ReadOptions {
  maxLineBytes?: number;
  /** Bytes per read of the plain path (default READ_ONCE_CHUNK_BYTES); smaller when many files are open at once. */
  chunkBytes?: number;
  /**
   * Asked after lines were handed on (the gzip path after each batch, the plain path
   * after each chunk): a promise holds the reader until it settles. The time-ordered
   * read keeps several files open and takes from one at a time.
   */
  holdBack?: () => Promise<void> | undefined;
}

/**
 * Streams the gzip content of an open file (every concatenated member) into line
 * batches. Throws on corrupt or truncated gzip data, after emitting what decoded cleanly.
 */
export async function readGzipLines(
  handle: FileHandle,
  onBatch: (lines: string[]) => void,
  signal: AbortSignal,
  options: ReadOptions = {},
): Promise<ReadSummary> {
  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
  const summary: ReadSummary = { lines: 0, truncatedLines: 0, gzip: true };
  const input = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: CHUNK_BYTES });
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  input.on('error', (error) => gunzip.destroy(error));
  const onAbort = (): void => {
    input.destroy();
    gunzip.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (signal.aborted) break;
      const lines: string[] = [];
      splitter.push(chunk, lines);
      emit(lines, onBatch, summary);
      const held = options.holdBack?.();
      if (held !== undefined) await held;
    }
    if (!signal.aborted) {
      const rest: string[] = [];
      splitter.flush(rest);
      emit(rest, onBatch, summary);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    input.destroy();
  }
  summary.truncatedLines = splitter.truncatedLines;
  return summary;
}

/** The first `bytes` bytes of the gzip content of an open file (fewer when it holds fewer, or is corrupt). */
export async function readGzipStart(handle: FileHandle, bytes: number): Promise<Buffer> {
  const input = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: 16 * 1024 });
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      parts.push(chunk);
      length += chunk.length;
      if (length >= bytes) break;
    }
  } catch {
    // what decoded is the start
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/**
 * Bytes per read in the read-once plain path. Large reads keep the per-call overhead
 * (thread-pool round trip, one decode, one batch) small next to the parsing they feed.
 */
export const READ_ONCE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Most lines per batch in the read-once plain path. Lines are decoded a batch at a time,
 * so few of them are still alive when the young generation is collected.
 */
export const READ_ONCE_BATCH_LINES = 512;

/**
 * Reads an open plain file from its start to its current end into line batches. The
 * next chunk is read (on the thread pool) while the lines of the current one are parsed,
 * so the main thread does not wait for page-cached data.
 */
export async function readPlainLines(
  handle: FileHandle,
  onBatch: (lines: string[]) => void,
  signal: AbortSignal,
  options: ReadOptions = {},
): Promise<ReadSummary> {
  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
  const maxLineBytes = Math.max(1, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const summary: ReadSummary = { lines: 0, truncatedLines: 0, gzip: false };
  // Two buffers: one being read into while the other is split and handed on.
  const chunkBytes = Math.max(1024, options.chunkBytes ?? READ_ONCE_CHUNK_BYTES);
  let current = Buffer.allocUnsafe(chunkBytes);
  let spare = Buffer.allocUnsafe(chunkBytes);
  let position = 0;
  let pending: Promise<{ bytesRead: number }> | null = handle.read(current, 0, current.length, position);
  try {
    while (pending !== null && !signal.aborted) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      position += bytesRead;
      const filled = current;
      if (!signal.aborted) pending = handle.read(spare, 0, spare.length, position);
      current = spare;
      spare = filled;
      pushChunk(splitter, filled.subarray(0, bytesRead), maxLineBytes, signal, (lines) => emit(lines, onBatch, summary));
      // The next chunk is being read meanwhile; the one after waits for the consumer.
      const held = options.holdBack?.();
      if (held !== undefined) await held;
    }
  } finally {
    // Never leave a read running against a handle the caller is about to close.
    if (pending !== null) await pending.catch(() => undefined);
  }
  if (!signal.aborted) {
    const rest: string[] = [];
    splitter.flush(rest);
    emit(rest, onBatch, summary);
  }
  summary.truncatedLines = splitter.truncatedLines;
  return summary;
}

/**
 * Splits one chunk like `splitter.push(chunk, out)`, in batches of at most
 * READ_ONCE_BATCH_LINES lines (a cut partial line aside), but decodes each whole
 * line of the chunk on its own. A line decoded from its own bytes is a flat string of
 * its own: the parsers run faster on it than on a slice of one large decoded chunk, and
 * whatever is kept from it (a value slice) never pins the whole chunk in memory.
 */
function pushChunk(
  splitter: LineSplitter,
  chunk: Buffer,
  maxLineBytes: number,
  signal: AbortSignal,
  onLines: (lines: string[]) => void,
): void {
  let out: string[] = [];
  const first = chunk.indexOf(NEWLINE);
  if (first < 0) {
    splitter.push(chunk, out);
    onLines(out);
    return;
  }
  // The line the splitter holds from earlier chunks ends at `first`.
  splitter.push(chunk.subarray(0, first + 1), out);
  const last = chunk.lastIndexOf(NEWLINE);
  let start = first + 1;
  while (start <= last) {
    const newline = chunk.indexOf(NEWLINE, start);
    const end = newline > start && chunk[newline - 1] === CR ? newline - 1 : newline;
    if (end - start <= maxLineBytes) {
      out.push(chunk.toString('utf8', start, end));
    } else {
      splitter.truncatedLines += 1;
      out.push(chunk.toString('utf8', start, start + maxLineBytes) + TRUNCATED_MARK);
    }
    start = newline + 1;
    if (out.length >= READ_ONCE_BATCH_LINES) {
      onLines(out);
      // A consumer may abort from inside a batch: stop before the next one.
      if (signal.aborted) return;
      out = [];
    }
  }
  if (last + 1 < chunk.length) splitter.push(chunk.subarray(last + 1), out);
  onLines(out);
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Reads a whole file, plain or gzip (sniffed from its first bytes, not its name), and
 * calls `onBatch` with its lines, a chunk at a time. Rejects with a clear message when
 * the path is not a readable regular file or the gzip data is corrupt.
 */
export async function readFileLines(
  path: string,
  onBatch: (lines: string[]) => void,
  signal: AbortSignal,
  options: ReadOptions = {},
): Promise<ReadSummary> {
  const opened = await openRegularFile(path);
  if (!opened.ok) throw new Error(`${path} ${opened.message}`);
  const { handle } = opened;
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    if (isGzipMagic(head.subarray(0, bytesRead))) {
      try {
        return await readGzipLines(handle, onBatch, signal, options);
      } catch (error) {
        throw new Error(`${path} ${describeGzipError(error)}`, { cause: error });
      }
    }
    return await readPlainLines(handle, onBatch, signal, options);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Message for a gzip decoding failure. */
export function describeGzipError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'Z_BUF_ERROR') return 'is a truncated gzip file (unexpected end of data)';
  if (code === 'Z_DATA_ERROR') return 'is a corrupt gzip file';
  return `could not be decompressed: ${error instanceof Error ? error.message : String(error)}`;
}

function emit(lines: string[], onBatch: (lines: string[]) => void, summary: ReadSummary): void {
  if (lines.length === 0) return;
  summary.lines += lines.length;
  onBatch(lines);
}
