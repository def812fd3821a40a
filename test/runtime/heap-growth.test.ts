import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  limitHeapGrowth,
  MONITOR_HEAP_FLAGS,
  MONITOR_HEAP_GROWING_PERCENT,
  MONITOR_POOL_FLAG,
  monitorHeapFlags,
} from '../../src/runtime/heap-growth.js';

describe('limitHeapGrowth', () => {
  const run = (execArgv: string[], nodeOptions = '', flags: readonly string[] = MONITOR_HEAP_FLAGS) => {
    const set: string[] = [];
    limitHeapGrowth(execArgv, nodeOptions, (f) => set.push(f), flags);
    return set;
  };
  const growth = `--heap-growing-percent=${MONITOR_HEAP_GROWING_PERCENT}`;

  it("asks V8 for the monitor's heap: a growth factor, the young generation at its starting size", () => {
    expect(run([])).toEqual([growth, '--semi-space-growth-factor=1']);
    expect(run(['--expose-gc'], '--max-old-space-size=512')).toEqual(MONITOR_HEAP_FLAGS);
  });

  it('leaves a flag given to Node alone, on its command line or in NODE_OPTIONS, in either spelling, and sets the others', () => {
    expect(run(['--heap-growing-percent=20'])).toEqual(['--semi-space-growth-factor=1']);
    expect(run(['--heap_growing_percent=20'])).toEqual(['--semi-space-growth-factor=1']);
    expect(run([], '--expose-gc --heap-growing-percent=80')).toEqual(['--semi-space-growth-factor=1']);
    expect(run([], '--semi_space_growth_factor=2')).toEqual([growth]);
    expect(run(['--no-heap-growing-percent', '--semi-space-growth-factor=4'])).toEqual([]);
    const all = monitorHeapFlags('14.6.202.34-node.34');
    expect(run(['--memory-pool-timeout=8'], '', all)).toEqual(MONITOR_HEAP_FLAGS);
  });

  it("returns freed pages at once only on a V8 that knows the flag (Node 26's, not Node 22's)", () => {
    expect(monitorHeapFlags('14.6.202.34-node.34')).toEqual([...MONITOR_HEAP_FLAGS, MONITOR_POOL_FLAG]);
    expect(monitorHeapFlags('12.4.254.21-node.56')).toEqual(MONITOR_HEAP_FLAGS);
  });

  it('sets every flag on the Node running the tests without a word on the terminal', () => {
    // An unknown flag makes V8 print "unrecognized flag" to stderr: nothing may be printed.
    const flags = JSON.stringify(monitorHeapFlags());
    const r = spawnSync(
      process.execPath,
      ['-e', `for (const f of ${flags}) require('node:v8').setFlagsFromString(f); process.stdout.write('set')`],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('set');
  });
});
