/**
 * While the TUI owns the terminal, nothing else may write to it: process warnings (the
 * AWS SDK's NodeVersionSupportWarning on Node 20, for example) and stray console output
 * from libraries go to a log file instead, and the status board says where.
 *
 * The log may hold file paths, endpoints and error text, and $TMPDIR is shared on a
 * bastion host, so the file is private and cannot be redirected: on the first message,
 * a fresh directory from mkdtemp (mode 0700, `$TMPDIR/tlstop-XXXXXX/`) and in it
 * `diagnostics.log`, opened O_CREAT|O_EXCL|O_NOFOLLOW with mode 0600. Nothing is created
 * until something is written; when the route is undone, or the process exits, an empty
 * log and its directory are removed, and a log that holds messages is kept. What libraries
 * printed before the route was set (held by library-output.ts) is written first.
 */
import { closeSync, constants, fstatSync, mkdtempSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { describeFsError } from '../fs/read-regular-file.js';
import type { StatusBoard } from '../pipeline/status-board.js';
import { takeHeldLibraryOutput, warningText } from './library-output.js';

/** Name of the log inside its private directory. */
export const DIAGNOSTICS_FILE_NAME = 'diagnostics.log';

/** Where the diagnostics went, once the route is undone. */
export interface DiagnosticsOutcome {
  /** Messages received (written or not). */
  count: number;
  /** The log, when it holds messages and was kept; null when nothing was written (and nothing is left on disk). */
  keptPath: string | null;
}

/** The line to print once the screen is back when the log was kept (`tlstop: 2 diagnostic messages kept in PATH`), or ''. */
export function keptDiagnosticsNote(outcome: DiagnosticsOutcome): string {
  if (!outcome.keptPath) return '';
  return `tlstop: ${outcome.count} diagnostic message${outcome.count === 1 ? '' : 's'} kept in ${outcome.keptPath}\n`;
}

export interface DiagnosticsOptions {
  /** Directory the private log directory is made in (default: `os.tmpdir()`, read on the first message). */
  parentDir?: string;
}

/**
 * Route warnings and console output to a private log file; returns a function that undoes
 * it, removes the log when it is empty, and says where it is kept otherwise.
 */
export function routeDiagnosticsToFile(statuses: StatusBoard, options: DiagnosticsOptions = {}): () => DiagnosticsOutcome {
  let count = 0;
  let dir: string | null = null;
  let path: string | null = null;
  let fd: number | null = null;
  let failure: string | null = null;
  let written = false;

  const openLog = (): void => {
    if (fd !== null || failure !== null) return;
    const parent = options.parentDir ?? tmpdir();
    try {
      dir = mkdtempSync(join(parent, 'tlstop-'));
      path = join(dir, DIAGNOSTICS_FILE_NAME);
      fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      failure = `cannot create a log in ${parent}: ${describeFsError(error)}`;
      if (dir !== null) {
        try {
          rmdirSync(dir);
        } catch {
          // not ours to clean any further
        }
      }
      dir = path = null;
    }
  };

  const write = (kind: string, text: string, time = new Date()) => {
    count++;
    openLog();
    if (fd !== null) {
      try {
        writeSync(fd, `${time.toISOString()} ${kind} ${text}\n`);
        written = true;
      } catch {
        // nowhere left to write; drop it rather than corrupt the screen
      }
    }
    const plural = count === 1 ? '' : 's';
    const message =
      path !== null
        ? `${count} diagnostic message${plural} in ${path}`
        : `${count} diagnostic message${plural} dropped (${failure ?? 'no log'})`;
    statuses.set({ id: 'diagnostics', label: 'diagnostics', state: 'connected', note: true, message });
  };

  /** Close the log; remove it and its directory when empty. Synchronous: it also runs on process exit. */
  const cleanup = (): void => {
    if (fd !== null) {
      let empty = !written;
      try {
        empty = fstatSync(fd).size === 0;
      } catch {
        // keep what we believe
      }
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      fd = null;
      if (empty && path !== null) {
        try {
          unlinkSync(path);
        } catch {
          // gone already
        }
      }
    }
    if (dir !== null) {
      try {
        rmdirSync(dir); // only when empty: a log with messages stays
        dir = path = null;
      } catch {
        // not empty: kept
      }
    }
  };

  const previousWarningListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (warning: Error) => write('warning', warningText(warning));
  process.on('warning', onWarning);
  const held = takeHeldLibraryOutput();
  for (const message of held.messages) write(message.kind, message.text, message.time);
  if (held.dropped > 0) write('note', `${held.dropped} more messages came before the monitor started and were not kept`);
  process.on('exit', cleanup);
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  for (const key of Object.keys(saved) as Array<keyof typeof saved>) {
    console[key] = (...args: unknown[]) => write(`console.${key}`, format(...args));
  }
  let outcome: DiagnosticsOutcome | null = null;
  return () => {
    if (outcome) return outcome;
    process.off('warning', onWarning);
    process.off('exit', cleanup);
    for (const listener of previousWarningListeners) process.on('warning', listener as (w: Error) => void);
    Object.assign(console, saved);
    cleanup();
    outcome = { count, keptPath: path };
    return outcome;
  };
}
