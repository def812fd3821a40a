/**
 * One file of a time-ordered read, as a stream its reader pulls from: the file is read
 * (with its statuses, as every read-once file) into timed pieces, and the read is held
 * back while pieces wait to be taken, so a file that is ahead in time does not fill
 * memory while the others catch up.
 */
import type { FormatHint } from '../types.js';
import { readWholeFile, type WholeFileContext } from './file-status.js';
import type { LineClock } from './file-source-options.js';
import { PieceTimer, type TimedPiece } from './timed-pieces.js';

export class TimedFileReader {
  /** Settles when the file was read to its end, failed (its status says why), or was stopped. */
  readonly finished: Promise<void>;
  private readonly queue: TimedPiece[] = [];
  private done = false;
  /** The reader waits on this while pieces are queued. */
  private drained: { promise: Promise<void>; resolve: () => void } | null = null;
  /** The puller waits on this while nothing is queued. */
  private arrived: (() => void) | null = null;

  constructor(
    readonly path: string,
    readonly format: FormatHint | undefined,
    clock: LineClock,
    context: WholeFileContext,
  ) {
    const timer = new PieceTimer(clock);
    const holdBack = (): Promise<void> | undefined => {
      if (this.queue.length === 0) return undefined;
      this.drained ??= withResolvers();
      return this.drained.promise;
    };
    this.finished = readWholeFile(path, { ...context, holdBack }, (lines) => {
      for (const piece of timer.pieces(lines)) this.queue.push(piece);
      this.wake();
    }).finally(() => {
      this.done = true;
      this.wake();
    });
  }

  /** The next piece, without taking it; null once the file is read. Waits for the reader. */
  async head(): Promise<TimedPiece | null> {
    while (this.queue.length === 0 && !this.done) await new Promise<void>((resolve) => (this.arrived = resolve));
    return this.queue[0] ?? null;
  }

  /** The next piece, known without waiting (after {@link head}), or undefined. */
  peek(): TimedPiece | undefined {
    return this.queue[0];
  }

  /** Takes the head piece; the reader goes on once every queued piece is taken. */
  take(): TimedPiece | undefined {
    const piece = this.queue.shift();
    if (this.queue.length === 0) this.release();
    return piece;
  }

  /** Drops what is queued and lets the reader run to its end (it stops on the aborted signal). */
  stop(): void {
    this.queue.length = 0;
    this.release();
  }

  private release(): void {
    const drained = this.drained;
    this.drained = null;
    drained?.resolve();
  }

  private wake(): void {
    const arrived = this.arrived;
    this.arrived = null;
    arrived?.();
  }
}

function withResolvers(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
