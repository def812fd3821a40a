/**
 * Entry point: picks the command (the live monitor by default, `report`, `events`,
 * `validate`) and returns its exit status. Each command module parses its own options.
 */
import { readFileSync } from 'node:fs';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { processIo, untilInterrupted, type CliIo } from './io.js';

export const MAIN_HELP = `tlstop: live monitor for mutual-TLS traffic on AWS

Usage:
  tlstop [sources] [options]        live monitor (terminal UI)
  tlstop --demo                     live monitor on a built-in demo (no AWS account needed)
  tlstop report [sources] [--json]  read logs to the end and print a summary
  tlstop events [sources] [--follow] [--json]
                                    print normalised events, one per line
  tlstop validate --trail-arn ARN --start-time T [...]
                                    validate CloudTrail log files against the digest chain

Run \`tlstop <command> --help\` for the options of each command.
  -h, --help       this help
  -V, --version    print the version
`;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Run tlstop with the given arguments; resolves to the exit status. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  switch (first) {
    case 'report': {
      const { runReportCommand } = await import('./report-command.js');
      return runReportCommand(rest, io);
    }
    case 'events': {
      const { runEventsCommand } = await import('./events-command.js');
      return runEventsCommand(rest, io);
    }
    case 'validate': {
      const { runValidateCommand } = await import('./validate-command.js');
      // Ctrl-C stops the walk cleanly (the progress line is erased) and exits 130.
      const { result, interrupted } = await untilInterrupted((signal) => runValidateCommand(rest, io, signal));
      return interrupted ? 130 : result;
    }
    case 'help':
      io.stdout.write(MAIN_HELP);
      return 0;
    case '-V':
    case '--version': {
      // Which output stage the monitor would draw with, without loading Ink.
      const { fastOutputStatus, installedInkVersion } = await import('../ui/ink/install-fast-output.js');
      const { cellDiffStatus } = await import('../ui/ink/install-cell-diff.js');
      io.stdout.write(
        `tlstop ${packageVersion()}\nnode ${process.version}\nink ${installedInkVersion()}\n${fastOutputStatus(io.env)}\n${cellDiffStatus(io.env)}\n`,
      );
      return 0;
    }
    default: {
      if (first === '-h' || first === '--help') {
        const { MONITOR_HELP } = await import('./monitor-help.js');
        io.stdout.write(MAIN_HELP + '\n' + MONITOR_HELP);
        return 0;
      }
      if (first !== undefined && !first.startsWith('-')) {
        io.stderr.write(`tlstop: unknown command "${sanitizeForTerminal(first, 200)}"\n\n${MAIN_HELP}`);
        return 2;
      }
      // Ink stops drawing live frames when it believes it runs in CI (CI or
      // CONTINUOUS_INTEGRATION set, read once when Ink loads). The monitor only ever runs
      // on an interactive terminal, so those variables must not blank its screen.
      if (io.stdout.isTTY) {
        delete process.env.CI;
        delete process.env.CONTINUOUS_INTEGRATION;
      }
      const { runMonitorCommand } = await import('./monitor-command.js');
      return runMonitorCommand(argv, io);
    }
  }
}
