/**
 * Reading a whole file into line batches, plain or gzip, in bounded memory: the readers
 * used by non-follow mode (`tlstop report`, `tlstop events` without `--follow`) and by
 * the tailer for `.gz` files.
 */
import type { FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { openRegularFile } from './file-errors.js';
import { LineSplitter } from './line-splitter.js';

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

/** Reads an open plain file from its start to its current end into line batches. */
export async function readPlainLines(
  handle: FileHandle,
  onBatch: (lines: string[]) => void,
  signal: AbortSignal,
  options: ReadOptions = {},
): Promise<ReadSummary> {
  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
  const summary: ReadSummary = { lines: 0, truncatedLines: 0, gzip: false };
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = 0;
  while (!signal.aborted) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const lines: string[] = [];
    splitter.push(buffer.subarray(0, bytesRead), lines);
    emit(lines, onBatch, summary);
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
        throw new Error(`${path} ${describeGzipError(error)}`);
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
