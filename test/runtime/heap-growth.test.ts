import { describe, expect, it } from 'vitest';
import { limitHeapGrowth, MONITOR_HEAP_FLAGS, MONITOR_HEAP_GROWING_PERCENT } from '../../src/runtime/heap-growth.js';

describe('limitHeapGrowth', () => {
  const run = (execArgv: string[], nodeOptions = '') => {
    const set: string[] = [];
    limitHeapGrowth(execArgv, nodeOptions, (f) => set.push(f));
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
  });
});
