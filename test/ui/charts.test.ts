import { describe, expect, it } from 'vitest';
import { bar, progressBar, sparkline } from '../../src/ui/charts.js';

describe('sparkline', () => {
  it('maps values from zero to the maximum onto the eight blocks', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
  });
  it('shows null and non-finite values as gaps', () => {
    expect(sparkline([7, null, 7, Number.NaN], 4)).toBe('█ █ ');
  });
  it('left-pads short series and keeps only the newest values of long ones', () => {
    expect(sparkline([7], 3)).toBe('  █');
    expect(sparkline([0, 0, 0, 7, 7], 2)).toBe('██');
  });
  it('draws an all-zero series at the floor and an empty one as spaces', () => {
    expect(sparkline([0, 0], 2)).toBe('▁▁');
    expect(sparkline([], 3)).toBe('   ');
    expect(sparkline([1, 2], 0)).toBe('');
  });
  it('can scale from the minimum instead of zero', () => {
    expect(sparkline([100, 107], 2, false)).toBe('▁█');
  });
});

describe('bar', () => {
  it('fills whole cells and ends with an eighth block', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██  ');
    expect(bar(9, 16, 4)).toBe('██▎ ');
  });
  it('shows at least a sliver for any non-zero value', () => {
    expect(bar(1, 1_000_000, 4)).toBe('▏   ');
  });
  it('is blank for zero, negative or no maximum', () => {
    expect(bar(0, 10, 3)).toBe('   ');
    expect(bar(5, 0, 3)).toBe('   ');
    expect(bar(-1, 10, 3)).toBe('   ');
  });
  it('never exceeds its width', () => {
    expect(bar(20, 10, 3)).toBe('███');
  });
});

describe('progressBar', () => {
  it('is bracketed and exactly the width asked', () => {
    expect(progressBar(0, 10)).toBe('[        ]');
    expect(progressBar(0.5, 10)).toBe('[████    ]');
    expect(progressBar(1, 10)).toBe('[████████]');
    expect(progressBar(0.3, 10)).toBe('[██▍     ]');
  });
  it('clamps odd fractions', () => {
    expect(progressBar(2, 6)).toBe('[████]');
    expect(progressBar(Number.NaN, 6)).toBe('[    ]');
    expect(progressBar(0.5, 2)).toBe('');
  });
});
