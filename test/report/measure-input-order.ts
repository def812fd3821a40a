/**
 * Measures how the order of report inputs changes what the change detector finds:
 * `npx tsx test/report/measure-input-order.ts` (`UNORDERED=1` reads the files in the
 * order named, as before the time-ordered read). Writes the demo story as rotated and
 * side-by-side log files and reads each case through the report's own sources, store and
 * change detector.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReportAggregator } from '../../src/aggregation/index.js';
import { EMPTY_FILTER } from '../../src/aggregation/types.js';
import { buildSources, runSources } from '../../src/cli/build-sources.js';
import { readSourceOptions } from '../../src/cli/source-options.js';
import { createIngestSink } from '../../src/pipeline/ingest-sink.js';
import { BAD_CA_DISTRIBUTION } from '../../src/sources/demo/index.js';
import { writeInputOrderCases } from './input-order-cases.js';

async function measure(files: string[]): Promise<string> {
  const options = readSourceOptions({ file: files }, Date.now(), { fromStart: true });
  if (options instanceof Error) throw options;
  const store = createReportAggregator();
  const sink = createIngestSink(store, {});
  const sources = await buildSources(options, { follow: false, orderByTime: process.env.UNORDERED !== '1' });
  if (sources instanceof Error) throw sources;
  const started = performance.now();
  await runSources(sources, sink, new AbortController().signal);
  const ms = performance.now() - started;
  const view = store.section('changes', { filter: EMPTY_FILTER, windowMs: Infinity, mark: null });
  const untrusted = view.changes.find((c) => c.distributionId === BAD_CA_DISTRIBUTION && c.failureCode === 'ClientCertUntrusted');
  const found = untrusted
    ? `untrusted ${(untrusted.onset % 600_000) / 1000}s..${untrusted.end === null ? '-' : (untrusted.end % 600_000) / 1000}s`
    : 'untrusted NOT FOUND';
  return `${sink.counts.events} events, ${view.lateEvents} late, ${view.changes.length} changes (${view.changes.map((c) => c.failureCode).join(',')}), ${found}, ${ms.toFixed(0)} ms`;
}

const dir = await mkdtemp(join(tmpdir(), 'tlstop-order-'));
try {
  await mkdir(dir, { recursive: true });
  const cases = await writeInputOrderCases(dir);
  for (const c of cases) console.log(`${c.name.padEnd(44)} ${await measure(c.files)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
