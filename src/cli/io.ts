import { sanitizeForTerminal } from '../text/sanitize.js';

/** The streams a command writes to; tests pass byte buffers. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** The real process streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Exit statuses shared by every command. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Print a usage problem and return the usage exit status. The message may quote arguments (file names a shell glob expanded), so it is escaped. */
export function usageError(io: CliIo, command: string, message: string): number {
  io.stderr.write(`tlstop ${command}: ${sanitizeForTerminal(message, 1000)}\nRun \`tlstop ${command === 'monitor' ? '' : command + ' '}--help\` for the options.\n`);
  return EXIT.usage;
}

/**
 * Run `work` with a signal that aborts when one of `signals` arrives (Ctrl-C stops a
 * headless command cleanly instead of killing it mid-output); the handlers are removed
 * afterwards. `interrupted` says whether a signal aborted it.
 */
export async function untilInterrupted<T>(
  work: (signal: AbortSignal) => Promise<T>,
  signals: NodeJS.Signals[] = ['SIGINT'],
): Promise<{ result: T; interrupted: boolean }> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  for (const name of signals) process.once(name, onSignal);
  try {
    const result = await work(controller.signal);
    return { result, interrupted: controller.signal.aborted };
  } finally {
    for (const name of signals) process.off(name, onSignal);
  }
}
