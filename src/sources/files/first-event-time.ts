/**
 * Where a file starts in event time: the time of its first event, from its first 64 KiB
 * (decompressed for gzip). The time-ordered read sorts files by it. The name would not
 * do: logrotate's `cf.log` is newer than `cf.log.1`, and delivered log files are named
 * by distribution before time; nor would the modification time, which a copy, an
 * `aws s3 sync` or an extraction sets to when it ran.
 */
import { openRegularFile } from './file-errors.js';
import type { LineClock } from './file-source-options.js';
import { LineSplitter } from './line-splitter.js';
import { isGzipMagic, readGzipStart } from './read-file-lines.js';

/** Bytes read for the first event: many lines of any log, and past a W3C header. */
export const PROBE_BYTES = 64 * 1024;

/** A file's first event time; `none` when its start holds no event, `unreadable` when it cannot be opened. */
export type FirstEventTime = { kind: 'time'; ms: number } | { kind: 'none' } | { kind: 'unreadable' };

/** Reads the start of `path` (one descriptor, closed before it returns). Never throws. */
export async function firstEventTime(path: string, clock: LineClock, maxLineBytes?: number): Promise<FirstEventTime> {
  const opened = await openRegularFile(path);
  if (!opened.ok) return { kind: 'unreadable' };
  let start: Buffer;
  try {
    const head = Buffer.alloc(PROBE_BYTES);
    const { bytesRead } = await opened.handle.read(head, 0, PROBE_BYTES, 0);
    start = isGzipMagic(head.subarray(0, bytesRead)) ? await readGzipStart(opened.handle, PROBE_BYTES) : head.subarray(0, bytesRead);
  } catch {
    return { kind: 'unreadable' };
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
  // The last line may be cut at the probe's end: only whole lines are asked for a time
  // (all of them when the probe read the whole file).
  const lines: string[] = [];
  const splitter = new LineSplitter({ maxLineBytes });
  splitter.push(start, lines);
  if (start.length < PROBE_BYTES) splitter.flush(lines);
  for (const line of lines) {
    const ms = clock(line);
    if (ms !== null && Number.isFinite(ms)) return { kind: 'time', ms };
  }
  return { kind: 'none' };
}
