import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, createWriteStream, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { guardOutput } from '../../src/cli/io.js';

function recordingIo() {
  const writes: string[] = [];
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { writes, io: { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), env: {} } };
}

describe('guardOutput', () => {
  it('gathers lines into few writes, in order, byte for byte', async () => {
    const { writes, io } = recordingIo();
    const out = guardOutput(io);
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"line":${i},"text":"é\\u001b"}\n`);
    for (const line of lines) out.write(line);
    await out.flush();
    expect(writes.join('')).toBe(lines.join(''));
    expect(writes.length).toBeLessThan(20);
    out.dispose();
  });

  it('sends a lone line at the end of the turn, without a flush (a followed line shows at once)', async () => {
    const { writes, io } = recordingIo();
    const out = guardOutput(io);
    out.write('one\n');
    expect(writes).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(writes).toEqual(['one\n']);
    out.dispose();
  });

  it('drops what is written once stdout is gone, and says it is closed', async () => {
    const { writes, io } = recordingIo();
    const out = guardOutput(io);
    io.stdout.destroy();
    out.write('lost\n');
    await out.flush();
    expect(writes).toEqual([]);
    expect(out.closed).toBe(true);
    expect(out.signal.aborted).toBe(true);
    out.dispose();
  });

  it('waits for a slow reader of a non-blocking pipe instead of queueing, and every byte arrives in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tlstop-guard-'));
    try {
      const fifo = join(dir, 'out');
      execFileSync('mkfifo', [fifo]);
      // The reader opens the pipe at once and reads only after a second.
      const reader = spawn('bash', ['-c', 'exec 3<"$1"; sleep 1; sha256sum <&3', 'reader', fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
      let digest = '';
      reader.stdout.setEncoding('utf8').on('data', (d: string) => (digest += d));
      const ended = new Promise((done) => reader.on('close', done));
      let fd = -1;
      while (fd < 0) {
        try {
          // Non-blocking, as Node leaves a piped stdout: a full pipe answers EAGAIN.
          fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
        } catch {
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      const stream = createWriteStream('', { fd, autoClose: true });
      const out = guardOutput({ stdout: stream, stderr: new Writable({ write: (_c, _e, done) => done() }), env: {} });
      const lines = Array.from({ length: 40_000 }, (_, i) => `{"line":${i},"pad":"${'x'.repeat(80)}"}\n`);
      const started = Date.now();
      for (const line of lines) out.write(line);
      // 3.6 MB against a 64 KB pipe: the writes themselves waited for the reader, and nothing is queued in memory.
      expect(Date.now() - started).toBeGreaterThan(500);
      expect(stream.writableLength).toBe(0);
      await out.flush();
      expect(out.closed).toBe(false);
      out.dispose();
      stream.end();
      await ended;
      expect(digest.split(' ')[0]).toBe(createHash('sha256').update(lines.join('')).digest('hex'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
