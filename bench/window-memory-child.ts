/**
 * One process holding a live store as the monitor builds it (createStore with the
 * monitor's options, fed through the monitor's ingest sink and line parser), for
 * window-memory.bench.ts. Run by Node directly (type stripping), not inside the bench
 * process, so its RSS is its own:
 *
 *   node --expose-gc bench/window-memory-child.ts DIST_DIR window|hour|empty [breakdown]
 *
 * `window`: 900,000 lines over 15 minutes of event time (1,000/s), then RSS and heap
 * after a GC, and with `breakdown` the heap each structure retains (freed one by one).
 * `hour`: 2,000 lines/s for one hour of event time, the store's clock advanced with the
 * events (faster than wall time), RSS and heap sampled every simulated minute.
 * `empty`: the same process with an empty store (the fixed cost).
 * The line generator's source text comes in TLSTOP_BENCH_LINE (see high-cardinality.ts).
 * Like the monitor, it asks V8 for the monitor's heap growth when the build has it.
 * Prints one JSON object on stdout.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

type Aggregation = typeof import('../src/aggregation/index.js');
type Pipeline = typeof import('../src/pipeline/ingest-sink.js');

const [distDir, mode, extra] = process.argv.slice(2) as [string, string, string | undefined];
const agg = (await import(pathToFileURL(join(distDir, 'aggregation', 'index.js')).href)) as Aggregation;
const pipeline = (await import(pathToFileURL(join(distDir, 'pipeline', 'ingest-sink.js')).href)) as Pipeline;
// The monitor's heap growth (src/runtime/heap-growth.ts), in the builds that have it.
const heapGrowth = pathToFileURL(join(distDir, 'runtime', 'heap-growth.js')).href;
if (existsSync(new URL(heapGrowth))) ((await import(heapGrowth)) as { limitHeapGrowth: () => void }).limitHeapGrowth();
const line = new Function(`return (${process.env.TLSTOP_BENCH_LINE ?? ''})`)() as (i: number, t: number) => string;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const MINUTE = 60_000;
/** Seconds between reads of every section (TLSTOP_BENCH_SELECT_EVERY; 0: never, for comparison). */
const SELECT_EVERY = Number(process.env.TLSTOP_BENCH_SELECT_EVERY ?? 1) || Infinity;
const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

let now = T0;
// The monitor's store (src/cli/monitor-command.ts): default 15-minute window, 2 h of history.
const store = agg.createStore({ clock: () => now, historyMs: 2 * 60 * MINUTE, notifyIntervalMs: 1e9 });
const sink = pipeline.createIngestSink(store);

/** Feed `perSecond` lines a second for `seconds` seconds of event time, as the monitor would see them. */
function feed(perSecond: number, seconds: number, first: number, onMinute?: (minute: number) => void): number {
  let i = first;
  for (let s = 0; s < seconds; s++) {
    const lines: string[] = [];
    for (let n = 0; n < perSecond; n++, i++) lines.push(line(i, now + Math.floor((n * 1000) / perSecond)).slice(0, -1));
    sink.lines({ origin: '/var/log/cf.jsonl', lines });
    now += 1000;
    store.tick();
    // The panes read every section about once a second at this rate (and the store caches between).
    if ((s + 1) % SELECT_EVERY === 0) store.select({ ...store.defaultQuery });
    if (onMinute && (s + 1) % 60 === 0) onMinute((s + 1) / 60);
  }
  return i;
}

function measure(): { rssMb: number; heapMb: number; heapTotalMb: number; arrayBuffersMb: number } {
  const rss = process.memoryUsage.rss();
  gc();
  const m = process.memoryUsage();
  return { rssMb: mb(rss), heapMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), arrayBuffersMb: mb(m.arrayBuffers) };
}

/** Free what `obj` holds (its own properties), for the breakdown at the end of a run. */
function release(obj: unknown): void {
  if (obj === null || typeof obj !== 'object') return;
  for (const k of Object.keys(obj)) delete (obj as Record<string, unknown>)[k];
}

/** Heap plus array buffers (sketch bins, typed arrays live outside the V8 heap). */
function heapAfterGc(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

if (mode === 'empty') {
  store.select();
  gc();
  process.stdout.write(JSON.stringify({ ...measure(), rssAfterGcMb: mb(process.memoryUsage.rss()) }));
} else if (mode === 'window') {
  const started = performance.now();
  const events = feed(1000, Number(process.env.TLSTOP_BENCH_WINDOW_SECONDS ?? 15 * 60), 0);
  const seconds = (performance.now() - started) / 1000;
  const m = measure();
  const out: Record<string, unknown> = { ...m, rssAfterGcMb: mb(process.memoryUsage.rss()), events, seconds, stats: store.stats() };
  if (extra === 'breakdown') {
    // Free structures one by one; each step's heap drop is what that structure retained alone.
    const s = store as unknown as Record<string, unknown>;
    const timeline = (s.policy as { timeline: Record<string, unknown> }).timeline;
    const engine = s.engine as Record<string, unknown>;
    const inputs = engine.inputs as Record<string, unknown>;
    const parts: Array<[string, () => void]> = [
      ['series point cache', () => release(inputs.points)],
      ['connection summary cache', () => release(inputs.summaries)],
      ['row latency cache', () => release(inputs.rowLatency)],
      ['text bucket cache', () => release(inputs.textBuckets)],
      ['rest of the view engine (memo, frame context, top tables cache)', () => release(engine)],
      ['per-second count buckets (fine ring)', () => release(timeline.fine)],
      ['top-N slices (10 s ring)', () => release(timeline.slices)],
      ['coarse history (1 min ring)', () => release(timeline.coarse)],
      ['change detector', () => release(s.detector)],
      ['expiring certificates', () => release(s.expiring)],
      ['recent failures', () => release(s.recent)],
      ['group registry', () => release(s.groups)],
    ];
    const breakdown: Record<string, number> = {};
    let before = heapAfterGc();
    for (const [name, free] of parts) {
      free();
      const after = heapAfterGc();
      breakdown[name] = mb(before - after);
      before = after;
    }
    breakdown['rest (runtime, modules, parser)'] = mb(before);
    out.breakdown = breakdown;
  }
  process.stdout.write(JSON.stringify(out));
} else if (mode === 'hour') {
  const samples: Array<{ minute: number; rssMb: number; heapMb: number }> = [];
  const started = performance.now();
  feed(2000, 60 * 60, 0, (minute) => samples.push({ minute, ...measure() }));
  process.stdout.write(JSON.stringify({ samples, seconds: (performance.now() - started) / 1000 }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
