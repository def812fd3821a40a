/**
 * Issue 9: names that come from outside reach stderr escaped, and `report` and `events`
 * agree on unreadable inputs.
 *
 * - A FIFO named `ESC]0;…BEL ESC[2J` in a scanned directory retitled and cleared the user's
 *   terminal when `report` or `events` named it on stderr.
 * - `events` exited 0 with an unreadable input where `report` exited 2.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bufferIo } from './buffer-io.js';

const TITLE = '\x1b]0;PWNED\x07\x1b[2J';
const TITLE_SHOWN = '\\x1b]0;PWNED\\x07\\x1b[2J';
const LINE = JSON.stringify({
  eventTimestamp: 1731620046814,
  connectionId: 'c1',
  connectionStatus: 'Failed:ClientCertExpired',
  distributionId: 'E1READABLE',
  tlsHandshakeDuration: 12,
});
const asRoot = process.getuid?.() === 0;

let dir: string;
let hostile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-unreadable-'));
  hostile = join(dir, 'scanned');
  await mkdir(hostile);
  await writeFile(join(hostile, 'good.log'), LINE + '\n');
  // A real FIFO: tlstop refuses it (reading would block) and names it.
  execFileSync('mkfifo', [join(hostile, `fifo${TITLE}.log`)]);
  // A regular file that cannot be read: mode 000 (unreadable unless root) ...
  const locked = join(hostile, `locked${TITLE}.log`);
  await writeFile(locked, LINE + '\n');
  await chmod(locked, 0o000);
  // ... and one that cannot be read even by root: gzip cut short.
  await writeFile(join(hostile, `cut${TITLE}.log.gz`), gzipSync(Buffer.from(LINE.repeat(50) + '\n')).subarray(0, 30));
});
afterAll(async () => {
  await chmod(join(hostile, `locked${TITLE}.log`), 0o600).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/** No byte that a terminal executes: ESC, BEL, CSI, nor any other C0/C1 control but the line ends. */
function expectNoControl(text: string): void {
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
}

describe('file names on stderr (issue 9)', () => {
  for (const command of ['report', 'events'] as const) {
    it(`${command} --file DIR names a hostile FIFO and unreadable files escaped`, async () => {
      const io = bufferIo();
      const status = await main([command, '--file', hostile], io);
      const err = io.err();
      expectNoControl(err);
      expectNoControl(io.out());
      expect(err).toContain(`fifo${TITLE_SHOWN}.log`);
      expect(err).toContain(`cut${TITLE_SHOWN}.log.gz`);
      if (!asRoot) expect(err).toContain(`locked${TITLE_SHOWN}.log`);
      expect(io.out()).toContain('E1READABLE');
      expect(status).toBe(2);
    });
  }

  it('a hostile option name (a file name a glob expanded into an option) is escaped too', async () => {
    for (const command of ['report', 'events']) {
      const io = bufferIo();
      expect(await main([command, `--x${TITLE}`], io)).toBe(2);
      expectNoControl(io.err());
      expect(io.err()).toContain(TITLE_SHOWN);
    }
    const io = bufferIo();
    expect(await main([`cmd${TITLE}`], io)).toBe(2);
    expectNoControl(io.err());
    expect(io.err()).toContain(`cmd${TITLE_SHOWN}`);
  });
});

describe('report and events agree on unreadable inputs (issue 9)', () => {
  it('both print what they could read, name what they could not, and exit 2', async () => {
    const readable = join(dir, 'readable.log');
    await writeFile(readable, LINE + '\n');
    const inputs = ['--file', readable, '--file', join(dir, 'does-not-exist.log'), '--file', join(hostile, `fifo${TITLE}.log`)];

    const report = bufferIo();
    const reportStatus = await main(['report', ...inputs], report);
    const events = bufferIo();
    const eventsStatus = await main(['events', ...inputs], events);

    expect(report.out()).toContain('E1READABLE');
    expect(events.out()).toContain('E1READABLE');
    expect(reportStatus).toBe(2);
    expect(eventsStatus).toBe(2);
    for (const io of [report, events]) {
      expect(io.err()).toMatch(/cannot read .*does-not-exist\.log/);
      expect(io.err()).toContain(`cannot read ${join(hostile, `fifo${TITLE_SHOWN}.log`)}: is a named pipe`);
    }
    // The same inputs named the same way, each by its own command.
    const named = (err: string, command: string) =>
      err
        .split('\n')
        .filter((l) => l.startsWith(`tlstop ${command}: cannot read `))
        .map((l) => l.slice(`tlstop ${command}: `.length))
        .sort();
    expect(named(events.err(), 'events')).toEqual(named(report.err(), 'report'));
  });

  it('both exit 0 when every input is readable', async () => {
    const readable = join(dir, 'readable-only.log');
    await writeFile(readable, LINE + '\n');
    for (const command of ['report', 'events']) {
      const io = bufferIo();
      expect(await main([command, '--file', readable], io)).toBe(0);
      expect(io.err()).toBe('');
    }
  });
});
