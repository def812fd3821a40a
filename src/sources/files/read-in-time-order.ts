/**
 * Reading files once in event-time order, for `tlstop report`: its change detector
 * analyses a second once the newest event time is 60 s past it, and counts events
 * older than that as late (not analysed). Files read one after the other in name order
 * give it hours out of order: `cf.log` (logrotate's newest) before `cf.log.1`, one
 * distribution's delivered files before another's, a firewall log after the CloudFront
 * logs of the same hours.
 *
 * So: every file's first event time is read first (one descriptor at a time,
 * first-event-time.ts), and the files are read as one stream merged by event time:
 * a file is opened when the merge reaches its first event (files that follow each other
 * are read one after the other, files that overlap side by side), and the piece with
 * the earliest time of the open files is handed on next (pieces span a few seconds:
 * timed-pieces.ts). Open files are bounded by the descriptor budget; a file that would
 * exceed it waits for one to finish, and its events that fall behind are what the
 * report counts as not analysed. Files whose start holds no event are read last, one
 * at a time; unreadable ones first (only their status comes out).
 */
import type { FormatHint } from '../types.js';
import type { WholeFileContext } from './file-status.js';
import type { LineClock } from './file-source-options.js';
import { EarliestFirst } from './earliest-first.js';
import { firstEventTime } from './first-event-time.js';
import { TimedFileReader } from './timed-file-reader.js';

/** What a time-ordered read needs besides the paths. */
export interface TimeOrderContext extends WholeFileContext {
  clockFor: (path: string, format: FormatHint | undefined) => LineClock;
  /** Most files open at once. */
  maxOpen: number;
}

/** Buffers of all open plain files together stay about this size (two per file). */
const READ_BUFFER_BUDGET_BYTES = 64 * 1024 * 1024;

/** Reads `paths` (each once) to their ends, merged by event time; see the module comment. */
export async function readInTimeOrder(paths: readonly string[], context: TimeOrderContext): Promise<void> {
  const { sink, signal, format } = context;
  const starts: Array<{ path: string; ms: number }> = [];
  for (const path of paths) {
    if (signal.aborted) return;
    const first = await firstEventTime(path, context.clockFor(path, format), context.maxLineBytes);
    starts.push({ path, ms: first.kind === 'time' ? first.ms : first.kind === 'unreadable' ? -Infinity : Infinity });
  }
  // Stable: paths with the same start keep the order they were named in.
  starts.sort((a, b) => (a.ms === b.ms ? 0 : a.ms < b.ms ? -1 : 1));

  const maxOpen = Math.max(1, Math.floor(context.maxOpen));
  const chunkBytes = Math.min(4 * 1024 * 1024, Math.max(64 * 1024, Math.floor(READ_BUFFER_BUDGET_BYTES / (2 * maxOpen))));
  // Every open file with a piece to hand on, by the time of that piece.
  const open = new EarliestFirst<TimedFileReader>();
  let reading: TimedFileReader | null = null;
  let next = 0;
  /** Puts a file back in the merge by its next piece, or lets it go once it was read to its end. */
  const requeue = async (reader: TimedFileReader): Promise<void> => {
    reading = reader;
    const head = reader.peek() ?? (await reader.head());
    if (head === null) await reader.finished;
    else open.push(head.startMs, reader);
    reading = null;
  };
  try {
    while (!signal.aborted && (next < starts.length || open.size > 0)) {
      // Open every file whose first event the merge has reached (the next one when none is open).
      while (next < starts.length && open.size < maxOpen && (open.size === 0 || starts[next]!.ms <= open.firstKey)) {
        const path = starts[next++]!.path;
        await requeue(new TimedFileReader(path, format, context.clockFor(path, format), { ...context, chunkBytes }));
      }
      const reader = open.pop();
      if (reader === undefined || signal.aborted) continue;
      const piece = reader.take()!;
      sink.lines({ origin: reader.path, lines: piece.lines, format: reader.format });
      await requeue(reader);
    }
  } finally {
    const left = [...open.values(), ...(reading === null ? [] : [reading])];
    for (const reader of left) reader.stop();
    await Promise.all(left.map((r) => r.finished));
  }
}
