/**
 * The `Source` for local files (`--file`, repeatable: paths, directories, globs).
 * Follow mode watches with chokidar and drives one {@link FileTailer} per file; non-follow
 * mode reads every matched file to its end once and resolves. Faults are per file, on
 * `sink.status`; `run` never rejects.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FormatHint, Source, SourceSink, SourceState } from '../types.js';
import { FileTailer } from './file-tailer.js';
import { listFilePattern, resolveFilePattern, type FilePattern } from './file-patterns.js';
import { readFileLines } from './read-file-lines.js';

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
}

/** Status id of one file. */
export function fileStatusId(path: string): string {
  return `file:${path}`;
}

/** Status id of one `--file` argument (no match, watcher failure). */
export function patternStatusId(pattern: string): string {
  return `file-pattern:${pattern}`;
}

/** Creates the local file source; see {@link FileSourceOptions}. */
export function createFileSource(options: FileSourceOptions): Source {
  return {
    id: 'files',
    run: async (sink, signal) => {
      try {
        if (options.follow === false) await readAllOnce(options, sink, signal);
        else await follow(options, sink, signal);
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

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function fileStatus(sink: SourceSink, cwd: string, path: string, state: SourceState, message?: string): void {
  sink.status({ id: fileStatusId(path), label: displayPath(path, cwd), state, mode: 'file', message });
}

function patternStatus(sink: SourceSink, pattern: string, state: SourceState, message: string): void {
  sink.status({ id: patternStatusId(pattern), label: pattern, state, mode: 'file', message });
}

async function readAllOnce(options: FileSourceOptions, sink: SourceSink, signal: AbortSignal): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const seen = new Set<string>();
  for (const pattern of options.patterns) {
    if (signal.aborted) return;
    const fp = await resolveFilePattern(pattern, cwd);
    const { files, problems } = await listFilePattern(fp);
    for (const p of problems) fileStatus(sink, cwd, p.path, 'error', p.message);
    if (files.length === 0 && problems.length === 0) patternStatus(sink, pattern, 'error', 'no files match');
    for (const path of files) {
      if (signal.aborted) return;
      if (seen.has(path)) continue;
      seen.add(path);
      fileStatus(sink, cwd, path, 'connected', 'reading');
      try {
        const summary = await readFileLines(path, (lines) => sink.lines({ origin: path, lines, format: options.format }), signal, {
          maxLineBytes: options.maxLineBytes,
        });
        if (signal.aborted) return;
        fileStatus(sink, cwd, path, 'done', `read ${summary.lines} lines${summary.gzip ? ' (gzip)' : ''}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        fileStatus(sink, cwd, path, 'error', message.startsWith(path) ? message.slice(path.length + 1) : message);
      }
    }
  }
}

async function follow(options: FileSourceOptions, sink: SourceSink, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  const cwd = options.cwd ?? process.cwd();
  const tailers = new Map<string, FileTailer>();
  const skipped = new Set<string>();
  const watchers: FSWatcher[] = [];
  /** Patterns reported as matching nothing yet. */
  const quietPatterns = new Set<string>();

  const addTailer = (path: string, fp: FilePattern, existedAtStart: boolean): void => {
    if (quietPatterns.delete(fp.pattern)) patternStatus(sink, fp.pattern, 'connected', 'following matching files');
    const tailer = new FileTailer({
      path,
      startAtEnd: existedAtStart && !options.fromStart,
      readExistingGzip: !existedAtStart || options.fromStart === true || fp.kind === 'file',
      forgetWhenRemoved: fp.kind !== 'file',
      maxLineBytes: options.maxLineBytes,
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
    fileStatus(sink, cwd, path, 'connected', 'reading');
    const read = readFileLines(path, (lines) => sink.lines({ origin: path, lines, format: options.format }), signal, {
      maxLineBytes: options.maxLineBytes,
    }).then(
      (summary) => {
        if (!signal.aborted) fileStatus(sink, cwd, path, 'done', `read ${summary.lines} lines${summary.gzip ? ' (gzip)' : ''}`);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        fileStatus(sink, cwd, path, 'error', message.startsWith(path) ? message.slice(path.length + 1) : message);
      },
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
    const watcher = await startWatcher(fp, options.usePolling === true, sink, signal, onEvent(fp));
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

type WatchEvent = 'add' | 'change' | 'unlink';

async function startWatcher(
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
    usePolling,
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
    patternStatus(sink, fp.pattern, 'error', `watching ${fp.base} failed: ${message}`);
  });
  await new Promise<void>((ready) => {
    watcher.once('ready', () => ready());
    signal.addEventListener('abort', () => ready(), { once: true });
  });
  return watcher;
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

/** What logrotate and friends append: `.1`, `.1.gz`, `-20261124`, `.2026-11-24`, `.old`. */
const ROTATION_SUFFIX = /^(?:[.\-_]\d[\d\-_T:.]*|\.old|\.bak)(?:\.gz)?$/;

/** The path among `others` that `path` is a rotated copy of, by name, in the same directory. */
function rotatedSiblingOf(path: string, others: Iterable<string>): string | undefined {
  const dir = dirname(path);
  const name = basename(path);
  for (const other of others) {
    if (other === path || dirname(other) !== dir) continue;
    const base = basename(other);
    if (name.startsWith(base) && ROTATION_SUFFIX.test(name.slice(base.length))) return other;
  }
  return undefined;
}

function remember(set: Set<string>, path: string): void {
  if (set.size >= 10_000) set.clear();
  set.add(path);
}
