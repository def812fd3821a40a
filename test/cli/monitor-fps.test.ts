/**
 * `--fps` is bounded (1 to 60): below 1 a frame stays on screen for minutes and, before
 * the bound, `--fps 0.001` froze the monitor and left the process running after `q`.
 * Out-of-range values are a usage error (exit 2, one line saying the range) before the
 * monitor touches the terminal.
 */
import { describe, expect, it } from 'vitest';
import { FPS_RANGE, runMonitorCommand } from '../../src/cli/monitor-command.js';
import { bufferIo } from './buffer-io.js';

async function monitor(...args: string[]) {
  const io = bufferIo();
  const code = await runMonitorCommand(['--demo', ...args], io);
  return { code, err: io.err(), out: io.out() };
}

describe('--fps', () => {
  it('is bounded from 1 to 60', () => {
    expect(FPS_RANGE).toEqual({ min: 1, max: 60 });
  });

  for (const value of ['0.001', '0.5', '0', '-5', '61', '1000', 'abc', '', 'Infinity', 'NaN', '1e9']) {
    it(`refuses "${value}" with a usage error naming the range`, async () => {
      const r = await monitor(`--fps=${value}`);
      expect(r.code).toBe(2);
      const [first, ...rest] = r.err.trimEnd().split('\n');
      expect(first).toBe(`tlstop monitor: --fps must be a number from 1 to 60 (got "${value}")`);
      expect(rest).toEqual(['Run `tlstop --help` for the options.']);
      expect(r.out).toBe('');
    });
  }

  for (const value of ['1', '10', '24.5', '60']) {
    it(`accepts ${value} (then stops only because the test has no terminal)`, async () => {
      const r = await monitor(`--fps=${value}`);
      expect(r.err).not.toContain('--fps');
      expect(r.err).toContain('needs an interactive terminal');
    });
  }
});
