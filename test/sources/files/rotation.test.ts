/**
 * The exactness test of issue 3: a writer appends 1,000,000 lines, rotating every 10,000
 * (three rotations in four by rename-and-create, one by copytruncate); every line carries
 * a sequence number and the reader must see each exactly once.
 */
import { copyFileSync, renameSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createFileSource } from '../../../src/sources/files/index.js';
import type { LineBatch, SourceSink, SourceStatus } from '../../../src/sources/types.js';
import { expectQuietFor, waitFor } from '../../helpers/wait-for.js';
import { tempDir } from './collect-sink.js';
import { watchersCreated, watchersReady } from './watcher-ready.js';

vi.mock('chokidar', async (importOriginal) => (await import('./watcher-ready.js')).countingReady(await importOriginal()));

const TOTAL = 1_000_000;
const PER_FILE = 10_000;
const PER_WRITE = 250;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** Counts sequence numbers without keeping the lines. */
class SeqSink implements SourceSink {
  readonly seen = new Uint8Array(TOTAL);
  received = 0;
  duplicates = 0;
  malformed = 0;
  maxSeq = -1;
  firstDuplicate = -1;
  statuses = 0;
  errors: SourceStatus[] = [];

  lines(batch: LineBatch): void {
    for (const line of batch.lines) {
      const seq = Number(line.slice(4, 11));
      if (!line.startsWith('seq=') || !Number.isInteger(seq) || seq < 0 || seq >= TOTAL) {
        this.malformed += 1;
        continue;
      }
      this.received += 1;
      if (this.seen[seq]! > 0) {
        if (this.duplicates === 0) this.firstDuplicate = seq;
        this.duplicates += 1;
      }
      this.seen[seq] = 1;
      if (seq > this.maxSeq) this.maxSeq = seq;
    }
  }

  status(status: SourceStatus): void {
    this.statuses += 1;
    if (status.state === 'error') this.errors.push(status);
  }
}

function line(seq: number): string {
  return `seq=${String(seq).padStart(7, '0')} tls handshake ok, a little padding to look like a log\r\n`;
}

it('reads every one of 1,000,000 lines exactly once across rename and copytruncate rotations', { timeout: 120_000 }, async () => {
  const path = join(dir, 'app.log');
  let handle: FileHandle = await open(path, 'a');
  const sink = new SeqSink();
  const controller = new AbortController();
  const since = watchersCreated();
  const running = createFileSource({ patterns: [path] }).run(sink, controller.signal);
  // The file opened (at its end) and its watcher ready: from here every write is seen.
  await waitFor(() => sink.statuses > 0 && watchersReady(since, 1), 'the source to open the file and its watcher to be ready');

  let rotations = 0;
  let copytruncates = 0;
  let splitWrites = 0;
  let firstOfFile = 0;
  let inFile = 0;
  for (let seq = 0; seq < TOTAL;) {
    const n = Math.min(PER_WRITE, TOTAL - seq);
    let text = '';
    for (let i = 0; i < n; i += 1) text += line(seq + i);
    const bytes = Buffer.from(text);
    if (Math.floor(seq / PER_WRITE) % 7 === 3) {
      // Split a write inside a line (sometimes between \r and \n): the reader must hold the partial line.
      const cut = 1 + ((seq * 7919) % (bytes.length - 1));
      await handle.write(bytes.subarray(0, cut));
      await new Promise((r) => setImmediate(r));
      await handle.write(bytes.subarray(cut));
      splitWrites += 1;
    } else {
      await handle.write(bytes);
    }
    seq += n;
    inFile += n;
    if (inFile >= PER_FILE && seq < TOTAL) {
      inFile = 0;
      // A rotation can only be followed if the reader has seen the current file at all.
      await waitFor(() => sink.maxSeq >= firstOfFile, `reader to reach file starting at ${firstOfFile}`, 20_000);
      rotations += 1;
      if (rotations % 4 === 0) {
        // copytruncate loses whatever the reader had not read when the file is cut (logrotate
        // documents this race); wait for the reader, then copy and truncate in place.
        await waitFor(
          () => sink.received === seq,
          `reader to catch up before copytruncate at ${seq} (received ${sink.received}, max ${sink.maxSeq}, dupes ${sink.duplicates} first ${sink.firstDuplicate}, malformed ${sink.malformed})`,
          20_000,
        );
        copyFileSync(path, `${path}.1`);
        await handle.truncate(0);
        copytruncates += 1;
      } else {
        renameSync(path, `${path}.1`);
        // The writer keeps its old descriptor a moment after the rename (before it reopens).
        const lateCount = Math.min(50, TOTAL - seq);
        const late = Buffer.from(Array.from({ length: lateCount }, (_, i) => line(seq + i)).join(''));
        await handle.write(late);
        seq += lateCount;
        await handle.close();
        handle = await open(path, 'a');
      }
      firstOfFile = seq;
    }
  }
  await handle.close();
  await waitFor(() => sink.received >= TOTAL, `all lines (received ${sink.received})`, 30_000);
  await expectQuietFor(300, () => expect(sink.received, 'a line arrived late').toBe(TOTAL));
  controller.abort();
  await running;

  expect(sink.errors).toEqual([]);
  expect(sink.malformed).toBe(0);
  expect(sink.duplicates).toBe(0);
  expect(sink.received).toBe(TOTAL);
  expect(sink.seen.every((v) => v === 1)).toBe(true);
  expect(rotations).toBe(TOTAL / PER_FILE - 1);
  expect(copytruncates).toBeGreaterThan(20);
  expect(splitWrites).toBeGreaterThan(100);
});
