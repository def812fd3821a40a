/**
 * Plain-language messages for the ways a local path can fail to be a readable file,
 * and an open that never blocks (a FIFO opened for reading would wait for a writer).
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, type FileHandle } from 'node:fs/promises';

/** Message for a path that exists but is not a regular file, or undefined when it is one. */
export function describeNonFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a directory, not a file';
  if (stats.isFIFO()) return 'is a named pipe (FIFO); tlstop reads regular files only';
  if (stats.isSocket()) return 'is a socket; tlstop reads regular files only';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device; tlstop reads regular files only';
  return 'is not a regular file';
}

/** True for the errors that mean the process (or the system) has no descriptor left. */
export function isOutOfDescriptors(code: string | undefined): boolean {
  return code === 'EMFILE' || code === 'ENFILE';
}

/** Message for a failed file system call on `path` (stat, open, read). */
export async function describeFileError(error: unknown, path: string): Promise<string> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': {
      const target = await danglingTarget(path);
      return target !== undefined ? `is a symbolic link to ${target}, which does not exist` : 'does not exist';
    }
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: run tlstop as a user that can read it, or fix its permissions';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ELOOP':
      return 'has too many levels of symbolic links (a link loop?)';
    case 'EMFILE':
    case 'ENFILE':
      return 'cannot be opened: too many open files (raise `ulimit -n` or watch fewer files)';
    case 'EIO':
      return 'cannot be read: input/output error from the disk or network file system';
    case 'ENAMETOOLONG':
      return 'has a name that is too long';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `cannot be read: ${message}`;
    }
  }
}

async function danglingTarget(path: string): Promise<string | undefined> {
  try {
    const link = await lstat(path);
    if (!link.isSymbolicLink()) return undefined;
    return await readlink(path);
  } catch {
    return undefined;
  }
}

/** Result of {@link openRegularFile}: an open handle and its stats, or why it is not readable. */
export type OpenResult = { ok: true; handle: FileHandle; stats: Stats } | { ok: false; message: string; code?: string };

/**
 * Opens `path` read-only without ever blocking (O_NONBLOCK, so a FIFO does not wait for a
 * writer) and checks that what was opened is a regular file. Never throws.
 */
export async function openRegularFile(path: string): Promise<OpenResult> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: await describeFileError(error, path), code: (error as NodeJS.ErrnoException).code };
  }
  try {
    const stats = await handle.stat();
    const problem = describeNonFile(stats);
    if (problem === undefined) return { ok: true, handle, stats };
    await handle.close().catch(() => undefined);
    return { ok: false, message: problem };
  } catch (error) {
    await handle.close().catch(() => undefined);
    return { ok: false, message: await describeFileError(error, path) };
  }
}
