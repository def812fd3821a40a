/**
 * Non-follow mode (`tlstop report`, `tlstop events` without `--follow`): every matched
 * file read to its end once, in order, each file once even when several arguments match it.
 */
import type { SourceSink } from '../types.js';
import type { FileSourceOptions } from './file-source-options.js';
import { listFilePattern, resolveFilePattern } from './file-patterns.js';
import { fileStatus, patternStatus, readWholeFile } from './file-status.js';

/** Reads every file the options match, then resolves. Faults are reported per file. */
export async function readAllOnce(options: FileSourceOptions, sink: SourceSink, signal: AbortSignal): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const context = { sink, cwd, signal, format: options.format, maxLineBytes: options.maxLineBytes };
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
      await readWholeFile(path, context);
    }
  }
}
