/**
 * What a `--file` argument means: one file, a directory (every non-hidden file below it),
 * or a glob. Resolves each to the directory to watch and a matcher, and lists the
 * matches that exist now.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describeFileError, describeNonFile } from './file-errors.js';
import { hasGlob, planGlob } from './glob.js';

/** Deepest directory level walked below a directory or `**` pattern. */
const MAX_WALK_DEPTH = 32;

/** A `--file` argument, resolved. */
export interface FilePattern {
  /** The argument as given. */
  pattern: string;
  kind: 'file' | 'dir' | 'glob';
  /** Absolute directory to watch. */
  base: string;
  /** Directory levels below `base` that can match; undefined for unbounded. */
  depth: number | undefined;
  /** True when an absolute path is one this argument names. */
  matches(path: string): boolean;
  /** For `kind: 'file'`: the absolute path. */
  file?: string;
}

/** A path that matched but cannot be read as a file (a FIFO in a watched directory...). */
export interface PathProblem {
  path: string;
  message: string;
}

/** Resolves one argument against `cwd`; a path that does not exist (yet) counts as a file. */
export async function resolveFilePattern(pattern: string, cwd: string): Promise<FilePattern> {
  if (hasGlob(pattern)) {
    const plan = planGlob(pattern, cwd);
    return { pattern, kind: 'glob', base: plan.base, depth: plan.depth, matches: plan.matches };
  }
  const path = resolve(cwd, pattern);
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    isDir = false;
  }
  if (isDir) {
    const prefix = path === sep ? sep : path + sep;
    return {
      pattern,
      kind: 'dir',
      base: path,
      depth: undefined,
      matches: (p) =>
        p.startsWith(prefix) &&
        !relative(path, p)
          .split(sep)
          .some((s) => s.startsWith('.')),
    };
  }
  return { pattern, kind: 'file', base: dirname(path), depth: 0, matches: (p) => p === path, file: path };
}

/** The files an argument matches now (sorted), and matched paths that are not regular files. */
export async function listFilePattern(fp: FilePattern): Promise<{ files: string[]; problems: PathProblem[] }> {
  if (fp.file !== undefined) return { files: [fp.file], problems: [] };
  const files: string[] = [];
  const problems: PathProblem[] = [];
  await walk(fp, fp.base, 0, files, problems);
  files.sort();
  return { files, problems };
}

async function walk(fp: FilePattern, dir: string, level: number, files: string[], problems: PathProblem[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (level === 0) problems.push({ path: dir, message: await describeFileError(error, dir) });
    return;
  }
  const maxLevel = Math.min(fp.depth ?? MAX_WALK_DEPTH, MAX_WALK_DEPTH);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (fp.kind === 'dir' && entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      // Symbolic links to directories are not followed: no loops.
      if (level < maxLevel) await walk(fp, path, level + 1, files, problems);
      continue;
    }
    if (!fp.matches(path)) continue;
    if (entry.isFile()) {
      files.push(path);
      continue;
    }
    try {
      const stats = await stat(path);
      if (stats.isDirectory()) continue;
      const problem = describeNonFile(stats);
      if (problem === undefined) files.push(path);
      else problems.push({ path, message: problem });
    } catch (error) {
      problems.push({ path, message: await describeFileError(error, path) });
    }
  }
}
