/**
 * Child process for tests that need real process limits (`ulimit -n`): follows the paths
 * in argv through the file source's follow mode and prints one JSON line to stdout once
 * `TLSTOP_EXPECT_LINES` lines have arrived (or after `TLSTOP_DEADLINE_MS`): the lines seen per
 * distinct text, the numbers missing or seen twice (for `seq=N` lines), the peak of open
 * descriptors, the statuses that said "error", and the messages of those that said
 * "retrying". A first line `{"ready":true}` says following has begun.
 */
import { readdirSync } from 'node:fs';
import { createFileSource } from '../../../src/sources/files/index.js';
import type { LineBatch, SourceStatus } from '../../../src/sources/types.js';

const expected = Number(process.env.TLSTOP_EXPECT_LINES ?? '0');
const counts = new Map<string, number>();
let received = 0;
let peakDescriptors = 0;
const problems: SourceStatus[] = [];
const controller = new AbortController();

/** Open descriptors now; when even listing them fails, the limit itself was reached. */
let exhausted = false;
function openDescriptors(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    exhausted = true;
    return 0;
  }
}
const sampler = setInterval(() => {
  peakDescriptors = Math.max(peakDescriptors, openDescriptors());
}, 5);

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  clearInterval(sampler);
  controller.abort();
  let duplicates = 0;
  for (const n of counts.values()) if (n > 1) duplicates += n - 1;
  // Lines numbered `seq=NNNNNNN`: which numbers below the highest never arrived.
  const seqs = [...counts.keys()]
    .map((line) => /^seq=(\d+)/.exec(line)?.[1])
    .filter((m) => m !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const missing: string[] = [];
  const twice = [...counts.entries()]
    .filter(([, n]) => n > 1)
    .map(([line]) => /^seq=(\d+)/.exec(line)?.[1])
    .filter((m) => m !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const duplicated = twice.length > 0 ? [`${twice[0]}-${twice.at(-1)}`] : [];
  for (let i = 0, next = 0; i < seqs.length; next = seqs[i]! + 1, i += 1) if (seqs[i]! > next) missing.push(`${next}-${seqs[i]! - 1}`);
  process.stdout.write(
    JSON.stringify({
      received,
      distinct: counts.size,
      duplicates,
      missing: missing.slice(0, 20),
      duplicated,
      highest: seqs.at(-1),
      peakDescriptors,
      exhausted,
      problems: problems.slice(0, 20),
      problemCount: problems.length,
      retryMessages: [...retryMessages].slice(0, 5),
    }) + '\n',
  );
}

const maxOpenFiles = process.env.TLSTOP_MAX_OPEN_FILES ? Number(process.env.TLSTOP_MAX_OPEN_FILES) : undefined;
const source = createFileSource({ patterns: process.argv.slice(2), fromStart: true, follow: true, ...(maxOpenFiles && { maxOpenFiles }) });
let ready = false;
const retryMessages = new Set<string>();
const running = source.run(
  {
    lines(batch: LineBatch) {
      peakDescriptors = Math.max(peakDescriptors, openDescriptors());
      for (const line of batch.lines) counts.set(line, (counts.get(line) ?? 0) + 1);
      received += batch.lines.length;
      if (expected > 0 && received >= expected) setTimeout(finish, Number(process.env.TLSTOP_SETTLE_MS ?? '500'));
    },
    status(status: SourceStatus) {
      if (!ready) {
        ready = true;
        process.stdout.write('{"ready":true}\n');
      }
      if (status.state === 'retrying') retryMessages.add(status.message ?? '');
      else if (status.state === 'error') problems.push(status);
    },
  },
  controller.signal,
);
setTimeout(finish, Number(process.env.TLSTOP_DEADLINE_MS ?? '60000')).unref();
await running;
