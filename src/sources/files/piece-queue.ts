/**
 * The timed pieces of one file or object between its reader and the time-ordered merge
 * that takes them, with back-pressure: while pieces wait to be taken the reader is held
 * back, so an input that is ahead in time does not fill memory while the others catch up.
 * Used by the file source's ordered read (timed-file-reader.ts) and by the S3 merge
 * (s3/object-merge.ts).
 */
import { PieceTimer, type TimedPiece } from './timed-pieces.js';
import type { LineClock } from './file-source-options.js';

export class PieceQueue {
  private readonly queue: TimedPiece[] = [];
  private readonly timer: PieceTimer;
  private ended = false;
  /** The reader waits on this while pieces are queued. */
  private drained: { promise: Promise<void>; resolve: () => void } | null = null;
  /** The merge waits on this while nothing is queued. */
  private arrived: (() => void) | null = null;

  constructor(clock: LineClock) {
    this.timer = new PieceTimer(clock);
  }

  /** For the reader: what to wait on before it reads on (undefined: go on). */
  readonly holdBack = (): Promise<void> | undefined => {
    if (this.queue.length === 0) return undefined;
    this.drained ??= withResolvers();
    return this.drained.promise;
  };

  /** For the reader: the next batch of lines, cut into timed pieces. */
  readonly add = (lines: string[]): void => {
    for (const piece of this.timer.pieces(lines)) this.queue.push(piece);
    this.wake();
  };

  /** For the reader: nothing more will come (read to the end, failed or stopped). */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Ended, with nothing left to take. */
  get exhausted(): boolean {
    return this.ended && this.queue.length === 0;
  }

  /** The next piece, without taking it; null once the input is read. Waits for the reader. */
  async head(): Promise<TimedPiece | null> {
    while (this.queue.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.arrived = resolve));
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

  /** Drops what is queued and lets the reader run to its end (it stops on its aborted signal). */
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
