/**
 * Turns a stream of byte chunks into complete text lines. Pure and synchronous: the
 * readers feed it chunks and get lines back; it keeps the unfinished last line until
 * its newline arrives, strips one `\r` before each `\n`, and caps the length of a line
 * so that input without newlines cannot grow memory without bound.
 */

const NEWLINE = 0x0a;

/** Appended to a line that was longer than the cap, so parsers reject it as malformed. */
export const TRUNCATED_MARK = '\u0000[truncated]';

/** Default cap on one line, in bytes (the parsers reject longer lines anyway). Real CloudFront and Network Firewall lines are a few KiB. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** Options of a {@link LineSplitter}. */
export interface LineSplitterOptions {
  /** Longest line kept, in bytes; the rest of a longer line is dropped and the line marked. */
  maxLineBytes?: number;
  /** Drop everything up to the first newline (the reader started in the middle of a line). */
  skipFirstLine?: boolean;
}

/** Splits byte chunks into lines, keeping a bounded partial line between chunks. */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private overflowed = false;
  private skipping: boolean;
  /** Number of lines cut at the cap so far. */
  truncatedLines = 0;

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineBytes = Math.max(1, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    this.skipping = options.skipFirstLine ?? false;
  }

  /** Bytes currently held for the unfinished last line. */
  get pendingBytes(): number {
    return this.partialBytes;
  }

  /**
   * Feed one chunk; complete lines are appended to `out`. The chunk may be reused by the
   * caller afterwards: whatever is kept is copied.
   */
  push(chunk: Buffer, out: string[]): void {
    const first = chunk.indexOf(NEWLINE);
    if (first < 0) {
      this.keep(chunk, 0, chunk.length);
      return;
    }
    this.keep(chunk, 0, first);
    this.endLine(out);
    const last = chunk.lastIndexOf(NEWLINE);
    if (last > first) {
      // Everything between the first and the last newline is whole lines: decode once.
      const middle = chunk.toString('utf8', first + 1, last).split('\n');
      for (const line of middle) out.push(this.capString(stripCr(line)));
    }
    if (last + 1 < chunk.length) this.keep(chunk, last + 1, chunk.length);
  }

  /** End of input: emit the unfinished last line, if any, as a line. */
  flush(out: string[]): void {
    if (this.partialBytes > 0 || this.overflowed) this.endLine(out);
    this.skipping = false;
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    if (end <= start) return;
    const room = this.maxLineBytes - this.partialBytes;
    if (room <= 0) {
      this.overflowed = true;
      return;
    }
    const take = Math.min(room, end - start);
    if (take < end - start) this.overflowed = true;
    // Copy: the caller reuses its read buffer.
    this.partial.push(Buffer.from(chunk.subarray(start, start + take)));
    this.partialBytes += take;
  }

  private endLine(out: string[]): void {
    const overflowed = this.overflowed;
    const bytes = this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial, this.partialBytes);
    this.partial = [];
    this.partialBytes = 0;
    this.overflowed = false;
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    let line = stripCr(bytes.toString('utf8'));
    if (overflowed) {
      this.truncatedLines += 1;
      line += TRUNCATED_MARK;
    }
    out.push(line);
  }

  private capString(line: string): string {
    // A string never has more characters than its UTF-8 bytes, so this only fires when needed.
    if (line.length <= this.maxLineBytes || Buffer.byteLength(line) <= this.maxLineBytes) return line;
    this.truncatedLines += 1;
    return Buffer.from(line).subarray(0, this.maxLineBytes).toString('utf8') + TRUNCATED_MARK;
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
