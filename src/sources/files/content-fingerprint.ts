/**
 * Remembers the first bytes of a file and the bytes just before the read offset, to
 * notice a file truncated and refilled past the offset between two looks (copytruncate
 * followed by a burst of writes). Log lines often end alike, so the start of the file
 * (timestamps, sequence numbers) carries most of the signal.
 */
import type { FileHandle } from 'node:fs/promises';

const HEAD_BYTES = 256;
const TAIL_BYTES = 64;

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
    if (offset === this.head.length && this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    this.tail =
      chunk.length >= TAIL_BYTES ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
  }

  /** Load from the file itself, for a reader that starts at `offset` without reading what is before. */
  async load(handle: FileHandle, offset: number): Promise<void> {
    this.tail = await readAt(handle, offset - Math.min(TAIL_BYTES, offset), Math.min(TAIL_BYTES, offset));
    this.head = await readAt(handle, 0, Math.min(HEAD_BYTES, offset));
  }

  /** True when the file still holds the remembered bytes at the same places. */
  async matches(handle: FileHandle, offset: number): Promise<boolean> {
    if (this.tail.length > 0 && !(await readAt(handle, offset - this.tail.length, this.tail.length)).equals(this.tail)) return false;
    return this.head.length === 0 || (await readAt(handle, 0, this.head.length)).equals(this.head);
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length);
  if (length === 0) return out;
  const { bytesRead } = await handle.read(out, 0, length, position);
  return out.subarray(0, bytesRead);
}
