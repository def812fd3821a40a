#!/usr/bin/env node
// Runs the whole vitest suite, then prints one plain closing line
// ("tests: N passed, N failed, N skipped") that CI reads, and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const results = '.vitest-results.json';
rmSync(results, { force: true });
const run = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${results}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
let summary;
try {
  const json = JSON.parse(readFileSync(results, 'utf8'));
  summary = {
    passed: json.numPassedTests,
    // A file that fails to load has no failed test but a failed suite: count it once.
    failed: json.numFailedTests || (json.numFailedTestSuites ?? 0),
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
  };
} catch {
  summary = null;
}
if (summary) {
  process.stdout.write(`\ntests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
}
const failed = run.status !== 0 || !summary || summary.failed > 0 || summary.passed === 0;
process.exit(failed ? 1 : 0);
