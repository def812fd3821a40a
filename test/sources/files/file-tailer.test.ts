import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileTailer } from '../../../src/sources/files/file-tailer.js';
import { tempDir } from './collect-sink.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function tailer(
  path: string,
  got: string[],
  controller: AbortController,
  extra: Partial<ConstructorParameters<typeof FileTailer>[0]> = {},
) {
  return new FileTailer({
    path,
    startAtEnd: false,
    readExistingGzip: true,
    forgetWhenRemoved: false,
    signal: controller.signal,
    lines: (lines) => got.push(...lines),
    status: () => undefined,
    ...extra,
  });
}

it('keeps reading a renamed file while its writer still writes to it, then lets it go', async () => {
  const path = join(dir, 'app.log');
  const writer = await open(path, 'a');
  const got: string[] = [];
  const controller = new AbortController();
  const t = tailer(path, got, controller, { rotationGraceMs: 400 });
  await writer.write('a1\n');
  await t.check();
  expect(got).toEqual(['a1']);
  renameSync(path, `${path}.1`);
  writeFileSync(path, 'b1\n');
  await t.check();
  expect(got).toEqual(['a1', 'b1']);
  // The old writer has not reopened yet: it writes to the renamed file for longer than the grace time.
  for (let i = 2; i <= 5; i += 1) {
    await new Promise((r) => setTimeout(r, 250));
    await writer.write(`a${i}\n`);
    await t.check();
  }
  expect(got).toEqual(['a1', 'b1', 'a2', 'a3', 'a4', 'a5']);
  // Time passing is the point here (not a wait for something): the writer falls silent for longer than the grace time.
  await new Promise((r) => setTimeout(r, 500));
  await t.check();
  expect(t.holds(...(await writer.stat().then((s) => [s.dev, s.ino] as const)))).toBe(false);
  await writer.close();
  await t.close();
});

it('counts truncations and rotations, and never reads a reused rotated-away file', async () => {
  const path = join(dir, 'app.log');
  writeFileSync(path, 'one\n');
  const got: string[] = [];
  const controller = new AbortController();
  const t = tailer(path, got, controller);
  await t.check();
  renameSync(path, `${path}.1`);
  writeFileSync(path, 'two\n');
  await t.check();
  // Someone writes over the renamed file (copy onto it): not ours any more.
  writeFileSync(`${path}.1`, 'copied\n');
  appendFileSync(path, 'three\n');
  await t.check();
  writeFileSync(path, 'four\n');
  await t.check();
  expect(got).toEqual(['one', 'two', 'three', 'four']);
  expect(t.rotations).toBe(1);
  expect(t.truncations).toBe(1);
  await t.close();
});

it('never hands out the middle of a file truncated and refilled while it reads (truncate and write are two syscalls)', async () => {
  // A line says how long it is, so a line read from the middle of another one is caught.
  const line = (round: number, n: number): string => {
    const body = `r${round} l${n} ${'x'.repeat(5 + ((round * 7 + n * 3) % 40))} #`;
    return `${body}${body.length}`;
  };
  const whole = (text: string): boolean => {
    const hash = text.lastIndexOf('#');
    return /^r\d+ l-?\d+ x+ #\d+$/.test(text) && Number(text.slice(hash + 1)) === hash + 1;
  };
  const turns = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i += 1) await new Promise((r) => setImmediate(r));
  };
  const path = join(dir, 'app.log');
  writeFileSync(path, '');
  const got: string[] = [];
  const controller = new AbortController();
  const t = tailer(path, got, controller);
  await t.check();
  for (let round = 0; round < 150; round += 1) {
    // Longer each round, so the refill always reaches past the offset of the old content.
    const lines = Array.from({ length: round + 2 }, (_, n) => line(round, n));
    appendFileSync(path, `${line(round, -1)}\n`);
    // The test runs between the check's steps (stat, reads): the truncation (open with
    // O_TRUNC) and the write land after a different one of them each round.
    const checking = t.check();
    await turns(round % 7);
    writeFileSync(path, `${lines.join('\n')}\n`);
    await checking;
    await t.check();
    expect(got.filter((l) => !whole(l))).toEqual([]);
    expect(got.slice(-lines.length)).toEqual(lines);
  }
  expect(new Set(got).size).toBe(got.length);
  await t.close();
});

it('waits for readAfter before its first read, and reads the file renamed away meanwhile before the new one', async () => {
  const path = join(dir, 'app.log');
  writeFileSync(path, 'old 1\nold 2\n');
  const got: string[] = [];
  const states: string[] = [];
  const controller = new AbortController();
  let release: () => void = () => undefined;
  const readAfter = new Promise<void>((done) => (release = done));
  const t = tailer(path, got, controller, { readAfter, status: (state) => states.push(state) });
  const first = t.check();
  await new Promise((r) => setTimeout(r, 50));
  expect(got).toEqual([]);
  expect(states).toEqual(['starting']);
  // Rotated while it waited: the old file is app.log.1 now, and a new app.log took its place.
  appendFileSync(path, 'old 3\n');
  renameSync(path, `${path}.1`);
  writeFileSync(path, 'new 1\n');
  release();
  await first;
  await t.check();
  expect(got).toEqual(['old 1', 'old 2', 'old 3', 'new 1']);
  await t.close();
});
