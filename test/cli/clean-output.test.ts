/**
 * Issue 12, clean output: a headless command prints nothing but its own output. The real
 * binary runs here with a stand-in library loaded into it (noisy-library.mjs) that emits
 * process warnings of every kind, a real Node deprecation and console output on both
 * streams while the command runs and as it exits; stdout and stderr must be byte for byte
 * those of the same command without it, and those of the command run in-process. The suite
 * runs on the floor and on the LTS (scripts/run-tests.mjs), so this holds on both.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writeSignedChain } from '../../src/digest/chain-writer.js';
import { inkVersion } from '../../src/runtime/package-files.js';
import { localValidationArgs } from '../digest/run-validate.js';
import { ensureBuilt, REPO } from '../e2e/tmux-driver.js';
import { FULL_RECORD } from '../parsers/samples/cloudfront-json.js';
import { bufferIo } from './buffer-io.js';

const BIN = resolve(REPO, 'bin/tlstop.js');
const NOISE = pathToFileURL(resolve(import.meta.dirname, 'noisy-library.mjs')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The binary on the Node running the suite; `noisy` loads the stand-in library into it. */
function runBinary(args: string[], options: { noisy?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env['TLSTOP_DIAGNOSTICS'];
  Object.assign(env, options.env);
  env['NODE_OPTIONS'] = options.noisy ? `--import=${NOISE}` : '';
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

async function inProcess(args: string[]): Promise<Run> {
  const io = bufferIo({});
  const code = await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

let dir: string;
let logFile: string;
let validateArgs: string[];

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'tlstop-clean-output-'));
  logFile = join(dir, 'cf.jsonl');
  const lines = Array.from({ length: 20 }, (_, i) =>
    JSON.stringify({
      ...FULL_RECORD,
      eventTimestamp: FULL_RECORD.eventTimestamp + i * 1000,
      connectionId: `c${i}`,
      connectionStatus: i % 4 ? 'Success' : 'Failed:ClientCertUntrusted',
    }),
  );
  await writeFile(logFile, lines.join('\n') + '\n');
  const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const chain = await writeSignedChain({ dir: join(dir, 'chain'), hours: 2, logFilesPerHour: 1, sidecars: 'newest', privateKeyPem });
  const keysFile = join(dir, 'keys.json');
  await writeFile(keysFile, chain.publicKeysJson);
  validateArgs = ['validate', ...localValidationArgs(chain, chain.localDir, keysFile, ['--verbose'])];
}, 180_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('headless commands print their own output and nothing else', () => {
  it('(the stand-in library does print on both streams of a plain Node program)', async () => {
    const child = spawn(process.execPath, [`--import=${NOISE}`, '-e', "process.stdout.write('own output\\n')"], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((done) => child.on('close', done));
    expect(stdout).toContain('library console.log (while running)');
    expect(stderr).toContain('NodeVersionSupportWarning: the SDK says hello (while running)');
    expect(stderr).toContain('library console.warn (before exit)');
    expect(stderr).toContain('[DEP0040] DeprecationWarning');
  });

  const commands: Array<[string, () => string[]]> = [
    ['report', () => ['report', '--file', logFile]],
    ['report --json', () => ['report', '--json', '--file', logFile]],
    ['events --json', () => ['events', '--json', '--file', logFile]],
    ['validate --local --verbose', () => validateArgs],
    ['a usage error', () => ['report', '--no-such-option']],
    ['--help', () => ['--help']],
  ];
  for (const [name, args] of commands) {
    it(`${name}: the same bytes on both streams with a library warning into them as without, and as in-process`, async () => {
      const [quiet, noisy, own] = await Promise.all([runBinary(args()), runBinary(args(), { noisy: true }), inProcess(args())]);
      expect(quiet.stdout.length + quiet.stderr.length).toBeGreaterThan(0);
      expect(noisy).toEqual(quiet);
      expect(quiet).toEqual(own);
    });
  }

  it('--version names tlstop, the Node it runs on, Ink, whether the fast output stage and the cell-diff writer are active, warned at or not', async () => {
    const [quiet, noisy, off] = await Promise.all([
      runBinary(['--version']),
      runBinary(['--version'], { noisy: true }),
      runBinary(['--version'], { env: { TLSTOP_INK_FAST_OUTPUT: '0' } }),
    ]);
    expect(noisy).toEqual(quiet);
    expect(quiet.stderr).toBe('');
    const lines = quiet.stdout.split('\n');
    expect(lines[0]).toMatch(/^tlstop \d+\.\d+\.\d+$/);
    expect(lines[1]).toBe(`node ${process.version} ${process.platform}-${process.arch}`);
    expect(lines[2]).toBe(`ink ${inkVersion()}`);
    expect(lines[3]).toMatch(/^fast output stage: active \(Ink \S+, output\.js sha256 [0-9a-f]{12}\)$/);
    expect(off.stdout.split('\n')[3]).toBe("fast output stage: off, Ink's own in use (turned off by TLSTOP_INK_FAST_OUTPUT=0)");
    expect(lines[4]).toMatch(/^terminal writer: cell diff \(Ink \S+, ink\.js sha256 [0-9a-f]{12}, log-update\.js sha256 [0-9a-f]{12}\)$/);
    const noDiff = await runBinary(['--version'], { env: { TLSTOP_TERMINAL_WRITER: 'ink-incremental' } });
    expect(noDiff.stdout.split('\n')[4]).toBe(
      "terminal writer: Ink's incremental, not the cell diff (TLSTOP_TERMINAL_WRITER=ink-incremental)",
    );
  });

  it('TLSTOP_DIAGNOSTICS=FILE keeps what the libraries said, and the streams stay clean', async () => {
    const file = join(dir, 'diagnostics.log');
    const args = ['report', '--file', logFile];
    const [quiet, noisy] = await Promise.all([runBinary(args), runBinary(args, { noisy: true, env: { TLSTOP_DIAGNOSTICS: file } })]);
    expect(noisy).toEqual(quiet);
    const kept = await readFile(file, 'utf8');
    for (const when of ['while running', 'before exit']) {
      expect(kept).toContain(`warning NodeVersionSupportWarning: the SDK says hello (${when})`);
      expect(kept).toContain(`warning ExperimentalWarning: an experimental feature (${when})`);
      expect(kept).toContain(`warning [DEP9999] DeprecationWarning: a deprecated API (${when})`);
      for (const method of ['warn', 'error', 'log', 'info'])
        expect(kept).toContain(`console.${method} library console.${method} (${when})`);
    }
    // Node's own deprecation of the punycode module (a runtime deprecation on every supported line).
    expect(kept).toMatch(/warning \[DEP0040\] DeprecationWarning: The `punycode` module is deprecated/);
  });
});
