/**
 * Several objects read at once, handed on merged by event time: up to `concurrency`
 * objects are fetched side by side (the list comes sorted by the time in their keys), each
 * cut into timed pieces (files/timed-pieces.ts), and the piece with the earliest time of
 * the open objects goes next. An object whose pieces wait holds its reader back, so memory
 * stays a few batches per open object. Every object's lines reach the sink in order.
 */
import { EarliestFirst } from '../files/earliest-first.js';
import type { LineClock } from '../files/file-source-options.js';
import { PieceQueue } from '../files/piece-queue.js';
import { readObject, ObjectReadError, type ObjectReadContext, type ObjectSummary, type S3Object } from './read-object.js';

/** How one object ended. */
export type ObjectResult = { ok: true; summary: ObjectSummary } | { ok: false; message: string; summary: ObjectSummary };

/** One object of the merge: its read, and its pieces waiting to be taken. */
class TimedObjectReader {
  readonly finished: Promise<ObjectResult>;
  readonly pieces: PieceQueue;

  constructor(
    /** Place in the sorted list of objects. */
    readonly index: number,
    readonly object: S3Object,
    clock: LineClock,
    context: Omit<ObjectReadContext, 'holdBack'>,
  ) {
    const pieces = new PieceQueue(clock);
    this.pieces = pieces;
    const summary: ObjectSummary = { lines: 0, bytes: 0, encoding: 'plain' };
    this.finished = readObject({ ...context, holdBack: pieces.holdBack }, object, pieces.add)
      .then((s): ObjectResult => ({ ok: true, summary: s }))
      .catch((error: unknown): ObjectResult => ({
        ok: false,
        message: error instanceof ObjectReadError ? error.message : `could not be read: ${String((error as Error)?.message ?? error)}`,
        summary,
      }))
      .finally(() => pieces.end());
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
  /**
   * The earliest event time the object can be expected to hold (the time its key names, or
   * a few minutes before it was written). An object that starts while others are open
   * joins the merge without being waited for unless this is before the earliest open piece.
   */
  expectedStart(object: S3Object): number;
}

/**
 * Reads `objects` (each once, sorted by time) merged by event time; see the module
 * comment. The merge waits for the first piece of a starting object only when it may come
 * before the next piece (it is sorted before that piece's object, or expected to start
 * earlier), or when nothing else is open: so while one object is handed on, the next ones
 * are already being fetched.
 */
export async function readObjectsInTimeOrder(objects: readonly S3Object[], context: MergeContext): Promise<void> {
  const { signal } = context;
  const concurrency = Math.max(1, Math.floor(context.concurrency));
  const open = new EarliestFirst<TimedObjectReader>();
  const all = new Set<TimedObjectReader>();
  /** Started, first piece not seen yet. */
  const pending = new Set<TimedObjectReader>();
  let next = 0;
  const finish = async (reader: TimedObjectReader): Promise<void> => {
    const result = await reader.finished;
    all.delete(reader);
    if (!signal.aborted) context.finished(reader.object, result);
  };
  /** Puts a reader with a piece into the merge, or lets a finished one go; false when it has neither yet. */
  const settle = async (reader: TimedObjectReader): Promise<boolean> => {
    const head = reader.pieces.peek();
    if (head !== undefined) open.push(head.startMs, reader);
    else if (reader.pieces.exhausted) await finish(reader);
    else return false;
    return true;
  };
  const requeue = async (reader: TimedObjectReader): Promise<void> => {
    await reader.pieces.head();
    await settle(reader);
  };
  try {
    while (!signal.aborted && (next < objects.length || all.size > 0)) {
      while (next < objects.length && all.size < concurrency) {
        const index = next++;
        const object = objects[index]!;
        const reader = new TimedObjectReader(index, object, context.clockFor(object), context);
        all.add(reader);
        pending.add(reader);
      }
      for (const reader of [...pending]) if (await settle(reader)) pending.delete(reader);
      if (open.size === 0) {
        if (pending.size > 0) await Promise.race([...pending].map((r) => r.pieces.head()));
        continue;
      }
      // Wait for a starting object that may come first: one sorted before the object whose
      // piece is next (a retried read), or one expected to start before that piece.
      const top = open.peek()!;
      const blocker = [...pending].find((r) => r.index < top.index || context.expectedStart(r.object) < open.firstKey);
      if (blocker !== undefined) {
        await requeue(blocker);
        pending.delete(blocker);
        continue;
      }
      const reader = open.pop()!;
      if (signal.aborted) continue;
      const piece = reader.pieces.take()!;
      context.deliver(reader.object, piece.lines);
      await requeue(reader);
    }
  } finally {
    for (const reader of all) reader.pieces.stop();
    await Promise.all([...all].map((r) => r.finished));
  }
}

/** Sort key of an object: the time its key names, else when it was written; then its key. */
export function objectOrder(a: { time: number; key: string }, b: { time: number; key: string }): number {
  return a.time === b.time ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.time < b.time ? -1 : 1;
}
