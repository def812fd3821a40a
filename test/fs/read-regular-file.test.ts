import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { formatByteLimit, readRegularFileSync, readRegularTextFileSync, UnreadableFileError } from '../../src/fs/read-regular-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tlstop-bounded-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string, maxBytes = 1024): UnreadableFileError {
  const started = performance.now();
  try {
    readRegularFileSync(path, maxBytes);
  } catch (error) {
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(UnreadableFileError);
    return error as UnreadableFileError;
  }
  throw new Error(`${path} was read`);
}

describe('readRegularFileSync', () => {
  it('reads a regular file, and one through a symlink, up to and including the limit', () => {
    const path = join(dir, 'plain.json');
    writeFileSync(path, '{"a":1}');
    expect(readRegularTextFileSync(path, 7)).toBe('{"a":1}');
    const link = join(dir, 'link.json');
    symlinkSync(path, link);
    expect(readRegularTextFileSync(link, 1024)).toBe('{"a":1}');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    expect(readRegularFileSync(empty, 10).length).toBe(0);
  });

  it('refuses /dev/zero, a FIFO, a directory and a file over the limit, at once and saying why', () => {
    expect(refusal('/dev/zero').reason).toBe('a character device, not a regular file');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo).reason).toBe('a FIFO, not a regular file');
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(refusal(sub).reason).toBe('a directory, not a regular file');
    const big = join(dir, 'big');
    writeFileSync(big, Buffer.alloc(1025, 0x20));
    expect(refusal(big, 1024).reason).toBe('larger than 1 KiB');
    expect(refusal(join(dir, 'missing')).reason).toBe('file not found');
    const loop = join(dir, 'loop');
    symlinkSync(loop, loop);
    expect(refusal(loop).reason).toBe('too many levels of symbolic links');
  });

  it('names limits readably', () => {
    expect(formatByteLimit(1024 * 1024)).toBe('1 MiB');
    expect(formatByteLimit(4 * 1024 * 1024)).toBe('4 MiB');
    expect(formatByteLimit(1000)).toBe('1000 bytes');
  });
});
