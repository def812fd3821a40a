/** `--parse-threads N`, the same for `report` and the monitor. */
import type { ParallelIngestSinkOptions } from '../pipeline/parse-threads/parallel-ingest-sink.js';
import { defaultParseThreads } from '../pipeline/parse-threads/start-parse-thread.js';

/** Most parse threads accepted: more than the cores only costs memory. */
const MAX_PARSE_THREADS = 64;

/** The option's help text (`purpose`, then the default), indented for a help column of `width` characters. */
export function parseThreadsHelp(indent: string, width: number, purpose: string): string {
  const name = '--parse-threads N'.padEnd(width);
  return (
    `${indent}${name}${purpose}\n` +
    `${indent}${' '.repeat(width)}(default ${defaultParseThreads()} here: one fewer than the cores, at most 3; 0: one thread)`
  );
}

/** The threads asked for (the default when the option is absent), or why the text is not a thread count. */
export function readParseThreads(text: string | undefined): number | Error {
  if (text === undefined) return defaultParseThreads();
  const threads = Number(text);
  if (text.trim() === '' || !Number.isInteger(threads) || threads < 0 || threads > MAX_PARSE_THREADS)
    return new Error(`--parse-threads must be a whole number from 0 to ${MAX_PARSE_THREADS} (got "${text}")`);
  return threads;
}

/**
 * The parse threads of the monitor, which follows its sources: a held-back
 * batch waits at most 25 ms (well under a frame); a request under 1,024 lines (a live
 * trickle: the sources hand over at most 2,048 at once) is parsed on the main thread;
 * threads idle for 10 s are stopped, so a monitor that has caught up holds no thread's
 * memory. The main thread waits 5 s at most for a thread to start or answer before it
 * parses that work itself: the wait blocks the screen, and a request takes milliseconds
 * (`report` allows 10 s and 60 s: nobody watches it).
 */
export const LIVE_PARSE_THREADS: Pick<ParallelIngestSinkOptions, 'live' | 'silenceMs' | 'startMs'> = {
  live: { flushAfterMs: 25, idleStopMs: 10_000, minThreadLines: 1024 },
  silenceMs: 5000,
  startMs: 5000,
};
