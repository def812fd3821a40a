/**
 * `tlstop validate` (and the monitor's `v`) must not pass when its inputs are wrong: a
 * `--local` that is not a readable directory and a `--public-keys` that is not a regular
 * file of bounded size are usage errors, exit 2, one line naming the path.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitorCommand } from '../../src/cli/monitor-command.js';
import { validationRunnerFromArgs } from './validation-args.js';
import { writeSignedChain, type SignedChain } from '../../src/digest/chain-writer.js';
import { localValidationArgs, runValidate } from '../digest/run-validate.js';
import { probe } from '../fs/probe.js';
import { bufferIo } from './buffer-io.js';

let root: string;
let chain: SignedChain;
let keysFile: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tlstop-validate-inputs-'));
  chain = await writeSignedChain({ dir: join(root, 'copy'), hours: 1, logFilesPerHour: 1, sidecars: 'all' });
  keysFile = join(root, 'keys.json');
  writeFileSync(keysFile, chain.publicKeysJson);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function validateArgs(local: string, keys = keysFile): string[] {
  return localValidationArgs(chain, local, keys);
}

/** The paths `--local` must refuse, with the reason each gives. */
function badLocalPaths(): Array<{ path: string; shown: string; reason: string }> {
  const missing = join(root, 'no-such-copy');
  const file = join(root, 'a-file');
  writeFileSync(file, 'not a directory\n');
  const loop = join(root, 'loop');
  symlinkSync(loop, loop);
  const hostile = join(root, 'typo\u001b]0;pwned\u0007');
  return [
    { path: missing, shown: missing, reason: 'no such directory' },
    { path: file, shown: file, reason: 'a regular file, not a directory' },
    { path: loop, shown: loop, reason: 'too many levels of symbolic links' },
    { path: join(file, 'below'), shown: join(file, 'below'), reason: 'no such directory' },
    { path: hostile, shown: join(root, 'typo\\x1b]0;pwned\\x07'), reason: 'no such directory' },
    { path: '', shown: '', reason: 'no such directory' },
  ];
}

describe('--local PATH that is not a readable directory', () => {
  let cases: ReturnType<typeof badLocalPaths>;
  beforeAll(() => {
    cases = badLocalPaths();
  });

  it('tlstop validate: exit 2, one sanitised line naming the path, nothing on stdout', async () => {
    for (const { path, shown, reason } of cases) {
      const result = await runValidate(validateArgs(path));
      expect({ path, code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        path,
        code: 2,
        stdout: '',
        stderr: `tlstop validate: --local ${shown}: ${reason}\n`,
      });
    }
  });

  it.skipIf(process.getuid?.() === 0)('a directory that cannot be listed is refused too (not as root, who can list it)', async () => {
    const closed = join(root, 'closed');
    mkdirSync(closed);
    chmodSync(closed, 0o000);
    try {
      const result = await runValidate(validateArgs(closed));
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`tlstop validate: --local ${closed}: permission denied\n`);
    } finally {
      chmodSync(closed, 0o700);
    }
  });

  it('the monitor refuses it at start-up, through the same check', async () => {
    for (const { path, shown, reason } of cases) {
      const runner = validationRunnerFromArgs(validateArgs(path), {});
      expect(runner).toBeInstanceOf(Error);
      expect((runner as Error).message).toBe(`--local ${shown}: ${reason}`);
    }
    const io = bufferIo();
    const code = await runMonitorCommand(['--file', join(root, 'cf.log'), ...validateArgs(cases[0]!.path)], io);
    expect(code).toBe(2);
    expect(io.err().split('\n')[0]).toBe(`tlstop monitor: --local ${cases[0]!.shown}: no such directory`);
  });

  it('a real copy, also through a symlink to it, still validates', async () => {
    expect((await runValidate(validateArgs(chain.localDir))).code).toBe(0);
    const link = join(root, 'copy-link');
    symlinkSync(chain.localDir, link);
    const result = await runValidate(validateArgs(link));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1/1 digest files valid');
  });
});

describe('--public-keys FILE that is not a small regular file', () => {
  it('/dev/zero and a FIFO: exit 2 and one line, at once', () => {
    const fifo = join(root, 'keys.fifo');
    execFileSync('mkfifo', [fifo]);
    // In a child under a timeout: reading a FIFO blocks, reading /dev/zero never ends.
    const [zero, pipe] = probe(['validate-keys', chain.localDir, '/dev/zero', fifo]);
    expect(zero).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'tlstop validate: --public-keys /dev/zero: a character device, not a regular file\n',
    });
    expect(pipe).toMatchObject({ code: 2, stdout: '', stderr: `tlstop validate: --public-keys ${fifo}: a FIFO, not a regular file\n` });
    for (const line of [zero!, pipe!]) expect(line.ms).toBeLessThan(2000);
  });

  it('a directory or a file over 4 MiB: exit 2 and one line; a normal file works', async () => {
    const dir = join(root, 'keys-dir');
    mkdirSync(dir);
    const huge = join(root, 'huge-keys.json');
    // The real keys followed by blanks: valid JSON, only the size is wrong.
    writeFileSync(huge, chain.publicKeysJson + ' '.repeat(4 * 1024 * 1024));
    const started = Date.now();
    for (const [path, reason] of [
      [dir, 'a directory, not a regular file'],
      [huge, 'larger than 4 MiB'],
      [join(root, 'none.json'), 'file not found'],
    ] as const) {
      const result = await runValidate(validateArgs(chain.localDir, path));
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: `tlstop validate: --public-keys ${path}: ${reason}\n`,
      });
    }
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await runValidate(validateArgs(chain.localDir))).code).toBe(0);
  });

  it('an empty --public-keys is a missing file, not a silent switch to the CloudTrail API', async () => {
    // The endpoint is a closed local port: were the API called, it would fail differently.
    const result = await runValidate([...validateArgs(chain.localDir, ''), '--endpoint-url', 'http://127.0.0.1:9']);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tlstop validate: --public-keys : file not found\n',
    });
  });

  it('the monitor refuses a bad key file at start-up, not when v is pressed', () => {
    const fifo = join(root, 'monitor-keys.fifo');
    execFileSync('mkfifo', [fifo]);
    const notJson = join(root, 'not-keys.json');
    writeFileSync(notJson, '{"nope": true}');
    for (const [path, reason] of [
      ['/dev/zero', 'a character device, not a regular file'],
      [fifo, 'a FIFO, not a regular file'],
      [root, 'a directory, not a regular file'],
    ] as const) {
      const runner = validationRunnerFromArgs(validateArgs(chain.localDir, path), {});
      expect(runner).toBeInstanceOf(Error);
      expect((runner as Error).message).toBe(`--public-keys ${path}: ${reason}`);
    }
    const bad = validationRunnerFromArgs(validateArgs(chain.localDir, notJson), {});
    expect(bad).toBeInstanceOf(Error);
    expect((bad as Error).message).toMatch(new RegExp(`^--public-keys ${notJson}: `));
    expect(validationRunnerFromArgs(validateArgs(chain.localDir), {})).not.toBeInstanceOf(Error);
  });
});
