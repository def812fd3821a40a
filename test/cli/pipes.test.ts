/**
 * Issue 9: `tlstop events --json | head -1` and `tlstop report | head -1` ended with
 * "Unhandled 'error' event ... write EPIPE" and a stack trace. A reader that goes away must
 * end the command quietly (exit 0, nothing on stderr), as cat and jq users expect, and
 * `events --follow` must stop reading its sources instead of running on.
 *
 * These run the built binary (`npm run build` after changing src/) through real pipes in
 * bash. TLSTOP_BIN names another launcher (to check an older build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSignedChain } from '../../src/digest/chain-writer.js';
import { modifyLogFile } from '../digest/tamper.js';
import { localValidationArgs } from '../digest/run-validate.js';

const BIN = resolve(process.env['TLSTOP_BIN'] ?? 'bin/tlstop.js');
let dir: string;
let big: string;

/** 60,000 connection lines over 30,000 distributions: megabytes of events, a report far longer than a pipe buffer. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-pipes-'));
  big = join(dir, 'big.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 60_000; i++) {
    lines.push(
      JSON.stringify({
        eventTimestamp: 1731620046814 + i,
        connectionId: `c${i}`,
        connectionStatus: i % 3 ? 'Success' : 'Failed:ClientCertExpired',
        distributionId: `E${String(i % 30_000).padStart(12, '0')}`,
        tlsSni: 'api.example.com',
        tlsHandshakeDuration: 10 + (i % 50),
      }),
    );
  }
  await writeFile(big, lines.join('\n') + '\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface PipeRun {
  /** Exit status of tlstop (not of head). */
  status: number;
  /** What tlstop wrote on stderr. */
  stderr: string;
  /** What head printed. */
  head: string;
  ms: number;
}

/**
 * `node BIN ARGS 2>ERR | head -1` (or another `head`), in bash; resolves when the whole pipeline has ended (or
 * rejects after `deadlineMs`, killing it).
 */
async function throughHead(args: string[], deadlineMs = 20_000, stderrToo = false, head = 'head -1'): Promise<PipeRun> {
  const err = join(dir, `stderr-${Math.random().toString(36).slice(2)}`);
  const redirect = stderrToo ? '2>&1' : `2>${q(err)}`;
  const script = `: >${q(err)}; ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')} ${redirect} | ${head}; echo "status=\${PIPESTATUS[0]}" >&2`;
  const started = Date.now();
  const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let status = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (status += d));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      fail(new Error(`still running after ${deadlineMs} ms: ${args.join(' ')}`));
    }, deadlineMs);
    child.on('close', () => {
      clearTimeout(timer);
      done();
    });
  });
  const match = /status=(\d+)/.exec(status);
  return { status: match ? Number(match[1]) : -1, stderr: await readFile(err, 'utf8'), head: out, ms: Date.now() - started };
}

describe('a reader that is slow', () => {
  // Writes queued past a full pipe went out as one huge writev, which this kernel refused
  // with ENOBUFS: `events | jq` printed some 10,000 of a million events and stopped.
  for (const flags of [['--json'], []]) {
    it(`events ${flags.join(' ')} | (sleep 1; wc -l): every line, exit 0, nothing on stderr`, async () => {
      const run = await throughHead(['events', '--file', big, ...flags], 60_000, false, '(sleep 1; wc -l)');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.head.trim()).toBe('60000');
    });
  }
});

describe('a reader that goes away (issue 9)', () => {
  it('events --json | head -1: exit 0, nothing on stderr', async () => {
    const run = await throughHead(['events', '--file', big, '--json']);
    expect(JSON.parse(run.head)).toMatchObject({ kind: 'connection', connectionId: 'c0' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('events (text) | head -1: exit 0, nothing on stderr', async () => {
    const run = await throughHead(['events', '--file', big]);
    expect(run.head).toContain('E000000000000');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('report | head -1: exit 0, nothing on stderr', async () => {
    const run = await throughHead(['report', '--file', big]);
    expect(run.head).toMatch(/^tlstop report: 1 file pattern, 60000 lines/);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('report --json | head -c 100 (the document is one long line): exit 0, nothing on stderr', async () => {
    const run = await throughHead(['report', '--file', big, '--json'], 20_000, false, 'head -c 100');
    expect(run.head).toMatch(/^\{"span"/);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('events --follow | head -1 stops reading and exits 0 promptly', async () => {
    const run = await throughHead(['events', '--file', big, '--follow', '--json'], 20_000);
    expect(JSON.parse(run.head)).toMatchObject({ connectionId: 'c0' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.ms).toBeLessThan(15_000);
  });

  it('events 2>&1 | head -1 (stderr closed too): exit 0, no stack trace', async () => {
    const run = await throughHead(['events', '--file', big, '--file', join(dir, 'missing.log')], 20_000, true);
    expect(run.head).not.toMatch(/EPIPE|Unhandled/);
    expect(run.status).toBe(0);
  });

  it('validate --verbose | head -1 stops walking the chain: exit 0, and the tampered oldest file is never reached', async () => {
    // 1,500 verdict lines (about 200 KB) are far more than the pipe buffer holds, so the
    // validation is still walking when head exits. The oldest log file is tampered with: a
    // run that went on to the end would print its INVALID line on stderr and exit 1.
    const chain = await writeSignedChain({ dir: join(dir, 'chain'), hours: 500, logFilesPerHour: 2, sidecars: 'newest' });
    const keysFile = join(dir, 'chain-keys.json');
    await writeFile(keysFile, chain.publicKeysJson);
    await modifyLogFile(chain, chain.logFiles[0]!);
    const run = await throughHead(['validate', ...localValidationArgs(chain, chain.localDir, keysFile, ['--verbose'])], 60_000);
    expect(run.head).toBe(`Validating log files for trail ${chain.trailArn} between ${chain.startTime} and ${chain.endTime}\n`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('another write error (a full disk) is named, with exit status 2 and no stack trace', () => {
    for (const command of ['events', 'report']) {
      const run = spawnSync('bash', ['-c', `${q(process.execPath)} ${q(BIN)} ${command} --file ${q(big)} >/dev/full`], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.stderr).toMatch(new RegExp(`^tlstop ${command}: cannot write the output: ENOSPC[^\n]*\n$`));
      expect(run.status).toBe(2);
    }
  });
});
