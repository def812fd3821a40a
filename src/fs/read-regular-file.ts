/**
 * Reading a small file the user named (a theme, a public-key list) without trusting what
 * the name points at: only a regular file is read, never more than a size limit, and
 * nothing can block. `/dev/zero` would otherwise grow without end and a FIFO would wait
 * forever for a writer.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Why a file was not read, in words fit for one line after the path. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';

  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(reason);
  }
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'file not found',
  ENOTDIR: 'file not found (a part of the path is not a directory)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EISDIR: 'a directory, not a file',
};

/** What a failed fs call means, in a few words (`permission denied`), from its errno code. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const words = code ? ERRNO_WORDS[code] : undefined;
  return words ?? (code ? `cannot read it (${code})` : String((error as Error)?.message ?? error));
}

function fromErrno(path: string, error: unknown): UnreadableFileError {
  return new UnreadableFileError(path, describeFsError(error), (error as NodeJS.ErrnoException)?.code);
}

/** `a directory`, `a FIFO`, `a character device`, ... for what is not a regular file. */
export function describeFileKind(info: Stats): string {
  if (info.isFile()) return 'a regular file';
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'an unknown kind of file';
}

/** `1 MiB`, `4 MiB`, `512 KiB`, `100 bytes`. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function notRegular(path: string, info: Stats): UnreadableFileError {
  return new UnreadableFileError(path, `${describeFileKind(info)}, not a regular file`, 'ENOTREG');
}

function tooLarge(path: string, maxBytes: number): UnreadableFileError {
  return new UnreadableFileError(path, `larger than ${formatByteLimit(maxBytes)}`, 'EFBIG');
}

/**
 * Read the regular file at `path`, at most `maxBytes`; throws UnreadableFileError saying
 * why otherwise. Symlinks to a regular file are followed. Whatever stands at the path is
 * looked at before it is opened (a device is never opened), opened non-blocking (a FIFO
 * swapped in meanwhile cannot block), and checked again on the open descriptor.
 */
export function readRegularFileSync(path: string, maxBytes: number): Buffer {
  let before: Stats;
  try {
    before = statSync(path);
  } catch (error) {
    throw fromErrno(path, error);
  }
  if (!before.isFile()) throw notRegular(path, before);
  if (before.size > maxBytes) throw tooLarge(path, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw fromErrno(path, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notRegular(path, info);
    if (info.size > maxBytes) throw tooLarge(path, maxBytes);
    // Room for one byte past the limit, so a file that grows while it is read is caught.
    let buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(path, maxBytes);
        // It grew past what fstat said but is still under the limit: make room and read on.
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) return buffer.subarray(0, length);
      length += n;
    }
  } catch (error) {
    throw error instanceof UnreadableFileError ? error : fromErrno(path, error);
  } finally {
    closeSync(fd);
  }
}

/** readRegularFileSync as UTF-8 text. */
export function readRegularTextFileSync(path: string, maxBytes: number): string {
  return readRegularFileSync(path, maxBytes).toString('utf8');
}
