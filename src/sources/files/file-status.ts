/**
 * How the file source names and reports its parts on `sink.status`: one status per file
 * (`file:<absolute path>`) and one per `--file` argument that needs a word of its own.
 */
import { isAbsolute, relative } from 'node:path';
import type { FormatHint, SourceSink, SourceState } from '../types.js';
import { readFileLines, type ReadOptions } from './read-file-lines.js';

/** Status id of one file. */
export function fileStatusId(path: string): string {
  return `file:${path}`;
}

/** Status id of one `--file` argument (no match, missing directory, watcher failure). */
export function patternStatusId(pattern: string): string {
  return `file-pattern:${pattern}`;
}

/** A path relative to `cwd` when it is inside it, else absolute: the label users see. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Reports the status of one file. */
export function fileStatus(sink: SourceSink, cwd: string, path: string, state: SourceState, message?: string): void {
  sink.status({ id: fileStatusId(path), label: displayPath(path, cwd), state, mode: 'file', message });
}

/** Reports the status of one `--file` argument. */
export function patternStatus(sink: SourceSink, pattern: string, state: SourceState, message: string): void {
  sink.status({ id: patternStatusId(pattern), label: pattern, state, mode: 'file', message });
}

/** What {@link readWholeFile} needs besides the path. */
export interface WholeFileContext {
  sink: SourceSink;
  cwd: string;
  signal: AbortSignal;
  format?: FormatHint;
  maxLineBytes?: number;
  /** Bytes per read of a plain file, and what holds the reader back (see ReadOptions). */
  chunkBytes?: number;
  holdBack?: ReadOptions['holdBack'];
}

/**
 * Reads one file to its end (plain or gzip) into the sink, with `connected` then `done` or
 * `error`. Never throws. `deliver` replaces the sink for the lines (the statuses still go
 * to the sink): the time-ordered read hands them on itself.
 */
export async function readWholeFile(path: string, context: WholeFileContext, deliver?: (lines: string[]) => void): Promise<void> {
  const { sink, cwd, signal, format, maxLineBytes, chunkBytes, holdBack } = context;
  fileStatus(sink, cwd, path, 'connected', 'reading');
  try {
    const onBatch = deliver ?? ((lines: string[]) => sink.lines({ origin: path, lines, format }));
    const summary = await readFileLines(path, onBatch, signal, { maxLineBytes, chunkBytes, holdBack });
    if (!signal.aborted) fileStatus(sink, cwd, path, 'done', `read ${summary.lines} lines${summary.gzip ? ' (gzip)' : ''}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fileStatus(sink, cwd, path, 'error', message.startsWith(path) ? message.slice(path.length + 1) : message);
  }
}
