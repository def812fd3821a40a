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

/** Print a usage problem and return the usage exit status. */
export function usageError(io: CliIo, command: string, message: string): number {
  io.stderr.write(`tlstop ${command}: ${message}\nRun \`tlstop ${command === 'monitor' ? '' : command + ' '}--help\` for the options.\n`);
  return EXIT.usage;
}
