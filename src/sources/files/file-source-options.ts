/**
 * Options of the local file source, in a module of their own: `file-source.ts`, which
 * chooses the mode, and the modes it chooses between (`follow-files.ts`, `read-once.ts`)
 * all read them, and none of them imports another for a type.
 */
import type { FormatHint } from '../types.js';

/**
 * The event time of a line of one file, epoch ms, or null for a line without one (a
 * header, a malformed line). Stateful per file: it is given the file's header lines in
 * order (a W3C `#Fields:` line sets the columns of the lines after it).
 */
export type LineClock = (line: string) => number | null;

/** Options of `createFileSource`. */
export interface FileSourceOptions {
  /** Paths, directories and globs (`logs/*.log`, `logs/**\/*.gz`). */
  patterns: string[];
  /** Follow mode: read existing content first instead of starting at the end. */
  fromStart?: boolean;
  /** Keep following (default true); false reads every file to its end once and resolves. */
  follow?: boolean;
  /** Poll instead of using inotify (network file systems: NFS, SMB, some container mounts). */
  usePolling?: boolean;
  format?: FormatHint;
  /** Longest line kept, in bytes (default 64 KiB); longer lines are cut and marked. */
  maxLineBytes?: number;
  /** Directory relative patterns are resolved against (default: the process's). */
  cwd?: string;
  /** Safety re-check of every followed file, in ms (default 1000), for missed watcher events. */
  recheckIntervalMs?: number;
  /**
   * Most descriptors open at once for reading files (default: a quarter of the soft
   * `ulimit -n`, between 16 and 128), in follow mode and in a time-ordered read. Files
   * beyond it wait their turn.
   */
  maxOpenFiles?: number;
  /**
   * Non-follow mode: read the files in event-time order (`tlstop report`, whose change
   * detector counts events far out of order as late): oldest first by their first event,
   * and files whose times overlap side by side, merged (read-in-time-order.ts). Follow
   * mode with `fromStart` (the monitor): the rotated copies are read so, before any
   * followed file is read. Given a new clock per file; the source itself knows no log format.
   */
  lineClock?: (path: string, format: FormatHint | undefined) => LineClock;
}
