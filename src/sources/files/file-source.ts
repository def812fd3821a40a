/**
 * The `Source` for local files (`--file`, repeatable: paths, directories, globs).
 * Follow mode watches with chokidar and drives one tailer per file; non-follow
 * mode reads every matched file to its end once and resolves. Faults are per file, on
 * `sink.status`; `run` never rejects.
 */
import type { Source } from '../types.js';
import type { FileSourceOptions } from './file-source-options.js';
import { followFiles } from './follow-files.js';
import { readAllOnce } from './read-once.js';

export type { FileSourceOptions } from './file-source-options.js';

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
