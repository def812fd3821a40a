/**
 * The monitor's diagnostics log lives in a shared $TMPDIR: it must be private (0600 in a
 * 0700 directory), created without following links or appending to someone else's file,
 * and gone when it holds nothing.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keptDiagnosticsNote, routeDiagnosticsToFile } from '../../src/cli/process-warnings.js';
import { StatusBoard } from '../../src/pipeline/status-board.js';
import { waitFor } from '../helpers/wait-for.js';

let parent: string;
let savedTmpdir: string | undefined;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'tlstop-diag-test-'));
  // os.tmpdir() reads TMPDIR: the log goes where a neighbour on the host could reach it.
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = parent;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(parent, { recursive: true, force: true });
});

/** The predictable name tlstop used to write to. */
const oldStyleName = () => join(parent, `tlstop-${process.pid}.log`);

function diagnosticsMessage(statuses: StatusBoard): string | undefined {
  return statuses.getSnapshot().find((s) => s.id === 'diagnostics')?.message;
}

function logPathFrom(statuses: StatusBoard): string {
  const message = diagnosticsMessage(statuses);
  const path = / in (\/.+)$/.exec(message ?? '')?.[1];
  if (!path) throw new Error(`no log path in the status: ${message}`);
  return path;
}

function expectPrivateLog(path: string): void {
  expect(dirname(dirname(path))).toBe(parent);
  expect(basename(dirname(path))).toMatch(/^tlstop-[A-Za-z0-9]{6}$/);
  expect(basename(path)).toBe('diagnostics.log');
  const dir = lstatSync(dirname(path));
  expect(dir.isDirectory()).toBe(true);
  expect(dir.mode & 0o777).toBe(0o700);
  const file = lstatSync(path);
  expect(file.isFile()).toBe(true);
  expect(file.mode & 0o777).toBe(0o600);
}

describe('routeDiagnosticsToFile', () => {
  it('does not write through a symlink planted at the old predictable name', async () => {
    const victim = join(parent, 'victim.conf');
    writeFileSync(victim, 'precious\n', { mode: 0o644 });
    symlinkSync(victim, oldStyleName());
    const statuses = new StatusBoard();
    const restore = routeDiagnosticsToFile(statuses);
    let outcome;
    try {
      console.warn('token=%s', 'sekrit');
      process.emitWarning('the SDK says hello', 'NodeVersionSupportWarning');
      // A warning is emitted on the next tick.
      await waitFor(() => diagnosticsMessage(statuses)?.startsWith('2 diagnostic messages in '), 'both messages', {
        timeoutMs: 5000,
        intervalMs: 0,
      });
    } finally {
      outcome = restore();
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readlinkSync(oldStyleName())).toBe(victim);
    const path = logPathFrom(statuses);
    expectPrivateLog(path);
    // Kept, because it holds messages, and the caller is told where.
    expect(outcome).toEqual({ count: 2, keptPath: path });
    expect(keptDiagnosticsNote(outcome)).toBe(`tlstop: 2 diagnostic messages kept in ${path}\n`);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ console\.warn token=sekrit$/);
    expect(lines[1]).toMatch(/ warning NodeVersionSupportWarning: the SDK says hello$/);
  });

  it('does not append to a file someone else created at the old name', async () => {
    const foreign = oldStyleName();
    writeFileSync(foreign, 'theirs\n');
    chmodSync(foreign, 0o666);
    if (process.getuid?.() === 0) chownSync(foreign, 65534, 65534);
    const statuses = new StatusBoard();
    const restore = routeDiagnosticsToFile(statuses);
    try {
      console.error('connection to https://internal.example failed');
    } finally {
      restore();
    }
    expect(readFileSync(foreign, 'utf8')).toBe('theirs\n');
    expect(statSync(foreign).mode & 0o777).toBe(0o666);
    expectPrivateLog(logPathFrom(statuses));
  });

  it('leaves nothing behind when nothing was written, and undoes its hooks', () => {
    const exitListeners = process.listenerCount('exit');
    const warningListeners = process.listeners('warning');
    const log = console.log;
    const restore = routeDiagnosticsToFile(new StatusBoard());
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    const outcome = restore();
    expect(outcome).toEqual({ count: 0, keptPath: null });
    expect(keptDiagnosticsNote(outcome)).toBe('');
    expect(readdirSync(parent)).toEqual([]);
    expect(process.listenerCount('exit')).toBe(exitListeners);
    expect(process.listeners('warning')).toEqual(warningListeners);
    expect(console.log).toBe(log);
  });

  it('on process exit without the undo: a log with messages is kept private, no messages leave nothing', () => {
    const child = fileURLToPath(new URL('./process-warnings-child.ts', import.meta.url));
    for (const messages of ['2', '0']) {
      const dir = mkdtempSync(join(parent, `exit-${messages}-`));
      const run = spawnSync(process.execPath, ['--import', 'tsx', child, messages], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, TMPDIR: dir },
      });
      expect(run.status, run.stderr).toBe(0);
      if (messages === '0') {
        expect(run.stdout).toBe('');
        // (tsx keeps its compile cache in TMPDIR too)
        expect(readdirSync(dir).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
      } else {
        const path = run.stdout.trim();
        expect(dirname(dirname(path))).toBe(dir);
        expect(basename(path)).toBe('diagnostics.log');
        expect(lstatSync(dirname(path)).mode & 0o777).toBe(0o700);
        expect(lstatSync(path).mode & 0o777).toBe(0o600);
        expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
      }
    }
  });

  it('takes in what libraries printed before it started, once the launcher held it back', () => {
    const child = fileURLToPath(new URL('./process-warnings-child.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', child, '1', 'held'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, TMPDIR: parent },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const lines = readFileSync(run.stdout.trim(), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ console\.warn said before the monitor started$/);
    expect(lines[1]).toMatch(/ console\.log message 0$/);
  });
});
