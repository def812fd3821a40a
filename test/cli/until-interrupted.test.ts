import { describe, expect, it } from 'vitest';
import { untilInterrupted } from '../../src/cli/io.js';

describe('untilInterrupted', () => {
  it('aborts the work on a named signal and removes its handlers afterwards', async () => {
    const before = process.listenerCount('SIGTERM');
    const outcome = await untilInterrupted(
      (signal) =>
        new Promise<string>((resolve) => {
          signal.addEventListener('abort', () => resolve('stopped'));
          process.emit('SIGTERM', 'SIGTERM');
        }),
      ['SIGINT', 'SIGTERM'],
    );
    expect(outcome).toEqual({ result: 'stopped', interrupted: true });
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('reports an uninterrupted run', async () => {
    const before = process.listenerCount('SIGINT');
    expect(await untilInterrupted(async () => 42)).toEqual({ result: 42, interrupted: false });
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
