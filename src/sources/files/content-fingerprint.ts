/**
 * Remembers the first bytes of a file and the bytes just before the read offset, to
 * notice a file truncated and refilled past the offset between two looks (copytruncate
 * followed by a burst of writes). Log lines often end alike, so the start of the file
 * (timestamps, sequence numbers) carries most of the signal.
 *
 * The check and the read must not be separate steps: a writer that truncates and refills
 * (`writeFileSync` is open with O_TRUNC, then write) can do both between a check that
 * passes and the read that follows it, and the read then returns the middle of the new
 * content as if it were appended. So {@link ContentFingerprint.readAfter} reads the
 * remembered tail and the new bytes with one `pread`, and compares the head only after
 * that read: new bytes are handed out only when the file still held the remembered
 * bytes at the time they were read.
 */
import type { FileHandle } from 'node:fs/promises';

/**
 * Bytes of the start of a file remembered. Also what tells a copy of a file (copytruncate)
 * from another file: W3C logs all begin with the same ~330-byte header, so the head
 * must reach into the first records.
 */
export const FINGERPRINT_HEAD_BYTES = 1024;
/** Bytes before the offset that are remembered, and read again in front of every chunk. */
export const FINGERPRINT_TAIL_BYTES = 64;

/** Head and tail bytes of what was read from one file. */
export class ContentFingerprint {
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);

  /** Forget everything (the file was truncated). */
  reset(): void {
    this.head = Buffer.alloc(0);
    this.tail = Buffer.alloc(0);
  }

  /** Record a chunk just read at `offset` (the chunk may be a reused buffer: it is copied). */
  observe(offset: number, chunk: Buffer): void {
    if (offset === this.head.length && this.head.length < FINGERPRINT_HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, FINGERPRINT_HEAD_BYTES - this.head.length)]);
    }
    this.tail =
      chunk.length >= FINGERPRINT_TAIL_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - FINGERPRINT_TAIL_BYTES))
        : Buffer.concat([this.tail, chunk]).subarray(-FINGERPRINT_TAIL_BYTES);
  }

  /** Bytes read after {@link observe}d offset 0, up to the head size. */
  get headLength(): number {
    return this.head.length;
  }

  /**
   * True when `start` (the first bytes of another file, as many as it has up to the head
   * size) agrees with the remembered head: that file begins with what was read here.
   */
  sameStart(start: Buffer): boolean {
    const n = Math.min(start.length, this.head.length);
    return n > 0 && start.subarray(0, n).equals(this.head.subarray(0, n));
  }

  /** Load from the file itself, for a reader that starts at `offset` without reading what is before. */
  async load(handle: FileHandle, offset: number): Promise<void> {
    this.tail = await readAt(handle, offset - Math.min(FINGERPRINT_TAIL_BYTES, offset), Math.min(FINGERPRINT_TAIL_BYTES, offset));
    this.head = await readAt(handle, 0, Math.min(FINGERPRINT_HEAD_BYTES, offset));
  }

  /**
   * Reads the bytes after `offset` into `buffer` (which must hold more than
   * {@link FINGERPRINT_TAIL_BYTES}) and returns them (possibly none), or `undefined` when
   * the file no longer holds the remembered bytes: it was truncated, maybe refilled, and
   * nothing read here belongs after `offset`. The result is a view of `buffer`.
   */
  async readAfter(handle: FileHandle, offset: number, buffer: Buffer): Promise<Buffer | undefined> {
    const overlap = this.tail.length;
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset - overlap);
    if (bytesRead < overlap || !buffer.subarray(0, overlap).equals(this.tail)) return undefined;
    // After the read, not before: a truncation between the read and here is caught too.
    if (this.head.length > 0 && !(await readAt(handle, 0, this.head.length)).equals(this.head)) return undefined;
    return buffer.subarray(overlap, bytesRead);
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length);
  if (length === 0) return out;
  const { bytesRead } = await handle.read(out, 0, length, position);
  return out.subarray(0, bytesRead);
}
