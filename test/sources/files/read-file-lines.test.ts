import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineSplitter, readFileLines } from '../../../src/sources/files/index.js';
import { READ_ONCE_CHUNK_BYTES } from '../../../src/sources/files/read-file-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'tlstop-read-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines the reference splitter gives for the same bytes fed in small pieces. */
function reference(bytes: Buffer, maxLineBytes: number): { lines: string[]; truncated: number } {
  const splitter = new LineSplitter({ maxLineBytes });
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 65_536) splitter.push(bytes.subarray(i, i + 65_536), lines);
  splitter.flush(lines);
  return { lines, truncated: splitter.truncatedLines };
}

async function read(path: string, maxLineBytes: number): Promise<{ lines: string[]; truncated: number; batches: number }> {
  const lines: string[] = [];
  let batches = 0;
  const summary = await readFileLines(
    path,
    (batch) => {
      batches++;
      for (const line of batch) lines.push(line);
    },
    new AbortController().signal,
    { maxLineBytes },
  );
  expect(summary.lines).toBe(lines.length);
  return { lines, truncated: summary.truncatedLines, batches };
}

describe('readFileLines over files larger than one read', () => {
  it('gives the same lines as the line splitter: CRLF, empty lines, multi-byte text, cut lines, lines across reads', async () => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 2.5 * READ_ONCE_CHUNK_BYTES; i++) {
      let line: string;
      if (i % 997 === 0)
        line = 'x'.repeat(3000 + (i % 5000)); // longer than the cap below
      else if (i % 101 === 0) line = '';
      else if (i % 53 === 0) line = `{"k":"Zürich ✓ ${i}"}\r`;
      else if (i % 31 === 0) line = '\r';
      else line = `{"eventTimestamp":${i},"connectionStatus":"Success","pad":"${'p'.repeat(i % 700)}"}`;
      parts.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    // No newline at the end: the last line still counts.
    const bytes = Buffer.from(parts.join('\n') + '\nlast line without newline');
    const path = join(dir, 'big.log');
    writeFileSync(path, bytes);
    const ours = await read(path, 4096);
    const ref = reference(bytes, 4096);
    expect(ours.batches).toBeGreaterThan(2);
    expect(ours.lines.length).toBe(ref.lines.length);
    expect(ours.lines).toEqual(ref.lines);
    expect(ours.truncated).toBe(ref.truncated);
    expect(ours.truncated).toBeGreaterThan(0);
  });

  it('keeps one line that spans several reads bounded and marked', async () => {
    const bytes = Buffer.concat([Buffer.from('first\n'), Buffer.alloc(READ_ONCE_CHUNK_BYTES + 10, 0x61), Buffer.from('\nafter\n')]);
    const path = join(dir, 'long.log');
    writeFileSync(path, bytes);
    const ours = await read(path, 1024);
    expect(ours).toMatchObject({ truncated: 1 });
    expect(ours.lines).toEqual(reference(bytes, 1024).lines);
    expect(ours.lines[1]).toBe('a'.repeat(1024) + '\u0000[truncated]');
  });
});
