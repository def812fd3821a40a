/**
 * The monitor's heap profile. Left to its defaults, V8 sizes the heap for throughput: it
 * lets the old generation grow to several times the live data before a full collection
 * when allocation is fast, and grows the young generation to 2 x 32 MB when objects
 * survive (a 15-minute high-cardinality window: 58 MB live, 490 MB RSS). The monitor is a
 * long-lived process on a small shared host, so it asks for a smaller heap
 * (BENCHMARKS.md, monitor memory, has RSS and CPU in the same run):
 * - a growth factor of 1.5 above live data (`--heap-growing-percent=50`);
 * - a young generation that keeps its starting size (`--semi-space-growth-factor=1`):
 *   a full high-cardinality window 237 MB RSS against 333; the monitor's CPU the same at
 *   2,000-5,000 events/s, 1-2 points of a core more at 40,000.
 * Not V8's memory-saving mode (`--optimize-for-size`): 25-30 % less RSS again, but it
 * compacts on every full collection, 21-23 % of a core at 5,000 events/s against 14 %.
 * `report` keeps V8's defaults: it is a short batch job that trades memory for throughput.
 */
import { setFlagsFromString } from 'node:v8';

/** Heap growth factor above live size, in per cent (V8's `--heap-growing-percent`). */
export const MONITOR_HEAP_GROWING_PERCENT = 50;

/** The V8 flags the monitor sets, each as `--name[=value]`. */
export const MONITOR_HEAP_FLAGS: readonly string[] = [
  `--heap-growing-percent=${MONITOR_HEAP_GROWING_PERCENT}`,
  '--semi-space-growth-factor=1',
];

/**
 * Pages V8 frees are kept in a pool for 8 s before they go back to the system
 * (`--memory-pool-timeout`, Node 26's V8). A collection of a full high-cardinality
 * window frees tens of MB of pages at once, so the pool was a fifth of the monitor's RSS
 * (BENCHMARKS.md, monitor memory); the monitor returns them at once. Only for a V8 that
 * has the flag: an older one prints "unrecognized flag" to the terminal.
 */
export const MONITOR_POOL_FLAG = '--memory-pool-timeout=0';

/** First V8 major version checked to have {@link MONITOR_POOL_FLAG} (Node 26's V8 14; Node 22's V8 12 has not). */
const POOL_FLAG_V8_MAJOR = 14;

/** The monitor's flags for the V8 of version `v8Version` (`process.versions.v8`). */
export function monitorHeapFlags(v8Version: string = process.versions.v8): readonly string[] {
  const major = Number(v8Version.split('.')[0]);
  return major >= POOL_FLAG_V8_MAJOR ? [...MONITOR_HEAP_FLAGS, MONITOR_POOL_FLAG] : MONITOR_HEAP_FLAGS;
}

/** A flag's name with `-` and `_` alike and any `no-` prefix and value dropped: `--semi_space_growth_factor=2` → `semi-space-growth-factor`. */
function flagName(arg: string): string {
  return arg.replace(/^--/, '').replace(/=.*$/, '').replaceAll('_', '-').replace(/^no-/, '');
}

/**
 * Set the monitor's heap flags. V8 reads each at every collection or resize, so they take
 * effect when set at run time (checked on Node 22 and 26), before the store fills. A flag
 * given to Node (`node --semi-space-growth-factor=2`, a `--no-` form, or in NODE_OPTIONS)
 * wins, for anyone who wants another value; the others are still set.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
  setFlags: (flags: string) => void = setFlagsFromString,
  flags: readonly string[] = monitorHeapFlags(),
): void {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].filter((a) => a.startsWith('--')).map(flagName));
  for (const flag of flags) if (!given.has(flagName(flag))) setFlags(flag);
}
