/**
 * Whether a path the user named as a directory (`--local DIR`) is one that can be listed.
 * A typo must be an error, not an empty directory that "validates" with nothing in it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { describeFileKind, describeFsError } from './read-regular-file.js';

/**
 * null when `path` is (or is a symlink to) a directory this process may list and enter;
 * otherwise why not, in a few words: `no such directory`, `a regular file, not a
 * directory`, `too many levels of symbolic links`, `permission denied`.
 */
export function readableDirectoryProblem(path: string): string | null {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'no such directory' : describeFsError(error);
  }
  if (!info.isDirectory()) return `${describeFileKind(info)}, not a directory`;
  try {
    accessSync(path, constants.R_OK | constants.X_OK);
  } catch (error) {
    return describeFsError(error);
  }
  return null;
}
