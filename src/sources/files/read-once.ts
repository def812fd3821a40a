/**
 * Non-follow mode (`tlstop report`, `tlstop events` without `--follow`): every matched
 * file read to its end once, each file once even when several arguments match it: in
 * the order named (arguments in order, each one's matches by path), or, with a line
 * clock, merged by event time (read-in-time-order.ts).
 */
import type { SourceSink } from '../types.js';
import { defaultDescriptorBudget } from './descriptor-budget.js';
import type { FileSourceOptions } from './file-source-options.js';
import { listFilePattern, resolveFilePattern } from './file-patterns.js';
import { fileStatus, patternStatus, readWholeFile } from './file-status.js';
import { readInTimeOrder } from './read-in-time-order.js';

/** Reads every file the options match, then resolves. Faults are reported per file. */
export async function readAllOnce(options: FileSourceOptions, sink: SourceSink, signal: AbortSignal): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const context = { sink, cwd, signal, format: options.format, maxLineBytes: options.maxLineBytes };
  const paths = await matchedFiles(options, sink, cwd, signal);
  if (options.lineClock !== undefined) {
    const maxOpen = options.maxOpenFiles ?? defaultDescriptorBudget();
    await readInTimeOrder(paths, { ...context, clockFor: options.lineClock, maxOpen });
    return;
  }
  for (const path of paths) {
    if (signal.aborted) return;
    await readWholeFile(path, context);
  }
}

/** The files the patterns match, each once, in the order named; problems are reported as they are found. */
async function matchedFiles(options: FileSourceOptions, sink: SourceSink, cwd: string, signal: AbortSignal): Promise<string[]> {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const pattern of options.patterns) {
    if (signal.aborted) break;
    const fp = await resolveFilePattern(pattern, cwd);
    const { files, problems } = await listFilePattern(fp);
    for (const p of problems) fileStatus(sink, cwd, p.path, 'error', p.message);
    if (files.length === 0 && problems.length === 0) patternStatus(sink, pattern, 'error', 'no files match');
    for (const path of files) {
      if (seen.has(path)) continue;
      seen.add(path);
      paths.push(path);
    }
  }
  return paths;
}
