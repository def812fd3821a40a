/**
 * The `Source` for local files (`--file`, repeatable: paths, directories, globs).
 * Follow mode watches with chokidar and drives one tailer per file; non-follow
 * mode reads every matched file to its end once and resolves. Faults are per file, on
 * `sink.status`; `run` never rejects.
 */
import type { FormatHint, Source } from '../types.js';
import { followFiles } from './follow-files.js';
import { readAllOnce } from './read-once.js';

/** Options of {@link createFileSource}. */
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
   * Follow mode: most descriptors open at once for reading files (default: a quarter of
   * the soft `ulimit -n`, between 16 and 128). Files beyond it wait their turn.
   */
  maxOpenFiles?: number;
}

/** Creates the local file source; see {@link FileSourceOptions}. */
export function createFileSource(options: FileSourceOptions): Source {
  return {
    id: 'files',
    run: async (sink, signal) => {
      try {
        if (options.follow === false) await readAllOnce(options, sink, signal);
        else await followFiles(options, sink, signal);
      } catch (error) {
        // Defensive: every expected fault is reported per file already.
        sink.status({
          id: 'files',
          label: 'files',
          state: 'error',
          mode: 'file',
          message: `file source stopped: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    },
  };
}
