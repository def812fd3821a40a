/**
 * Child process for the tests of reads that must not hang: a read that blocks (a FIFO
 * opened for reading waits for a writer) cannot be timed out in-process, so the tests run
 * it here under spawnSync's timeout. Usage:
 *   node --import tsx test/fs/read-probe.ts theme PATH...
 *   node --import tsx test/fs/read-probe.ts validate-keys LOCAL_DIR PATH...
 * Prints one JSON line per PATH: { path, ms, ... }.
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { runValidateCommand } from '../../src/cli/validate-command.js';
import { loadTheme } from '../../src/ui/theme.js';

class Buffered extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const [kind, ...rest] = process.argv.slice(2);
const local = kind === 'validate-keys' ? rest.shift()! : '';
for (const path of rest) {
  const started = performance.now();
  let outcome: Record<string, unknown>;
  if (kind === 'theme') {
    const result = loadTheme(path, { TERM: 'xterm-256color' });
    outcome = { theme: result.theme.name, warning: result.warning };
  } else if (kind === 'validate-keys') {
    const stdout = new Buffered();
    const stderr = new Buffered();
    const code = await runValidateCommand(
      [
        '--trail-arn',
        'arn:aws:cloudtrail:us-east-1:111122223333:trail/main',
        '--start-time',
        '2026-11-20',
        '--end-time',
        '2026-11-21',
        '--s3-bucket',
        'bucket',
        '--local',
        local,
        '--public-keys',
        path,
      ],
      { stdout, stderr, env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' } },
    );
    outcome = { code, stdout: stdout.text, stderr: stderr.text };
  } else {
    throw new Error(`unknown probe ${kind}`);
  }
  process.stdout.write(`${JSON.stringify({ path, ms: performance.now() - started, ...outcome })}\n`);
}
