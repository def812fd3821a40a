import { describe, expect, it } from 'vitest';
import { limitHeapGrowth, MONITOR_HEAP_FLAGS, MONITOR_HEAP_GROWING_PERCENT } from '../../src/runtime/heap-growth.js';

describe('limitHeapGrowth', () => {
  const run = (execArgv: string[], nodeOptions = '') => {
    const set: string[] = [];
    limitHeapGrowth(execArgv, nodeOptions, (f) => set.push(f));
    return set;
  };

  it("asks V8 for the monitor's heap: growth factor, memory-saving mode, young generation at its starting size", () => {
    expect(run([])).toEqual([
      `--heap-growing-percent=${MONITOR_HEAP_GROWING_PERCENT}`,
      '--optimize-for-size',
      '--semi-space-growth-factor=1',
    ]);
    expect(run(['--expose-gc'], '--max-old-space-size=512')).toEqual(MONITOR_HEAP_FLAGS);
  });

  it('leaves a flag given to Node alone, on its command line or in NODE_OPTIONS, in either spelling, and sets the others', () => {
    expect(run(['--heap-growing-percent=20'])).toEqual(['--optimize-for-size', '--semi-space-growth-factor=1']);
    expect(run(['--heap_growing_percent=20'])).toEqual(['--optimize-for-size', '--semi-space-growth-factor=1']);
    expect(run([], '--expose-gc --heap-growing-percent=80')).toEqual(['--optimize-for-size', '--semi-space-growth-factor=1']);
    expect(run(['--no-optimize-for-size'])).toEqual([
      `--heap-growing-percent=${MONITOR_HEAP_GROWING_PERCENT}`,
      '--semi-space-growth-factor=1',
    ]);
    expect(run([], '--semi_space_growth_factor=2 --optimize_for_size')).toEqual([`--heap-growing-percent=${MONITOR_HEAP_GROWING_PERCENT}`]);
  });
});
