#!/usr/bin/env node
// Runs the whole vitest suite once on each supported runtime: the LTS that the executable
// embeds (the `node` devDependency, which is also the Node npm scripts run on) and the
// floor (the `node-22` devDependency, the oldest line `engines` allows). Both come from the registry through
// `npm ci`, so a machine with any other Node runs the same two. Then it prints one plain
// closing line ("tests: N passed, N failed, N skipped", both runs added up) that CI reads,
// and exits non-zero on any failure.
//
// TLSTOP_TEST_RUNTIMES=lts (or =floor) runs one of the two; arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, resolve } from 'node:path';

/** The binaries the `node` and `node-22` devDependencies install (the platform's own build). */
const RUNTIMES = [
  { name: 'lts', bin: resolve('node_modules/node/bin/node'), exclude: [] },
  // Files whose outcome does not depend on the Node that runs vitest run once, on the LTS:
  // the executable embeds its own Node, and the npm-route test installs the package with
  // both runtimes itself. They are the slowest files (qemu, a local registry).
  { name: 'floor', bin: resolve('node_modules/node-22/bin/node'), exclude: ['test/exe/**', 'test/e2e/npm-route.test.ts'] },
];

function runtimes() {
  const all = RUNTIMES;
  const wanted = (process.env.TLSTOP_TEST_RUNTIMES ?? 'lts,floor').split(',').map((s) => s.trim());
  return all.filter((r) => wanted.includes(r.name));
}

function versionOf(bin) {
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

/** One vitest run on `bin`; its counts, or null when it produced no report. */
function runSuite(bin, results, exclude) {
  rmSync(results, { force: true });
  // Tests that start `node` by name (the tmux ones) get the same binary first on PATH.
  const env = { ...process.env, PATH: `${dirname(bin)}${delimiter}${process.env.PATH ?? ''}` };
  const run = spawnSync(
    bin,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${results}`,
      ...exclude.flatMap((glob) => ['--exclude', glob]),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env },
  );
  try {
    const json = JSON.parse(readFileSync(results, 'utf8'));
    return {
      status: run.status,
      passed: json.numPassedTests,
      // A file that fails to load has no failed test but a failed suite: count it once.
      failed: json.numFailedTests || (json.numFailedTestSuites ?? 0),
      skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    };
  } catch {
    return { status: run.status ?? 1, passed: 0, failed: 1, skipped: 0, noReport: true };
  }
}

const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let failed = false;
for (const { name, bin, exclude } of runtimes()) {
  const version = existsSync(bin) ? versionOf(bin) : null;
  if (!version) {
    lines.push(`${name}: no Node at ${bin} (run \`npm ci\`)`);
    total.failed++;
    failed = true;
    continue;
  }
  process.stdout.write(`\n=== the whole suite on Node ${version} (${name}) ===\n`);
  const results = `.vitest-results-${name}.json`;
  const r = runSuite(bin, results, exclude);
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  lines.push(
    `Node ${version} (${name}): ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.noReport ? ' (no report)' : ''}${exclude.length > 0 ? ` (run once, on the LTS: ${exclude.join(', ')})` : ''}`,
  );
  if (r.status !== 0 || r.failed > 0 || r.passed === 0) failed = true;
}
process.stdout.write(`\n${lines.join('\n')}\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(failed ? 1 : 0);
