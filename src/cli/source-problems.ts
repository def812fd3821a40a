/**
 * The sources of a headless command (`report`, `events`) that could not be read, and the
 * one place their problems are printed. A source's label (a file name, a log group) and its
 * message (which can quote an AWS error) come from outside, so both are sanitised here:
 * a file named `ESC]0;…BEL` neither retitles nor clears the user's terminal.
 */
import type { SourceStatus } from '../sources/types.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { CliIo } from './io.js';

/** Longest label and message shown (after escaping). */
const LABEL_MAX = 400;
const MESSAGE_MAX = 400;

/** `tlstop report: cannot read LABEL: MESSAGE`, escaped, without the newline. */
export function formatSourceProblem(command: string, status: SourceStatus): string {
  const label = sanitizeForTerminal(status.label, LABEL_MAX);
  const message = sanitizeForTerminal(status.message ?? (status.state === 'error' ? 'unreadable' : status.state), MESSAGE_MAX);
  return status.state === 'error'
    ? `tlstop ${command}: cannot read ${label}: ${message}`
    : `tlstop ${command}: ${label}: ${message} (${status.state})`;
}

export interface SourceProblems {
  /** Feed every source status here. */
  onStatus(status: SourceStatus): void;
  /** Whether some source ended unreadable (in the error state). */
  readonly failed: boolean;
  /** Print the problems of the sources still unreadable that were not printed yet. */
  printRemaining(): void;
}

/**
 * Track source problems for `command`. Unreadable sources are printed by
 * {@link SourceProblems.printRemaining}, after the output of the readable ones; with
 * `printErrorsAsTheyHappen` (a command that follows its sources) each error is printed when
 * it is reported instead, so a long-running command says at once what is wrong. With
 * `printRetries`, transient faults (throttling, a dropped connection) are printed as they
 * happen too.
 */
export function trackSourceProblems(
  io: CliIo,
  command: string,
  options: { printErrorsAsTheyHappen: boolean; printRetries: boolean },
): SourceProblems {
  const failures = new Map<string, SourceStatus>();
  const printed = new Set<string>();
  const print = (status: SourceStatus) => io.stderr.write(formatSourceProblem(command, status) + '\n');
  return {
    onStatus(status) {
      if (status.note) return;
      if (status.state === 'error') failures.set(status.id, status);
      else {
        failures.delete(status.id);
        printed.delete(status.id);
      }
      if ((status.state === 'error' && options.printErrorsAsTheyHappen) || (status.state === 'retrying' && options.printRetries)) {
        print(status);
        if (status.state === 'error') printed.add(status.id);
      }
    },
    get failed() {
      return failures.size > 0;
    },
    printRemaining() {
      for (const status of failures.values()) {
        if (printed.has(status.id)) continue;
        print(status);
        printed.add(status.id);
      }
    },
  };
}
