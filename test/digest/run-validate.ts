/** Runs `tlstop validate` in-process with byte-buffer streams. */
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
