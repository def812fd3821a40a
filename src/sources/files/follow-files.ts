/**
 * Follow mode: lists what the arguments match, starts one tailer per file (at the end of
 * existing files unless `fromStart`), watches each argument's directory with chokidar for
 * changes and new files, and re-checks every followed file every second in case the
 * watcher missed an event. Every descriptor the tailers open comes from one budget, so a
 * directory of thousands of files is read a bounded number at a time, whatever `ulimit -n`.
 */
import { setMaxListeners } from 'node:events';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { SourceSink } from '../types.js';
import type { FileSourceOptions } from './file-source-options.js';
import { DescriptorBudget, defaultDescriptorBudget } from './descriptor-budget.js';
import { FileTailer } from './file-tailer.js';
import { listFilePattern, resolveFilePattern, type FilePattern } from './file-patterns.js';
import { displayPath, fileStatus, patternStatus, readWholeFile } from './file-status.js';
import { startPatternWatcher, type WatchEvent } from './pattern-watcher.js';
import { readInTimeOrder } from './read-in-time-order.js';
import { rotatedSiblingOf } from './rotated-names.js';
import { SiblingBaseline } from './rotated-siblings.js';

/** Follows every file the options match until `signal` aborts, then releases everything. */
export async function followFiles(options: FileSourceOptions, sink: SourceSink, outerSignal: AbortSignal): Promise<void> {
  if (outerSignal.aborted) return;
  const descriptors = new DescriptorBudget(options.maxOpenFiles ?? defaultDescriptorBudget());
  // Every read in progress listens for the abort; the budget bounds how many there are.
  const stop = new AbortController();
  setMaxListeners(descriptors.limit * 2 + 16, stop.signal);
  outerSignal.addEventListener('abort', () => stop.abort(), { once: true });
  const { signal } = stop;
  const cwd = options.cwd ?? process.cwd();
  const tailers = new Map<string, FileTailer>();
  const skipped = new Set<string>();
  const watchers: FSWatcher[] = [];
  /** Patterns reported as matching nothing yet. */
  const quietPatterns = new Set<string>();
  const baseline = new SiblingBaseline();
  const followedElsewhere = (path: string, st: { dev: number; ino: number }): boolean => {
    if (tailers.has(path)) return true;
    for (const t of tailers.values()) if (t.path !== path && t.holds(st.dev, st.ino)) return true;
    return false;
  };

  // With a line clock and fromStart, the rotated copies (older history) are read first,
  // merged by event time, and every tailer's first read waits for them: read side by
  // side, the newest file's times would come first and the change detector would count
  // the copies' events as out of time order.
  const ordered = options.fromStart === true && options.lineClock !== undefined;
  const history: string[] = [];
  let historyRead: () => void = () => undefined;
  const historyDone = ordered ? new Promise<void>((done) => (historyRead = done)) : undefined;
  let historyPending = ordered;

  const addTailer = (path: string, fp: FilePattern, existedAtStart: boolean): void => {
    if (quietPatterns.delete(fp.pattern)) patternStatus(sink, fp.pattern, 'connected', 'following matching files');
    const tailer = new FileTailer({
      path,
      startAtEnd: existedAtStart && !options.fromStart,
      readExistingGzip: !existedAtStart || options.fromStart === true || fp.kind === 'file',
      forgetWhenRemoved: fp.kind !== 'file',
      maxLineBytes: options.maxLineBytes,
      descriptors,
      baseline,
      followedElsewhere: (other, st) => other !== path && followedElsewhere(other, st),
      ...(historyPending && historyDone !== undefined && { readAfter: historyDone }),
      signal,
      lines: (lines) => sink.lines({ origin: path, lines, format: options.format }),
      status: (state, message) => fileStatus(sink, cwd, path, state, message),
      onForget: () => tailers.delete(path),
    });
    tailers.set(path, tailer);
    tailer.poke();
  };

  /**
   * An existing rotated copy (`app.log.1`, `app.log.2.gz` next to `app.log`): it no longer
   * grows, and following it would read the live file a second time once the next rotation
   * renames it there. Read once with fromStart, otherwise left alone.
   */
  const reading: Promise<void>[] = [];
  const historical = (path: string, original: string): void => {
    remember(skipped, path);
    if (!options.fromStart) {
      fileStatus(sink, cwd, path, 'done', `rotated copy of ${basename(original)}: not read (use --from-start to read it)`);
      return;
    }
    if (historyPending) {
      history.push(path);
      return;
    }
    const holder = { relinquish: () => undefined };
    const read = descriptors
      .acquire(holder)
      .then(() =>
        readWholeFile(path, { sink, cwd, signal, format: options.format, maxLineBytes: options.maxLineBytes }).finally(() =>
          descriptors.release(holder),
        ),
      );
    reading.push(read);
  };

  /** A path that was not followed before showed up (or changed) under a watched pattern. */
  const arrived = async (path: string, fp: FilePattern): Promise<void> => {
    if (tailers.has(path) || skipped.has(path) || signal.aborted) return;
    if (isRotatedSibling(path, tailers)) return remember(skipped, path);
    try {
      const st = await stat(path);
      if (st.isDirectory()) return;
      // A followed file renamed to a name the pattern also matches: its tailer drains it.
      for (const t of tailers.values()) if (t.holds(st.dev, st.ino)) return remember(skipped, path);
    } catch {
      return;
    }
    if (!tailers.has(path) && !signal.aborted) addTailer(path, fp, false);
  };

  const resolved: FilePattern[] = [];
  for (const pattern of options.patterns) resolved.push(await resolveFilePattern(pattern, cwd));

  const onEvent = (fp: FilePattern) => (event: WatchEvent, path: string) => {
    const known = tailers.get(path);
    if (known) known.poke();
    else if (event !== 'unlink' && fp.matches(path)) void arrived(path, fp);
  };
  const watchPattern = async (fp: FilePattern): Promise<void> => {
    const watcher = await startPatternWatcher(fp, options.usePolling === true, sink, signal, onEvent(fp));
    if (signal.aborted) await watcher.close().catch(() => undefined);
    else watchers.push(watcher);
  };

  // Existing files first (read from their end), then the watchers, then one more listing
  // for files created while the watchers were starting. A glob whose directory does not
  // exist yet waits for it.
  const waiting: FilePattern[] = [];
  for (const fp of resolved) {
    if (fp.kind === 'glob' && !(await isDirectory(fp.base))) {
      waiting.push(fp);
      patternStatus(sink, fp.pattern, 'error', `directory ${displayPath(fp.base, cwd)} does not exist; watching for it`);
      continue;
    }
    const { files, problems } = await listFilePattern(fp);
    for (const p of problems) fileStatus(sink, cwd, p.path, 'error', p.message);
    if (files.length === 0 && problems.length === 0) {
      patternStatus(sink, fp.pattern, 'connected', 'no files match yet; watching for new ones');
      quietPatterns.add(fp.pattern);
    }
    for (const path of files) {
      if (tailers.has(path) || skipped.has(path)) continue;
      const original = fp.kind === 'file' ? undefined : rotatedSiblingOf(path, files);
      if (original === undefined) addTailer(path, fp, true);
      else historical(path, original);
    }
  }
  if (ordered) {
    // One descriptor from the budget: the copies follow each other in time, so one at a time
    // keeps their order (and overlapping ones are still merged, as far as one allows).
    const holder = { relinquish: () => undefined };
    const clockFor = options.lineClock!;
    const readHistory = async (): Promise<void> => {
      if (history.length === 0) return;
      await descriptors.acquire(holder);
      try {
        await readInTimeOrder(history, {
          sink,
          cwd,
          signal,
          format: options.format,
          maxLineBytes: options.maxLineBytes,
          clockFor,
          maxOpen: 1,
        });
      } finally {
        descriptors.release(holder);
      }
    };
    const read = readHistory()
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        sink.status({
          id: 'files-history',
          label: 'rotated copies',
          state: 'error',
          mode: 'file',
          message: `reading the rotated copies stopped: ${message}`,
        });
      })
      .finally(() => {
        historyPending = false;
        historyRead();
      });
    reading.push(read);
  }
  for (const fp of resolved) {
    if (signal.aborted) break;
    if (!waiting.includes(fp)) await watchPattern(fp);
  }
  for (const fp of resolved) {
    if (fp.kind === 'file' || waiting.includes(fp) || signal.aborted) continue;
    const { files } = await listFilePattern(fp);
    for (const path of files) await arrived(path, fp);
  }

  let lookingForDirs = false;
  const lookForDirs = async (): Promise<void> => {
    lookingForDirs = true;
    try {
      for (const fp of [...waiting]) {
        if (signal.aborted || !(await isDirectory(fp.base))) continue;
        waiting.splice(waiting.indexOf(fp), 1);
        await watchPattern(fp);
        patternStatus(sink, fp.pattern, 'connected', 'no files match yet; watching for new ones');
        quietPatterns.add(fp.pattern);
        const { files } = await listFilePattern(fp);
        for (const path of files) await arrived(path, fp);
      }
    } finally {
      lookingForDirs = false;
    }
  };
  const interval = setInterval(() => {
    for (const t of tailers.values()) if (!t.finished) t.poke();
    if (waiting.length > 0 && !lookingForDirs) void lookForDirs();
  }, options.recheckIntervalMs ?? 1000);
  try {
    if (!signal.aborted) await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }));
  } finally {
    clearInterval(interval);
    await Promise.all(watchers.map((w) => w.close().catch(() => undefined)));
    await Promise.all([...tailers.values()].map((t) => t.close()));
    await Promise.all(reading);
    tailers.clear();
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A new file named like a rotated copy of a file being followed in the same directory
 * (`app.log.1`, `app.log-20261124`, `app.log.1.gz`) holds lines already read: skip it.
 */
function isRotatedSibling(path: string, tailers: Map<string, FileTailer>): boolean {
  const followed: string[] = [];
  for (const t of tailers.values()) if (!t.finished) followed.push(t.path);
  return rotatedSiblingOf(path, followed) !== undefined;
}

function remember(set: Set<string>, path: string): void {
  if (set.size >= 10_000) set.clear();
  set.add(path);
}
