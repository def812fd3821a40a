/**
 * The file source under a real `ulimit -n`: thousands of files followed through the
 * follow path, every line exactly once, with the number of open descriptors bounded; and
 * when the system refuses descriptors anyway, a retry that says so on the status line.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFollower } from './child-follower.js';
import { tempDir } from './collect-sink.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function writeGzipFiles(count: number, linesEach: number): void {
  for (let i = 0; i < count; i += 1) {
    let text = '';
    for (let j = 0; j < linesEach; j += 1) text += `gz ${i} line ${j}\n`;
    writeFileSync(join(dir, `f${String(i).padStart(4, '0')}.log.gz`), gzipSync(text));
  }
}

it('follows 3,000 .gz files under ulimit -n 256: every line once, descriptors well under the limit', { timeout: 120_000 }, async () => {
  writeGzipFiles(3000, 5);
  const follower = startFollower([dir], { expectLines: 15_000, deadlineMs: 90_000, descriptorLimit: 256 });
  const report = await follower.report;
  expect(report.problems).toEqual([]);
  expect(report.received).toBe(15_000);
  expect(report.distinct).toBe(15_000);
  expect(report.duplicates).toBe(0);
  expect(report.exhausted).toBe(false);
  // A quarter of the limit for files, plus what Node and the runtime hold.
  expect(report.peakDescriptors).toBeLessThan(160);
});

it(
  'follows 400 plain files that keep growing under ulimit -n 256: quiet files give their descriptor back',
  { timeout: 120_000 },
  async () => {
    const paths: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      const path = join(dir, `p${String(i).padStart(3, '0')}.log`);
      writeFileSync(path, `p${i} old\n`);
      paths.push(path);
    }
    const follower = startFollower([dir], { expectLines: 400 * 3, deadlineMs: 90_000, descriptorLimit: 256 });
    await follower.ready;
    for (let round = 0; round < 2; round += 1) for (const [i, path] of paths.entries()) appendFileSync(path, `p${i} new ${round}\n`);
    const report = await follower.report;
    expect(report.problems).toEqual([]);
    expect(report.received).toBe(1200);
    expect(report.distinct).toBe(1200);
    expect(report.exhausted).toBe(false);
    expect(report.peakDescriptors).toBeLessThan(160);
  },
);

it(
  'when the system refuses descriptors anyway (a budget above ulimit -n), retries, says so, and loses nothing',
  { timeout: 120_000 },
  async () => {
    writeGzipFiles(1000, 3);
    // 200 allowed by the budget, 64 by the process: opens fail with EMFILE and are retried.
    const follower = startFollower([dir], { expectLines: 3000, deadlineMs: 90_000, descriptorLimit: 64, maxOpenFiles: 200 });
    const report = await follower.report;
    expect(report.problems).toEqual([]);
    expect(report.received).toBe(3000);
    expect(report.distinct).toBe(3000);
    expect(report.retryMessages.some((m) => /too many open files/.test(m) && /retrying/.test(m))).toBe(true);
  },
);
