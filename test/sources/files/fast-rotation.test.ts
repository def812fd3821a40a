/**
 * A writer that rotates faster than the reader looks: 100,000 lines, a rotation every
 * 5,000 with no pause (numbered copies shifting up, every third rotation by copytruncate),
 * in a process of its own. Files created and renamed away before the reader opened them
 * must be read too: every line exactly once, as `tail -F` manages.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runRotatingWriter, startFollower } from './child-follower.js';
import { tempDir } from './collect-sink.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

it('reads 100,000 lines exactly once across 19 rotations with no pause, every third by copytruncate', { timeout: 120_000 }, async () => {
  const path = join(dir, 'app.log');
  writeFileSync(path, '');
  const follower = startFollower([path], { expectLines: 100_000, deadlineMs: 60_000 });
  await follower.ready;
  const rotations = await runRotatingWriter(path, 100_000, 5_000, 100);
  expect(rotations).toEqual({ renames: 13, copytruncates: 6 });
  const report = await follower.report;
  expect(report.problems).toEqual([]);
  expect(report.missing).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.received).toBe(100_000);
  expect(report.distinct).toBe(100_000);
});
