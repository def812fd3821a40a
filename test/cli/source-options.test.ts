import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MONITOR_HELP } from '../../src/cli/monitor-help.js';
import { REPORT_HELP } from '../../src/cli/report-command.js';
import { readSourceOptions, SOURCE_OPTION_HELP, SOURCE_OPTION_SPEC, type SourceOptions } from '../../src/cli/source-options.js';
import { bufferIo } from './buffer-io.js';

function read(args: string[]): SourceOptions {
  const { values } = parseArgs({ args, options: SOURCE_OPTION_SPEC, strict: true, allowPositionals: false });
  const options = readSourceOptions(values, Date.now(), { fromStart: false });
  if (options instanceof Error) throw options;
  return options;
}

describe('--resolve-names', () => {
  it('is off unless given, and a plain flag', () => {
    expect(read(['--file', 'a.log']).resolveNames).toBe(false);
    expect(read(['--file', 'a.log', '--resolve-names']).resolveNames).toBe(true);
    expect(() => read(['--resolve-names=yes'])).toThrow(/does not take an argument/);
  });

  it('is in the monitor and report help, with the permission it needs, and not in the shared source options of events', async () => {
    for (const help of [MONITOR_HELP, REPORT_HELP]) {
      expect(help).toMatch(/--resolve-names +show each distribution's first alias \(or its comment\) beside its ID,/);
      expect(help).toContain('cloudfront:ListDistributions');
    }
    expect(SOURCE_OPTION_HELP).not.toContain('--resolve-names');
    const io = bufferIo();
    expect(await main(['events', '--help'], io)).toBe(0);
    expect(io.out()).not.toContain('--resolve-names');
  });

  it('report accepts it (the display comes with the store that shows names)', async () => {
    const io = bufferIo();
    expect(await main(['report', '--file', '/nonexistent/tlstop-resolve-names.log', '--resolve-names', '--json'], io)).toBe(2);
    expect(io.err()).not.toMatch(/Unknown option/);
  });
});
