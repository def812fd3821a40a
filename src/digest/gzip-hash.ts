/**
 * Streaming gunzip + SHA-256 with bounded memory, stricter than the AWS CLI about what
 * follows the first gzip member (the CLI silently ignores a second member or padding).
 */
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip, gunzip, gunzipSync, inflateRawSync } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
/** Files up to this size (compressed) are inflated in one thread-pool call instead of a stream. */
const ONE_SHOT_BYTES = 4 * 1024 * 1024;

/** Outcome of hashing one gzip stream. */
export type GzipHashResult =
  | { ok: true; sha256: string; bytes: number }
  /** `format`: not gzip or corrupt; `truncated`: ends early; `trailing`: data after the first member. */
  | { ok: false; problem: 'format' | 'truncated' | 'trailing'; detail: string; bytes: number };

/** True when the bytes start with the gzip magic number. */
export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function classify(error: unknown, bytes: number, sawOutput: boolean): GzipHashResult {
  const e = error as { code?: string; message?: string };
  const message = e?.message ?? String(error);
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) {
    return { ok: false, problem: 'truncated', detail: 'gzip data ends early', bytes };
  }
  if (sawOutput && /incorrect header check|unknown compression method|invalid/i.test(message)) {
    return { ok: false, problem: 'trailing', detail: 'unexpected data after the end of the gzip member', bytes };
  }
  return { ok: false, problem: 'format', detail: message, bytes };
}

/**
 * Gunzip `source` and SHA-256 the inflated bytes as they arrive. `onBytes` reports
 * inflated byte counts for progress. Rejects only on abort or a source (I/O) error.
 */
export async function hashGzipStream(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<GzipHashResult> {
  // Most log files are small: read up to ONE_SHOT_BYTES, and inflate them in one call.
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < ONE_SHOT_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const buffer = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(buffer);
    headBytes += buffer.length;
  }
  if (signal.aborted) throw signal.reason;
  if (ended) return hashGzipBuffer(Buffer.concat(head), onBytes);
  async function* rest(): AsyncGenerator<Buffer> {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
  }
  return hashGzipStreaming(rest(), signal, onBytes);
}

async function hashGzipBuffer(compressed: Buffer, onBytes?: (n: number) => void): Promise<GzipHashResult> {
  let inflated: Buffer;
  try {
    inflated = await gunzipAsync(compressed);
  } catch (error) {
    return classify(error, 0, firstMemberIsWhole(compressed));
  }
  onBytes?.(inflated.length);
  const bytes = inflated.length;
  if (compressed.length >= 4 && compressed.readUInt32LE(compressed.length - 4) !== bytes % 2 ** 32) {
    return { ok: false, problem: 'trailing', detail: 'data after the first gzip member (a second member or padding)', bytes };
  }
  return { ok: true, sha256: createHash('sha256').update(inflated).digest('hex'), bytes };
}

async function hashGzipStreaming(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<GzipHashResult> {
  const hash = createHash('sha256');
  let bytes = 0;
  let tail = Buffer.alloc(0);
  let sourceError: unknown;
  let head: Buffer | null = null;
  async function* tracked(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        head ??= buffer.subarray(0, 2);
        tail = Buffer.concat([tail, buffer.subarray(Math.max(0, buffer.length - 4))]).subarray(-4);
        yield buffer;
      }
    } catch (error) {
      sourceError = error;
      throw error;
    }
  }
  const sink = new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(chunk.length);
      done();
    },
  });
  try {
    await pipeline(Readable.from(tracked()), createGunzip({ chunkSize: 256 * 1024 }), sink, { signal });
  } catch (error) {
    if (signal.aborted || sourceError !== undefined) throw sourceError ?? error;
    return classify(error, bytes, bytes > 0 || (head !== null && looksGzipped(head)));
  }
  // Node inflates every member; the gzip trailer's ISIZE is the size of the LAST member
  // only, so a mismatch means more than one member (or zero padding) followed the first.
  if (tail.length === 4 && tail.readUInt32LE(0) !== bytes % 2 ** 32) {
    return { ok: false, problem: 'trailing', detail: 'data after the first gzip member (a second member or padding)', bytes };
  }
  return { ok: true, sha256: hash.digest('hex'), bytes };
}

/** Inflate a whole (small) gzip buffer with the same strictness; plain bytes pass through. */
export function gunzipStrict(body: Uint8Array): { ok: true; data: Buffer; trailing: boolean } | { ok: false; detail: string } {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!looksGzipped(buffer)) return { ok: true, data: buffer, trailing: false };
  try {
    const data = gunzipSync(buffer);
    const trailing = buffer.length >= 4 && buffer.readUInt32LE(buffer.length - 4) !== data.length % 2 ** 32;
    return { ok: true, data, trailing };
  } catch (error) {
    // A member followed by garbage: Python's zlib (and so the CLI) reads the first member.
    const first = firstMember(buffer);
    if (first) return { ok: true, data: first, trailing: true };
    return { ok: false, detail: (error as Error).message };
  }
}

function gzipHeaderLength(buffer: Buffer): number | null {
  if (!looksGzipped(buffer) || buffer.length < 10 || buffer[2] !== 8) return null;
  const flags = buffer[3]!;
  let at = 10;
  if (flags & 4) {
    if (buffer.length < at + 2) return null;
    at += 2 + buffer.readUInt16LE(at);
  }
  for (const bit of [8, 16]) {
    if (flags & bit) {
      const end = buffer.indexOf(0, at);
      if (end < 0) return null;
      at = end + 1;
    }
  }
  if (flags & 2) at += 2;
  return at <= buffer.length ? at : null;
}

/** True when the buffer starts with one complete gzip member (so an error lies after it). */
function firstMemberIsWhole(buffer: Buffer): boolean {
  const header = gzipHeaderLength(buffer);
  if (header === null) return false;
  try {
    const { engine } = inflateRawSync(buffer.subarray(header), { info: true }) as unknown as { engine: { bytesWritten: number } };
    return header + engine.bytesWritten + 8 <= buffer.length;
  } catch {
    return false;
  }
}

/** The inflated first member of a gzip buffer that has garbage after it, or null. */
function firstMember(buffer: Buffer): Buffer | null {
  const header = gzipHeaderLength(buffer);
  if (header === null) return null;
  try {
    return inflateRawSync(buffer.subarray(header));
  } catch {
    return null;
  }
}
