import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, renameSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileSource, type FileSourceOptions } from '../../../src/sources/files/index.js';
import { expectQuietFor, waitFor } from '../../helpers/wait-for.js';
import { CollectSink, tempDir } from './collect-sink.js';
import { watchersCreated, watchersReady } from './watcher-ready.js';

vi.mock('chokidar', async (importOriginal) => (await import('./watcher-ready.js')).countingReady(await importOriginal()));

let dir: string;
let cleanup: () => void;
let stops: (() => Promise<void>)[] = [];
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(async () => {
  await Promise.all(stops.map((stop) => stop()));
  stops = [];
  cleanup();
});

/**
 * Starts following; resolves once the source has reported on every initial file and the
 * watcher of each argument (`watchers`: all of them unless some wait for their directory)
 * is ready.
 */
async function follow(
  options: Omit<FileSourceOptions, 'cwd'>,
  expectStatuses = 1,
  watchers = options.patterns.length,
): Promise<CollectSink> {
  const sink = new CollectSink();
  const controller = new AbortController();
  const since = watchersCreated();
  const running = createFileSource({ ...options, cwd: dir }).run(sink, controller.signal);
  stops.push(async () => {
    controller.abort();
    await running;
  });
  await waitFor(() => sink.statuses.size >= expectStatuses, 'initial statuses');
  await waitFor(() => watchersReady(since, watchers), `${watchers} chokidar watchers to be ready`);
  return sink;
}

const p = (name: string): string => join(dir, name);

describe('file source, follow mode', () => {
  it('starts at the end of existing files and keeps a partial line until its newline', async () => {
    writeFileSync(p('a.log'), 'old 1\nold 2\n');
    const sink = await follow({ patterns: ['a.log'] });
    appendFileSync(p('a.log'), 'new 1\nnew');
    await waitFor(() => sink.all().length === 1, 'first new line');
    expect(sink.all()).toEqual(['new 1']);
    appendFileSync(p('a.log'), ' 2\r\n');
    await waitFor(() => sink.all().length === 2, 'completed line');
    expect(sink.all()).toEqual(['new 1', 'new 2']);
    expect(sink.batches[0]).toMatchObject({ origin: p('a.log') });
    expect(sink.statusOf('a.log')).toMatchObject({ state: 'connected', mode: 'file' });
  });

  it('with fromStart reads existing content first', async () => {
    writeFileSync(p('a.log'), 'old 1\nold 2\n');
    const sink = await follow({ patterns: ['a.log'], fromStart: true });
    appendFileSync(p('a.log'), 'new\n');
    await waitFor(() => sink.all().length === 3, 'all lines');
    expect(sink.all()).toEqual(['old 1', 'old 2', 'new']);
  });

  it('skips the rest of a line it started in the middle of', async () => {
    writeFileSync(p('a.log'), 'whole\nhalf of a li');
    const sink = await follow({ patterns: ['a.log'] });
    appendFileSync(p('a.log'), 'ne\nnext\n');
    await waitFor(() => sink.all().length >= 1, 'a line');
    await expectQuietFor(100, () => expect(sink.all()).toEqual(['next']));
  });

  it('handles truncation, also when refilled past the old offset before it is seen', async () => {
    writeFileSync(p('a.log'), '');
    const sink = await follow({ patterns: ['a.log'] });
    appendFileSync(p('a.log'), 'before 1\nbefore 2\n');
    await waitFor(() => sink.all().length === 2, 'lines before truncation');
    truncateSync(p('a.log'), 0);
    appendFileSync(p('a.log'), 'after\n');
    await waitFor(() => sink.all().length === 3, 'line after truncation');
    // Same inode, truncated and refilled with more bytes than were read, in one step.
    writeFileSync(p('a.log'), 'refilled 1 is longer than what was there\nrefilled 2\n');
    await waitFor(() => sink.all().length === 5, 'refilled lines');
    expect(sink.all()).toEqual(['before 1', 'before 2', 'after', 'refilled 1 is longer than what was there', 'refilled 2']);
  });

  it('drains a renamed file to its end, then reads the new one from its start', async () => {
    writeFileSync(p('a.log'), '');
    const sink = await follow({ patterns: ['a.log'] });
    appendFileSync(p('a.log'), 'one\n');
    await waitFor(() => sink.all().length === 1, 'first line');
    appendFileSync(p('a.log'), 'two\nthree\n');
    renameSync(p('a.log'), p('a.log.1'));
    writeFileSync(p('a.log'), 'four\n');
    await waitFor(() => sink.all().length === 4, 'lines across rotation');
    expect(sink.all()).toEqual(['one', 'two', 'three', 'four']);
  });

  it('follows delete and re-creation of a named file', async () => {
    writeFileSync(p('a.log'), '');
    const sink = await follow({ patterns: ['a.log'] });
    appendFileSync(p('a.log'), 'one\n');
    await waitFor(() => sink.all().length === 1, 'first line');
    unlinkSync(p('a.log'));
    await waitFor(() => sink.statusOf('a.log')?.message?.includes('removed') === true, 'removed status');
    writeFileSync(p('a.log'), 'two\n');
    await waitFor(() => sink.all().length === 2, 're-created file');
    expect(sink.all()).toEqual(['one', 'two']);
    expect(sink.statusOf('a.log')).toMatchObject({ state: 'connected', message: undefined });
  });

  it('reads a named file that appears later from its start', async () => {
    const sink = await follow({ patterns: ['later.log'] });
    expect(sink.statusOf('later.log')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/does not exist; will read it when it appears/),
    });
    writeFileSync(p('later.log'), 'first\n');
    await waitFor(() => sink.all().length === 1, 'line of the new file');
    expect(sink.statusOf('later.log')).toMatchObject({ state: 'connected' });
  });

  it('picks up new files in a watched directory and glob, but not rotated copies', async () => {
    mkdirSync(p('logs'));
    writeFileSync(p('logs/app.log'), 'existing\n');
    const sink = await follow({ patterns: ['logs', '*.txt'] });
    writeFileSync(p('logs/new.log'), 'new in dir\n');
    writeFileSync(p('other.txt'), 'new by glob\n');
    writeFileSync(p('other.csv'), 'not matched\n');
    await waitFor(() => sink.all().length === 2, 'lines of new files');
    appendFileSync(p('logs/app.log'), 'appended\n');
    await waitFor(() => sink.all().length === 3, 'appended line');
    // Rename rotation inside the directory: the renamed file is not read a second time.
    renameSync(p('logs/app.log'), p('logs/app.log.1'));
    writeFileSync(p('logs/app.log'), 'after rotation\n');
    // copytruncate-style copy next to it: not read either.
    writeFileSync(p('logs/new.log-20261124'), 'new in dir\n');
    await waitFor(() => sink.all().length === 4, 'line after rotation');
    await expectQuietFor(400, () => expect(sink.all().sort()).toEqual(['after rotation', 'appended', 'new by glob', 'new in dir']));
  });

  it('leaves existing rotated copies alone (or reads them once with fromStart) and reads a rotating directory exactly once', async () => {
    mkdirSync(p('logs'));
    writeFileSync(p('logs/app.log'), 'live 0\n');
    writeFileSync(p('logs/app.log.1'), 'rotated 1\n');
    writeFileSync(p('logs/app.log.2.gz'), gzipSync('rotated 2\n'));
    const sink = await follow({ patterns: ['logs'] }, 3);
    expect(sink.statusOf('app.log.1')).toMatchObject({ state: 'done', message: expect.stringMatching(/rotated copy of app.log/) });
    let expected: string[] = [];
    for (let round = 1; round <= 3; round += 1) {
      appendFileSync(p('logs/app.log'), `live ${round}a\n`);
      await waitFor(() => sink.all().length === expected.length + 1, `line of round ${round}`);
      appendFileSync(p('logs/app.log'), `live ${round}b\n`);
      renameSync(p('logs/app.log.1'), p('logs/app.log.2'));
      renameSync(p('logs/app.log'), p('logs/app.log.1'));
      writeFileSync(p('logs/app.log'), `live ${round}c\n`);
      expected = [...expected, `live ${round}a`, `live ${round}b`, `live ${round}c`];
      await waitFor(() => sink.all().length === expected.length, `lines of round ${round}`);
    }
    await expectQuietFor(300, () => expect(sink.all()).toEqual(expected));

    writeFileSync(p('logs/app.log.3'), 'rotated 3\n');
    const fromStart = await follow({ patterns: ['logs'], fromStart: true }, 5);
    // app.log holds 3c; app.log.1 holds 2c, 3a, 3b; app.log.2 holds 1c, 2a, 2b.
    const everything = ['live 3c', 'live 2c', 'live 3a', 'live 3b', 'live 1c', 'live 2a', 'live 2b', 'rotated 2', 'rotated 3'];
    await waitFor(() => fromStart.all().length === everything.length, 'everything once');
    await expectQuietFor(300, () => expect(fromStart.all().sort()).toEqual(everything.sort()));
  });

  it('with a line clock and fromStart, reads the rotated copies first, merged by event time, then the followed file', async () => {
    mkdirSync(p('logs'));
    const lines = (from: number) => Array.from({ length: 3 }, (_, i) => `t=${from + i}`);
    // By name the date-suffixed copy sorts after app.log.2.gz; by time it is the oldest.
    writeFileSync(p('logs/app.log-20261124'), `${lines(100).join('\n')}\n`);
    writeFileSync(p('logs/app.log.2.gz'), gzipSync(`${lines(200).join('\n')}\n`));
    writeFileSync(p('logs/app.log.1'), `${lines(300).join('\n')}\n`);
    writeFileSync(p('logs/app.log'), `${lines(400).join('\n')}\n`);
    const lineClock = () => (line: string) => (line.startsWith('t=') ? Number(line.slice(2)) : null);
    const sink = await follow({ patterns: ['logs'], fromStart: true, lineClock }, 4);
    const inOrder = [...lines(100), ...lines(200), ...lines(300), ...lines(400)];
    await waitFor(() => sink.all().length === inOrder.length, 'every line of history');
    expect(sink.all()).toEqual(inOrder);
    appendFileSync(p('logs/app.log'), 't=500\n');
    await waitFor(() => sink.all().length === inOrder.length + 1, 'the appended line');
    await expectQuietFor(300, () => expect(sink.all()).toEqual([...inOrder, 't=500']));
  });

  it('reads a new .gz file whole once, and skips gzip files present at start unless fromStart', async () => {
    mkdirSync(p('gz'));
    writeFileSync(p('gz/old.log.gz'), gzipSync('old\n'));
    const sink = await follow({ patterns: ['gz'] });
    expect(sink.statusOf('old.log.gz')).toMatchObject({ state: 'done', message: expect.stringMatching(/--from-start/) });
    writeFileSync(p('gz/new.log.gz'), Buffer.concat([gzipSync('n1\nn2\n'), gzipSync('n3\n')]));
    await waitFor(() => sink.statusOf('new.log.gz')?.state === 'done', 'gzip read');
    expect(sink.all()).toEqual(['n1', 'n2', 'n3']);
    expect(sink.statusOf('new.log.gz')?.message).toBe('read 3 lines (gzip)');

    const fromStart = await follow({ patterns: ['gz'], fromStart: true }, 2);
    await waitFor(() => fromStart.all().length === 4, 'all gzip lines');
    expect(fromStart.all().sort()).toEqual(['n1', 'n2', 'n3', 'old']);
  });

  it('reports unreadable paths while the other files keep flowing', async () => {
    writeFileSync(p('good.log'), '');
    writeFileSync(p('file'), 'x');
    execFileSync('mkfifo', [p('pipe.log')]);
    symlinkSync(p('nowhere'), p('dangling.log'));
    mkdirSync(p('d'));
    execFileSync('mkfifo', [p('d/fifo.log')]);
    const sink = await follow({ patterns: ['pipe.log', 'dangling.log', 'file/under', 'd/*.log', 'good.log'] }, 5);
    appendFileSync(p('good.log'), 'flowing\n');
    await waitFor(() => sink.all().length === 1, 'good line');
    expect(sink.statusOf('/pipe.log')).toMatchObject({ state: 'error', message: expect.stringMatching(/FIFO/) });
    expect(sink.statusOf('d/fifo.log')).toMatchObject({ state: 'error', message: expect.stringMatching(/FIFO/) });
    expect(sink.statusOf('dangling.log')).toMatchObject({ state: 'error', message: expect.stringMatching(/symbolic link/) });
    expect(sink.statusOf('file/under')).toMatchObject({ state: 'error', message: expect.stringMatching(/not a directory/) });
    expect(sink.statusOf('good.log')).toMatchObject({ state: 'connected' });
  });

  it('waits for the directory of a glob to be created, then reads new files from their start', async () => {
    const sink = await follow({ patterns: ['later/*.log'] }, 1, 0); // no watcher until the directory exists
    expect(sink.statusOf('later/*.log')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/does not exist; watching for it/),
    });
    mkdirSync(p('later'));
    writeFileSync(p('later/x.log'), 'one\n');
    await waitFor(() => sink.all().length === 1, 'line of a file in the new directory', 15_000);
    expect(sink.statusOf('later/*.log')).toMatchObject({ state: 'connected', message: 'following matching files' });
    appendFileSync(p('later/x.log'), 'two\n');
    await waitFor(() => sink.all().length === 2, 'appended line');
  });

  it('works with polling (network file systems)', async () => {
    writeFileSync(p('a.log'), '');
    const sink = await follow({ patterns: ['a.log'], usePolling: true });
    appendFileSync(p('a.log'), 'polled\n');
    await waitFor(() => sink.all().length === 1, 'polled line');
  });

  it('stops on abort and releases every watcher and descriptor', async () => {
    const fdCount = (): number => readdirSync('/proc/self/fd').length;
    const before = fdCount();
    mkdirSync(p('logs'));
    for (let i = 0; i < 20; i += 1) writeFileSync(p(`logs/f${i}.log`), 'x\n');
    const sink = await follow({ patterns: ['logs', 'logs/*.log'] }, 20);
    expect(fdCount()).toBeGreaterThan(before + 10);
    await Promise.all(stops.map((stop) => stop()));
    stops = [];
    await waitFor(() => fdCount() <= before, 'descriptors released');
    const batches = sink.batches.length;
    appendFileSync(p('logs/f1.log'), 'after stop\n');
    await expectQuietFor(200, () => expect(sink.batches.length).toBe(batches));
  });
});
