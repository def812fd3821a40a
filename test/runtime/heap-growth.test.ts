import { describe, expect, it } from 'vitest';
import { limitHeapGrowth, MONITOR_HEAP_GROWING_PERCENT } from '../../src/runtime/heap-growth.js';

describe('limitHeapGrowth', () => {
  const run = (execArgv: string[], nodeOptions = '') => {
    const set: string[] = [];
    limitHeapGrowth(execArgv, nodeOptions, (f) => set.push(f));
    return set;
  };

  it("asks V8 for the monitor's growth factor", () => {
    expect(run([])).toEqual([`--heap-growing-percent=${MONITOR_HEAP_GROWING_PERCENT}`]);
    expect(run(['--expose-gc'], '--max-old-space-size=512')).toHaveLength(1);
  });

  it('leaves a factor given to Node alone, on its command line or in NODE_OPTIONS', () => {
    expect(run(['--heap-growing-percent=20'])).toEqual([]);
    expect(run(['--heap_growing_percent=20'])).toEqual([]);
    expect(run([], '--expose-gc --heap-growing-percent=80')).toEqual([]);
  });
});
