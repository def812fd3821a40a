/**
 * The event times a time-ordered read needs from a file's batches of lines, cheaply: a
 * batch is cut into pieces that each span at most a few seconds of event time, and
 * each piece carries its first and last time. Only a few lines per batch are read for
 * their times (the first and the last, and the middles of a batch that spans longer),
 * so a batch of a dense log costs two clock calls; the parsers run on every line later,
 * behind the sink. A piece's times assume the file is about in time order inside (logs
 * are); what a file holds further out of order is what the detector's lag is for.
 */
import type { LineClock } from './file-source-options.js';

/** Longest span of event time in one piece, well under the report detector's 60 s lag. */
export const MAX_PIECE_SPAN_MS = 5_000;

/** Lines of one file and the event times they span. */
export interface TimedPiece {
  lines: string[];
  /** Smallest and largest time known in the piece; the file's last known time when it has none. */
  startMs: number;
  endMs: number;
}

const HASH = 0x23;

/** Cuts the batches of one file into timed pieces (one instance per file, batches in order). */
export class PieceTimer {
  /** Until the file's first event, every line goes through the clock, in order (headers, a delimiter to infer). */
  private beforeFirstEvent = true;
  /** The last time known in the file: the time of pieces without one. */
  private lastMs = -Infinity;

  constructor(
    private readonly clock: LineClock,
    private readonly maxSpanMs = MAX_PIECE_SPAN_MS,
  ) {}

  /** The pieces of the next batch of the file, in order. */
  pieces(lines: string[]): TimedPiece[] {
    const times = new Map<number, number | null>();
    if (this.beforeFirstEvent) {
      for (let i = 0; i < lines.length && this.beforeFirstEvent; i++) {
        const t = this.clock(lines[i]!);
        times.set(i, t);
        if (t !== null) this.beforeFirstEvent = false;
      }
    }
    // Later directives (a W3C `#Fields:` line of an appended file) change the columns.
    for (let i = 0; i < lines.length; i++) {
      if (!times.has(i) && lines[i]!.charCodeAt(0) === HASH) times.set(i, this.clock(lines[i]!));
    }
    const timeAt = (i: number): number | null => {
      let t = times.get(i);
      if (t === undefined) {
        t = this.clock(lines[i]!);
        times.set(i, t);
      }
      return t;
    };
    const out: TimedPiece[] = [];
    this.cut(lines, 0, lines.length - 1, timeAt, out);
    return out;
  }

  private cut(lines: string[], lo: number, hi: number, timeAt: (i: number) => number | null, out: TimedPiece[]): void {
    if (lo > hi) return;
    let first: number | null = null;
    let firstAt = lo;
    for (; firstAt <= hi && first === null; firstAt++) first = timeAt(firstAt);
    let last: number | null = null;
    for (let i = hi; i >= firstAt && last === null; i--) last = timeAt(i);
    last ??= first;
    if (first === null || last === null) {
      out.push({ lines: lines.slice(lo, hi + 1), startMs: this.lastMs, endMs: this.lastMs });
      return;
    }
    const startMs = Math.min(first, last);
    const endMs = Math.max(first, last);
    if (endMs - startMs <= this.maxSpanMs || hi === lo) {
      out.push({ lines: lo === 0 && hi === lines.length - 1 ? lines : lines.slice(lo, hi + 1), startMs, endMs });
      this.lastMs = last;
      return;
    }
    const mid = (lo + hi) >> 1;
    this.cut(lines, lo, mid, timeAt, out);
    this.cut(lines, mid + 1, hi, timeAt, out);
  }
}
