/**
 * Local file sources: follow (tail) or read once files, directories and globs, plain or
 * gzip. See `createFileSource`.
 */
export { createFileSource, type FileSourceOptions } from './file-source.js';
export type { LineClock } from './file-source-options.js';
export { fileStatusId, patternStatusId } from './file-status.js';
export { readFileLines, isGzipMagic, type ReadSummary, type ReadOptions } from './read-file-lines.js';
export { LineSplitter, TRUNCATED_MARK, DEFAULT_MAX_LINE_BYTES, type LineSplitterOptions } from './line-splitter.js';
export { planGlob, hasGlob, type GlobPlan } from './glob.js';
