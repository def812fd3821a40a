/**
 * One chokidar watcher per `--file` argument. chokidar only says that something changed
 * under the watched directory; the tailers decide what it means.
 */
import { basename } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { SourceSink } from '../types.js';
import type { FilePattern } from './file-patterns.js';
import { isOutOfDescriptors } from './file-errors.js';
import { patternStatus } from './file-status.js';

/** The watcher events the file source acts on. */
export type WatchEvent = 'add' | 'change' | 'unlink';

/** Starts watching the directory of an argument; resolves once the watcher is ready (or on abort). */
export async function startPatternWatcher(
  fp: FilePattern,
  usePolling: boolean,
  sink: SourceSink,
  signal: AbortSignal,
  onEvent: (event: WatchEvent, path: string) => void,
): Promise<FSWatcher> {
  const ignored = (path: string, stats?: { isFile(): boolean }): boolean => {
    if (path === fp.base) return false;
    if (fp.kind === 'file') return !fp.matches(path);
    if (fp.kind === 'dir') return basename(path).startsWith('.');
    return stats?.isFile() === true && !fp.matches(path);
  };
  const watcher = watch(fp.base, {
    ignoreInitial: true,
    persistent: true,
    // --poll-files: stat polling for network filesystems (chokidar 6 spells it `backend`).
    backend: usePolling ? 'polling' : 'auto',
    depth: fp.depth,
    ignored,
    // Never awaitWriteFinish: it holds events for seconds.
    awaitWriteFinish: false,
  });
  watcher.on('all', (event, path) => {
    if (event === 'add' || event === 'change' || event === 'unlink') onEvent(event, path);
  });
  watcher.on('error', (error) => {
    const message = error instanceof Error ? error.message : String(error);
    // Out of descriptors is passing: the once-a-second re-check keeps the followed files read.
    if (isOutOfDescriptors((error as NodeJS.ErrnoException).code)) {
      patternStatus(sink, fp.pattern, 'retrying', `watching ${fp.base}: too many open files (ulimit -n); re-checking every second`);
    } else {
      patternStatus(sink, fp.pattern, 'error', `watching ${fp.base} failed: ${message}`);
    }
  });
  await new Promise<void>((ready) => {
    watcher.once('ready', () => ready());
    signal.addEventListener('abort', () => ready(), { once: true });
  });
  return watcher;
}
