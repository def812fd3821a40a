// Temporary manual integration check (not committed): real store + demo + file source + my UI.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../src/aggregation/index.js';
import { StatusBoard } from '../../src/pipeline/status-board.js';
import { createIngestSink } from '../../src/pipeline/ingest-sink.js';
import { startDemo } from '../../src/sources/demo/index.js';
import { createFileSource } from '../../src/sources/files/index.js';
import { runSources } from '../../src/cli/build-sources.js';
import { loadTheme, renderApp } from '../../src/ui/index.js';
import { snapshotText } from '../../src/ui/snapshot-text.js';
import { writeFileSync } from 'node:fs';

const controller = new AbortController();
const statuses = new StatusBoard();
const store = createStore({ initialWindowMs: 300_000, historyMs: 7_200_000 });
const dir = await mkdtemp(join(tmpdir(), 'tlstop-ui-try-'));
const demo = await startDemo({ dir, signal: controller.signal, onError: (e) => statuses.set({ id: 'demo', label: 'demo', state: 'error', message: e.message }) });
const sources = [createFileSource({ patterns: [demo.logDir], fromStart: true, follow: true })];
const sink = createIngestSink(store, { onStatus: (s) => statuses.set(s) });
store.start();
void runSources(sources, sink, controller.signal);
const app = renderApp({
  store, statuses,
  exportSnapshot: async (snap) => { const p = join(dir, 'export.txt'); writeFileSync(p, snapshotText(snap, statuses.getSnapshot())); return { jsonPath: p, textPath: p }; },
  theme: loadTheme(process.env['THEME']).theme,
  alerts: { failureRatePct: 20 },
  windows: [60_000, 300_000, 900_000, 3_600_000], initialWindowMs: 300_000,
  onQuit: () => app.unmount(), bell: () => process.stdout.write('\x07'),
}, { incrementalRendering: process.env['INCR'] !== '0' });
await app.waitUntilExit();
controller.abort();
store.stop();
process.exit(0);
