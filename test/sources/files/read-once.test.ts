import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLineParser, TRUNCATED_LINE_MARK } from '../../../src/parsers/index.js';
import { createFileSource, DEFAULT_MAX_LINE_BYTES, readFileLines, TRUNCATED_MARK } from '../../../src/sources/files/index.js';
import { CollectSink, tempDir } from './collect-sink.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

async function readOnce(patterns: string[]): Promise<CollectSink> {
  const sink = new CollectSink();
  await createFileSource({ patterns, follow: false, cwd: dir }).run(sink, new AbortController().signal);
  return sink;
}

describe('file source, read once (follow: false)', () => {
  it('reads plain files whole, including an unterminated last line, and reports done', async () => {
    writeFileSync(join(dir, 'a.log'), 'one\r\ntwo\nthree');
    const sink = await readOnce(['a.log']);
    expect(sink.all(join(dir, 'a.log'))).toEqual(['one', 'two', 'three']);
    expect(sink.statusOf('a.log')).toMatchObject({ state: 'done', label: 'a.log', mode: 'file' });
  });

  it('reads gzip by its magic bytes, every concatenated member, whatever the name', async () => {
    const gz = Buffer.concat([gzipSync('m1-a\nm1-b\n'), gzipSync('m2-a\n')]);
    writeFileSync(join(dir, 'x.log.gz'), gz);
    writeFileSync(join(dir, 'no-extension'), gz);
    writeFileSync(join(dir, 'plain.gz'), 'not compressed\n');
    const sink = await readOnce(['x.log.gz', 'no-extension', 'plain.gz']);
    expect(sink.all(join(dir, 'x.log.gz'))).toEqual(['m1-a', 'm1-b', 'm2-a']);
    expect(sink.all(join(dir, 'no-extension'))).toEqual(['m1-a', 'm1-b', 'm2-a']);
    expect(sink.all(join(dir, 'plain.gz'))).toEqual(['not compressed']);
    expect(sink.statusOf('x.log.gz')).toMatchObject({ state: 'done', message: 'read 3 lines (gzip)' });
  });

  it('streams a large gzip file in bounded batches', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    writeFileSync(join(dir, 'big.gz'), gzipSync(lines.join('\n') + '\n'));
    const sink = await readOnce(['big.gz']);
    expect(sink.all().length).toBe(200_000);
    expect(sink.all()[199_999]).toBe(lines[199_999]);
    expect(Math.max(...sink.batches.map((b) => b.lines.length))).toBeLessThan(5000);
  });

  it('reports corrupt and truncated gzip with a clear message', async () => {
    const good = gzipSync(Array.from({ length: 200 }, () => randomBytes(20).toString('hex')).join('\n'));
    writeFileSync(join(dir, 'cut.gz'), good.subarray(0, good.length - 20));
    const corrupt = Buffer.from(good);
    corrupt.fill(0x55, 20, 60);
    writeFileSync(join(dir, 'corrupt.gz'), corrupt);
    const sink = await readOnce(['cut.gz', 'corrupt.gz']);
    expect(sink.statusOf('cut.gz')).toMatchObject({ state: 'error', message: expect.stringMatching(/truncated gzip/) });
    expect(sink.statusOf('corrupt.gz')).toMatchObject({ state: 'error', message: expect.stringMatching(/corrupt gzip/) });
  });

  it('reads directories (skipping hidden files) and globs, each file once', async () => {
    mkdirSync(join(dir, 'logs/sub'), { recursive: true });
    writeFileSync(join(dir, 'logs/a.log'), 'a\n');
    writeFileSync(join(dir, 'logs/sub/b.log'), 'b\n');
    writeFileSync(join(dir, 'logs/.hidden.swp'), 'h\n');
    writeFileSync(join(dir, 'logs/sub/c.txt'), 'c\n');
    const sink = await readOnce(['logs', 'logs/**/*.log']);
    expect(sink.all().sort()).toEqual(['a', 'b', 'c']);
    const glob = await readOnce(['logs/*/*.log']);
    expect(glob.all()).toEqual(['b']);
  });

  it('reports unreadable paths clearly and keeps reading the others', async () => {
    writeFileSync(join(dir, 'good.log'), 'fine\n');
    writeFileSync(join(dir, 'file'), 'x');
    execFileSync('mkfifo', [join(dir, 'pipe.log')]);
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.log'));
    const sink = await readOnce(['pipe.log', 'dangling.log', 'file/under', 'missing.log', 'nothing-*.log', 'good.log']);
    expect(sink.all()).toEqual(['fine']);
    expect(sink.statusOf('pipe.log')).toMatchObject({ state: 'error', message: expect.stringMatching(/named pipe \(FIFO\)/) });
    expect(sink.statusOf('dangling.log')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/symbolic link to .*nowhere, which does not exist/),
    });
    expect(sink.statusOf('file/under')).toMatchObject({ state: 'error', message: expect.stringMatching(/is a file, not a directory/) });
    expect(sink.statusOf('missing.log')).toMatchObject({ state: 'error', message: 'does not exist' });
    expect(sink.statusOf('nothing-*.log')).toMatchObject({ state: 'error', message: 'no files match' });
    expect(sink.statusOf('good.log')).toMatchObject({ state: 'done' });
  });

  it('reports a FIFO and a directory matched by a glob', async () => {
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd/ok.log'), 'ok\n');
    execFileSync('mkfifo', [join(dir, 'd/fifo.log')]);
    mkdirSync(join(dir, 'd/dir.log'));
    const sink = await readOnce(['d/*.log']);
    expect(sink.all()).toEqual(['ok']);
    expect(sink.statusOf('d/fifo.log')).toMatchObject({ state: 'error' });
  });

  it('cuts an enormous line at the cap and marks it, then carries on', async () => {
    writeFileSync(join(dir, 'huge.log'), Buffer.concat([Buffer.alloc(5 * 1024 * 1024, 0x41), Buffer.from('\nafter\n')]));
    const sink = new CollectSink();
    await createFileSource({ patterns: ['huge.log'], follow: false, cwd: dir, maxLineBytes: 1024 }).run(sink, new AbortController().signal);
    expect(sink.all()).toEqual(['A'.repeat(1024) + TRUNCATED_MARK, 'after']);
  });

  it('hands a runaway line to the real parser as line-too-long, with the default cap', async () => {
    const json = JSON.stringify({ connectionStatus: 'Success', padding: 'x'.repeat(3 * 1024 * 1024) });
    writeFileSync(join(dir, 'runaway.log'), json + '\n');
    const sink = await readOnce(['runaway.log']);
    const [only] = sink.all();
    expect(sink.all()).toHaveLength(1);
    expect(Buffer.byteLength(only!)).toBeLessThanOrEqual(DEFAULT_MAX_LINE_BYTES + TRUNCATED_MARK.length);
    expect(TRUNCATED_MARK).toBe(TRUNCATED_LINE_MARK);
    expect(createLineParser().parse(only!)).toEqual({ type: 'malformed', reason: 'line-too-long' });
  });

  it('readFileLines rejects with the reason for a directory', async () => {
    await expect(readFileLines(dir, () => undefined, new AbortController().signal)).rejects.toThrow(/is a directory/);
  });

  it('stops early when aborted', async () => {
    writeFileSync(join(dir, 'a.log'), 'x\n'.repeat(500_000));
    const controller = new AbortController();
    const sink = new CollectSink();
    const origLines = sink.lines.bind(sink);
    sink.lines = (batch) => {
      origLines(batch);
      controller.abort();
    };
    await createFileSource({ patterns: ['a.log'], follow: false, cwd: dir }).run(sink, controller.signal);
    expect(sink.batches.length).toBe(1);
  });
});
