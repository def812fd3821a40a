/**
 * Several objects read at once, handed on merged by event time: up to `concurrency`
 * objects are fetched side by side (the list comes sorted by the time in their keys), each
 * cut into timed pieces (files/timed-pieces.ts), and the piece with the earliest time of
 * the open objects goes next. An object whose pieces wait holds its reader back, so memory
 * stays a few batches per open object. Every object's lines reach the sink in order.
 */
import { EarliestFirst } from '../files/earliest-first.js';
import type { LineClock } from '../files/file-source-options.js';
import { PieceTimer, type TimedPiece } from '../files/timed-pieces.js';
import { readObject, ObjectReadError, type ObjectReadContext, type ObjectSummary, type S3Object } from './read-object.js';

/** How one object ended. */
export type ObjectResult = { ok: true; summary: ObjectSummary } | { ok: false; message: string; summary: ObjectSummary };

class TimedObjectReader {
  readonly finished: Promise<ObjectResult>;
  private readonly queue: TimedPiece[] = [];
  private done = false;
  private drained: { promise: Promise<void>; resolve: () => void } | null = null;
  private arrived: (() => void) | null = null;

  constructor(
    readonly object: S3Object,
    clock: LineClock,
    context: Omit<ObjectReadContext, 'holdBack'>,
  ) {
    const timer = new PieceTimer(clock);
    const holdBack = (): Promise<void> | undefined => {
      if (this.queue.length === 0) return undefined;
      if (!this.drained) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        this.drained = { promise, resolve };
      }
      return this.drained.promise;
    };
    const summary: ObjectSummary = { lines: 0, bytes: 0, encoding: 'plain' };
    this.finished = readObject({ ...context, holdBack }, object, (lines) => {
      for (const piece of timer.pieces(lines)) this.queue.push(piece);
      this.wake();
    })
      .then((s): ObjectResult => ({ ok: true, summary: s }))
      .catch((error: unknown): ObjectResult => ({
        ok: false,
        message: error instanceof ObjectReadError ? error.message : `could not be read: ${String((error as Error)?.message ?? error)}`,
        summary,
      }))
      .finally(() => {
        this.done = true;
        this.wake();
      });
  }

  async head(): Promise<TimedPiece | null> {
    while (this.queue.length === 0 && !this.done) await new Promise<void>((resolve) => (this.arrived = resolve));
    return this.queue[0] ?? null;
  }

  peek(): TimedPiece | undefined {
    return this.queue[0];
  }

  take(): TimedPiece | undefined {
    const piece = this.queue.shift();
    if (this.queue.length === 0) this.release();
    return piece;
  }

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

/** What a merged read needs. */
export interface MergeContext extends Omit<ObjectReadContext, 'holdBack'> {
  concurrency: number;
  /** A fresh clock per object (its parser state: a W3C header is per object). */
  clockFor(object: S3Object): LineClock;
  deliver(object: S3Object, lines: string[]): void;
  /** Called once per object when it was read to its end or failed. */
  finished(object: S3Object, result: ObjectResult): void;
}

/** Reads `objects` (each once, sorted by time) merged by event time; see the module comment. */
export async function readObjectsInTimeOrder(objects: readonly S3Object[], context: MergeContext): Promise<void> {
  const { signal } = context;
  const concurrency = Math.max(1, Math.floor(context.concurrency));
  const open = new EarliestFirst<TimedObjectReader>();
  const all = new Set<TimedObjectReader>();
  let next = 0;
  const requeue = async (reader: TimedObjectReader): Promise<void> => {
    const head = reader.peek() ?? (await reader.head());
    if (head !== null) {
      open.push(head.startMs, reader);
      return;
    }
    const result = await reader.finished;
    all.delete(reader);
    if (!signal.aborted) context.finished(reader.object, result);
  };
  try {
    while (!signal.aborted && (next < objects.length || all.size > 0)) {
      const started: TimedObjectReader[] = [];
      while (next < objects.length && all.size < concurrency) {
        const object = objects[next++]!;
        const reader = new TimedObjectReader(object, context.clockFor(object), context);
        all.add(reader);
        started.push(reader);
      }
      for (const reader of started) await requeue(reader);
      const reader = open.pop();
      if (reader === undefined || signal.aborted) continue;
      const piece = reader.take()!;
      context.deliver(reader.object, piece.lines);
      await requeue(reader);
    }
  } finally {
    for (const reader of all) reader.stop();
    await Promise.all([...all].map((r) => r.finished));
  }
}

/** Sort key of an object: the time its key names, else when it was written; then its key. */
export function objectOrder(a: { time: number; key: string }, b: { time: number; key: string }): number {
  return a.time === b.time ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.time < b.time ? -1 : 1;
}
