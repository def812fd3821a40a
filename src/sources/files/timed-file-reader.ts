/**
 * One file of a time-ordered read, as a stream its reader pulls from: the file is read
 * (with its statuses, as every read-once file) into timed pieces, held back while pieces
 * wait to be taken (piece-queue.ts).
 */
import type { FormatHint } from '../types.js';
import { readWholeFile, type WholeFileContext } from './file-status.js';
import type { LineClock } from './file-source-options.js';
import { PieceQueue } from './piece-queue.js';
import type { TimedPiece } from './timed-pieces.js';

export class TimedFileReader {
  /** Settles when the file was read to its end, failed (its status says why), or was stopped. */
  readonly finished: Promise<void>;
  private readonly pieces: PieceQueue;

  constructor(
    readonly path: string,
    readonly format: FormatHint | undefined,
    clock: LineClock,
    context: WholeFileContext,
  ) {
    const pieces = new PieceQueue(clock);
    this.pieces = pieces;
    this.finished = readWholeFile(path, { ...context, holdBack: pieces.holdBack }, pieces.add).finally(() => pieces.end());
  }

  /** The next piece, without taking it; null once the file is read. Waits for the reader. */
  head(): Promise<TimedPiece | null> {
    return this.pieces.head();
  }

  /** The next piece, known without waiting (after {@link head}), or undefined. */
  peek(): TimedPiece | undefined {
    return this.pieces.peek();
  }

  /** Takes the head piece; the reader goes on once every queued piece is taken. */
  take(): TimedPiece | undefined {
    return this.pieces.take();
  }

  /** Drops what is queued and lets the reader run to its end (it stops on the aborted signal). */
  stop(): void {
    this.pieces.stop();
  }
}
