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
});
