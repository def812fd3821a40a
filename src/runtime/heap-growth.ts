/**
 * The monitor's heap growth. V8 lets its heap grow to several times the live data before a
 * full collection when allocation is fast (a 15-minute high-cardinality window: 58 MB live
 * in a 310 MB heap, 490 MB RSS). The monitor is a long-lived process on a small shared
 * host, so it asks V8 for a growth factor of 1.5 instead: 197 MB heap, 323 MB RSS, the
 * same ingest time (BENCHMARKS.md, monitor memory). `report` keeps V8's default: it is a
 * short batch job that trades memory for throughput.
 */
import { setFlagsFromString } from 'node:v8';

/** Heap growth factor above live size, in per cent (V8's `--heap-growing-percent`). */
export const MONITOR_HEAP_GROWING_PERCENT = 50;

/**
 * Ask V8 for the monitor's growth factor. V8 reads this flag at every collection, so it
 * takes effect when set at run time (checked on Node 22 and 26); a flag given to Node
 * (`node --heap-growing-percent=N`, or in NODE_OPTIONS) wins, for anyone who wants another value.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
  setFlags: (flags: string) => void = setFlagsFromString,
): void {
  const named = (a: string) => /^--heap[-_]growing[-_]percent/.test(a);
  if (execArgv.some(named) || nodeOptions.split(/\s+/).some(named)) return;
  setFlags(`--heap-growing-percent=${MONITOR_HEAP_GROWING_PERCENT}`);
}
