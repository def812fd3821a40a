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

  it('is in the report and monitor help, with the permission it needs, and not in the help of events, which shows no names', async () => {
    expect(REPORT_HELP).toMatch(/--resolve-names +show each distribution's first alias \(or its comment\) beside its ID,/);
    expect(REPORT_HELP).toContain('cloudfront:ListDistributions');
    expect(MONITOR_HELP).toMatch(/--resolve-names +show each distribution's first alias \(or its comment\) beside its ID,/);
    expect(MONITOR_HELP).toContain('cloudfront:ListDistributions');
    expect(SOURCE_OPTION_HELP).not.toContain('--resolve-names');
    const io = bufferIo();
    expect(await main(['events', '--help'], io)).toBe(0);
    expect(io.out()).not.toContain('--resolve-names');
  });

  it('is a usage error in events, which would not show the names (never silently ignored); the monitor takes it', async () => {
    const io = bufferIo();
    expect(await main(['events', '--file', 'a.log', '--resolve-names'], io)).toBe(2);
    expect(io.err()).toMatch(/--resolve-names works with the monitor and `tlstop report`/);
    const monitor = bufferIo();
    await main(['--file', 'a.log', '--resolve-names'], monitor);
    expect(monitor.err()).not.toMatch(/resolve-names|Unknown option/);
  });

  it('report accepts it (the display comes with the store that shows names)', async () => {
    const io = bufferIo();
    expect(await main(['report', '--file', '/nonexistent/tlstop-resolve-names.log', '--resolve-names', '--json'], io)).toBe(2);
    expect(io.err()).not.toMatch(/Unknown option/);
  });
});
