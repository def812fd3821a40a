/** Runs `tlstop validate` in-process with byte-buffer streams, or as the real binary. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runValidateCommand } from '../../src/cli/validate-command.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Buffered extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Run the command; `env` defaults to test credentials. */
export async function runValidate(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const stdout = new Buffered();
  const stderr = new Buffered();
  const code = await runValidateCommand(argv, {
    stdout,
    stderr,
    env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', ...env },
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Run the built binary (`bin/tlstop.js validate ARGS`) on the Node running the tests, with
 * test credentials and `env`: its real stdout and stderr, library output and all.
 */
export async function runValidateBinary(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const bin = resolve(import.meta.dirname, '../../bin/tlstop.js');
  const child = spawn(process.execPath, [bin, 'validate', ...argv], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
  return { code, stdout, stderr };
}

/** The INVALID / gap lines (stderr) without blank lines. */
export function errorLines(result: RunResult): string[] {
  return result.stderr.split('\n').filter((l) => l.length > 0);
}

/** What locates a signed chain's local copy for the validation options. */
export interface LocalChainArgs {
  trailArn: string;
  startTime: string;
  endTime: string;
  bucket: string;
}

/** The validation options of a local copy at `local`, checked against the keys in `keysFile`. */
export function localValidationArgs(chain: LocalChainArgs, local: string, keysFile: string, extra: string[] = []): string[] {
  return [
    '--trail-arn',
    chain.trailArn,
    '--start-time',
    chain.startTime,
    '--end-time',
    chain.endTime,
    '--s3-bucket',
    chain.bucket,
    '--local',
    local,
    '--public-keys',
    keysFile,
    ...extra,
  ];
}
