import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineClockFor } from '../../../src/cli/build-sources.js';
import { createFileSource, type LineClock } from '../../../src/sources/files/index.js';
import { MAX_PIECE_SPAN_MS, PieceTimer } from '../../../src/sources/files/timed-pieces.js';
import type { SourceStatus } from '../../../src/sources/types.js';
import { CollectSink, tempDir } from './collect-sink.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const T0 = Date.parse('2026-11-24T05:00:00Z');
/** A line whose event time is `T0 + sec` seconds: `<sec> <label>` (the test clock reads the number). */
const line = (sec: number, label: string): string => `${sec} ${label}`;
const testClock = (): LineClock => (text) => {
  const sec = Number.parseFloat(text);
  return Number.isFinite(sec) ? T0 + sec * 1000 : null;
};
const secondsOf = (lines: string[]): number[] => lines.map((l) => Number.parseFloat(l)).filter(Number.isFinite);

async function readInOrder(patterns: string[], options: { maxOpenFiles?: number; clock?: () => LineClock } = {}): Promise<CollectSink> {
  const sink = new CollectSink();
  const clock = options.clock ?? testClock;
  await createFileSource({ patterns, follow: false, cwd: dir, lineClock: () => clock(), maxOpenFiles: options.maxOpenFiles }).run(
    sink,
    new AbortController().signal,
  );
  return sink;
}

/** Largest lag of a line behind the newest time handed on before it, seconds. */
function worstLag(seconds: number[]): number {
  let newest = -Infinity;
  let worst = 0;
  for (const s of seconds) {
    worst = Math.max(worst, newest - s);
    newest = Math.max(newest, s);
  }
  return worst;
}

const range = (from: number, to: number, label: string, step = 1): string[] => {
  const out: string[] = [];
  for (let s = from; s < to; s += step) out.push(line(s, label));
  return out;
};

describe('file source, read once in event-time order (the report)', () => {
  it('reads rotated files oldest first whatever their names say (cf.log is the newest)', async () => {
    writeFileSync(join(dir, 'cf.log'), range(200, 300, 'new').join('\n') + '\n');
    writeFileSync(join(dir, 'cf.log.1'), range(100, 200, 'mid').join('\n') + '\n');
    writeFileSync(join(dir, 'cf.log.2.gz'), gzipSync(range(0, 100, 'old').join('\n') + '\n'));
    const sink = await readInOrder(['cf.log*']);
    expect(secondsOf(sink.all())).toEqual(range(0, 300, '').map((l) => Number.parseFloat(l)));
    expect(sink.statusOf('cf.log.2.gz')).toMatchObject({ state: 'done', message: 'read 100 lines (gzip)' });
  });

  it('merges files whose times overlap: no line comes more than a piece behind the newest before it', async () => {
    writeFileSync(join(dir, 'edge-a.log'), range(0, 600, 'a', 2).join('\n') + '\n');
    writeFileSync(join(dir, 'edge-b.log.gz'), gzipSync(range(1, 600, 'b', 2).join('\n') + '\n'));
    // Sparse: one line a minute, so one batch spans hours unless it is cut.
    writeFileSync(join(dir, 'sparse.log'), range(30, 600, 's', 60).join('\n') + '\n');
    const sink = await readInOrder([dir]);
    const seconds = secondsOf(sink.all());
    expect(seconds).toHaveLength(300 + 300 + 10);
    expect(worstLag(seconds)).toBeLessThanOrEqual(MAX_PIECE_SPAN_MS / 1000);
  });

  it('keeps each file under its own origin, so a W3C header stays with its lines', async () => {
    const w3c = ['#Version: 1.0', '#Fields: x', ...range(0, 10, 'w')];
    writeFileSync(join(dir, 'b.log'), w3c.join('\n') + '\n');
    writeFileSync(join(dir, 'a.log'), range(0, 10, 'j').join('\n') + '\n');
    const sink = await readInOrder([dir]);
    expect(sink.all(join(dir, 'b.log'))).toEqual(w3c);
    expect(sink.all(join(dir, 'a.log'))).toEqual(range(0, 10, 'j'));
  });

  it('never holds more files open than the budget; the file that waits is read after, and says done', async () => {
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `f${i}.log`), range(i, 60, `f${i}`, 6).join('\n') + '\n');
    const sink = new CollectSink();
    let reading = 0;
    let most = 0;
    const counting = {
      lines: (batch: Parameters<CollectSink['lines']>[0]) => sink.lines(batch),
      status: (status: SourceStatus) => {
        if (status.state === 'connected') most = Math.max(most, ++reading);
        if (status.state === 'done' || status.state === 'error') reading--;
        sink.status(status);
      },
    };
    await createFileSource({ patterns: [dir], follow: false, cwd: dir, lineClock: testClock, maxOpenFiles: 4 }).run(
      counting,
      new AbortController().signal,
    );
    expect(most).toBe(4);
    expect(sink.all()).toHaveLength(6 * 10);
    for (let i = 0; i < 6; i++) expect(sink.statusOf(`f${i}.log`)).toMatchObject({ state: 'done' });
  });

  it('reads a file without events last and reports an unreadable one, like any read', async () => {
    writeFileSync(join(dir, 'a-notes.txt'), 'no times here\n');
    writeFileSync(join(dir, 'b.log'), range(0, 5, 'b').join('\n') + '\n');
    writeFileSync(join(dir, 'c.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    const sink = await readInOrder([dir]);
    expect(sink.all()).toEqual([...range(0, 5, 'b'), 'no times here']);
    expect(sink.statusOf('c.gz')).toMatchObject({ state: 'error' });
    expect(sink.statusOf('a-notes.txt')).toMatchObject({ state: 'done' });
  });

  it('stops at the first piece after an abort, and resolves once every file is closed', async () => {
    writeFileSync(join(dir, 'a.log'), range(0, 50_000, 'a').join('\n') + '\n');
    writeFileSync(join(dir, 'b.log'), range(0, 50_000, 'b').join('\n') + '\n');
    const controller = new AbortController();
    const sink = new CollectSink();
    const aborting = {
      ...sink,
      lines: (batch: Parameters<CollectSink['lines']>[0]) => (sink.lines(batch), controller.abort()),
      status: (s: SourceStatus) => sink.status(s),
    };
    await createFileSource({ patterns: [dir], follow: false, cwd: dir, lineClock: testClock }).run(aborting, controller.signal);
    expect(sink.batches).toHaveLength(1);
  });

  it('orders by the same parser the report uses: CloudFront JSON, W3C with its header, firewall', async () => {
    const json = (sec: number) => JSON.stringify({ eventTimestamp: T0 + sec * 1000, connectionStatus: 'Success', distributionId: 'E1' });
    writeFileSync(join(dir, 'a-later.jsonl'), [json(100), json(101)].join('\n') + '\n');
    writeFileSync(
      join(dir, 'b-earlier.w3c'),
      ['#Version: 1.0', '#Fields: eventTimestamp connectionStatus distributionId', `${T0} Success E2`].join('\n') + '\n',
    );
    const clock = lineClockFor({});
    const sink = new CollectSink();
    await createFileSource({ patterns: [dir], follow: false, cwd: dir, lineClock: clock }).run(sink, new AbortController().signal);
    expect(sink.batches.map((b) => b.origin)).toEqual([join(dir, 'b-earlier.w3c'), join(dir, 'a-later.jsonl')]);
  });
});

describe('PieceTimer', () => {
  it('asks the clock for two lines of a dense batch', () => {
    let calls = 0;
    const clock: LineClock = (text) => (calls++, testClock()(text));
    const timer = new PieceTimer(clock);
    timer.pieces(range(0, 1, 'x'));
    calls = 0;
    const pieces = timer.pieces(Array.from({ length: 512 }, (_, i) => line(1 + i / 1000, 'x')));
    expect(pieces).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('cuts a sparse batch into pieces of at most the span, in order, with every line', () => {
    const lines = range(0, 3600, 'x', 30);
    const pieces = new PieceTimer(testClock()).pieces(lines);
    expect(pieces.flatMap((p) => p.lines)).toEqual(lines);
    for (const p of pieces) expect(p.endMs - p.startMs).toBeLessThanOrEqual(MAX_PIECE_SPAN_MS);
  });

  it('gives lines without a time the time before them', () => {
    const timer = new PieceTimer(testClock());
    timer.pieces([line(7, 'x')]);
    expect(timer.pieces(['garbage', 'more'])).toEqual([{ lines: ['garbage', 'more'], startMs: T0 + 7000, endMs: T0 + 7000 }]);
  });
});
