/**
 * What libraries print on their own is held back from the terminal, from the launcher's
 * first line on (bin/tlstop.js calls `holdLibraryOutput` before it loads the CLI): process
 * warnings (the AWS SDK's NodeVersionSupportWarning, Node's deprecation and experimental
 * warnings) and console output. Node's own warning printer is taken off and `console` is
 * replaced; tlstop itself never writes through either (only to its streams), so a headless
 * command's stdout and stderr carry its own output and nothing else, on any Node version.
 *
 * Held messages are kept in memory (the first {@link HELD_LIMIT}, and a count of the rest).
 * The monitor takes them into its private diagnostics log (process-warnings.ts), which
 * also receives whatever comes while it runs. `TLSTOP_DIAGNOSTICS=FILE` appends every held
 * message to FILE as it comes (created 0600, never through a symlink), for anyone who wants
 * to see what a library said during a headless run.
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { format } from 'node:util';

/** How many held messages are kept for the monitor's log; later ones are only counted. */
export const HELD_LIMIT = 100;

/** One thing a library printed. */
export interface LibraryMessage {
  time: Date;
  /** `warning` or `console.<method>`. */
  kind: string;
  text: string;
}

/** The console methods that print. */
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

interface Hold {
  held: LibraryMessage[];
  dropped: number;
  file: number | null;
  onWarning: (warning: Error) => void;
  console: Partial<Record<(typeof CONSOLE_METHODS)[number], (...args: unknown[]) => void>>;
}

let hold: Hold | null = null;

function openAppend(path: string): number | null {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  } catch {
    // nowhere to copy them to: they stay held, and the terminal stays clean
    return null;
  }
}

function keep(h: Hold, kind: string, text: string): void {
  const message = { time: new Date(), kind, text };
  if (h.held.length < HELD_LIMIT) h.held.push(message);
  else h.dropped++;
  if (h.file !== null) {
    try {
      writeSync(h.file, `${message.time.toISOString()} ${kind} ${text}\n`);
    } catch {
      closeSync(h.file);
      h.file = null;
    }
  }
}

/** Text of a warning as Node would print it, without the `(node:PID)` prefix. */
export function warningText(warning: Error): string {
  const code = (warning as { code?: unknown }).code;
  return `${typeof code === 'string' ? `[${code}] ` : ''}${warning.name}: ${warning.message}`;
}

/**
 * Take warnings and console output away from the terminal for the rest of the process.
 * Idempotent. `env.TLSTOP_DIAGNOSTICS` names a file to append them to as well.
 */
export function holdLibraryOutput(env: NodeJS.ProcessEnv = process.env): void {
  if (hold) return;
  const path = env['TLSTOP_DIAGNOSTICS'];
  const h: Hold = {
    held: [],
    dropped: 0,
    file: path ? openAppend(path) : null,
    onWarning: (warning) => keep(h, 'warning', warningText(warning)),
    console: {},
  };
  hold = h;
  // Node prints warnings from a 'warning' listener of its own: this one replaces it.
  process.removeAllListeners('warning');
  process.on('warning', h.onWarning);
  for (const method of CONSOLE_METHODS) {
    h.console[method] = (...args: unknown[]) => keep(h, `console.${method}`, format(...args));
    console[method] = h.console[method];
  }
}

/** Whether `holdLibraryOutput` is in force (for the monitor's log, which takes over). */
export function libraryOutputHeld(): boolean {
  return hold !== null;
}

/** The messages held so far, and how many more were only counted; the hold starts empty again. */
export function takeHeldLibraryOutput(): { messages: LibraryMessage[]; dropped: number } {
  if (!hold) return { messages: [], dropped: 0 };
  const taken = { messages: hold.held, dropped: hold.dropped };
  hold.held = [];
  hold.dropped = 0;
  return taken;
}
