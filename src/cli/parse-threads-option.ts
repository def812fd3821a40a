/** `--parse-threads N`, the same for `report` and the monitor. */
import { defaultParseThreads } from '../pipeline/parse-threads/start-parse-thread.js';

/** Most parse threads accepted: more than the cores only costs memory. */
const MAX_PARSE_THREADS = 64;

/** The option's help text, indented for a help column of `width` characters. */
export function parseThreadsHelp(indent: string, width: number): string {
  const name = '--parse-threads N'.padEnd(width);
  return (
    `${indent}${name}threads that parse lines beside the one that reads and counts\n` +
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
