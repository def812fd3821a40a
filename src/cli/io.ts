import { writeSync } from 'node:fs';
import { sanitizeForTerminal } from '../text/sanitize.js';

/** The streams a command writes to; tests pass byte buffers. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** The real process streams. */
export function processIo(): CliIo {
  quietClosedPipes(process.stdout);
  quietClosedPipes(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Whether a stream error says the reader went away (`tlstop ... | head -1` after head exited). */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

const quieted = new WeakSet<object>();

/**
 * A write to a pipe whose reader has exited fails with EPIPE (Node ignores SIGPIPE), and an
 * unhandled 'error' event would end the process with a stack trace. Readers that stop early
 * (`head`, `jq` with a limit, a pager quit) are normal: the error is ignored here, for every
 * command, and the commands that stream output notice it through {@link guardOutput} and
 * stop. Any other write error is left to a command's own guard, or, without one, thrown as
 * before.
 */
function quietClosedPipes(stream: NodeJS.WritableStream): void {
  if (quieted.has(stream)) return;
  quieted.add(stream);
  const onError = (error: Error) => {
    if (isClosedPipe(error)) return;
    if (stream.listenerCount('error') > 1) return;
    throw error;
  };
  stream.on('error', onError);
}

/** What a streaming command writes to stdout through: it knows when the reader has gone. */
export interface OutputGuard {
  /** The reader of stdout went away (EPIPE), or stdout failed: nothing more can be written. */
  readonly closed: boolean;
  /** The write error when stdout failed for another reason than a closed pipe (a full disk). */
  readonly failure: Error | null;
  /** Aborts when `closed` becomes true: stop reading the sources. */
  readonly signal: AbortSignal;
  /** Write to stdout; dropped once closed. */
  write(text: string): void;
  /** Resolves when everything written so far has been handed to the system, or stdout closed. */
  flush(): Promise<void>;
  /** Stop watching stdout. */
  dispose(): void;
}

/**
 * Characters gathered before one write to stdout. A write per event line made the system
 * calls half of `tlstop events`' time; what is gathered goes out at this size, at the end
 * of the current turn of the event loop (a followed line shows at once), and on flush().
 */
const WRITE_CHUNK_CHARS = 64 * 1024;

/** The file descriptor behind a stream (process.stdout's 1), or null (a stream in a test). */
function descriptorOf(stream: NodeJS.WritableStream): number | null {
  const fd = (stream as { fd?: unknown }).fd;
  return typeof fd === 'number' && Number.isInteger(fd) && fd >= 0 ? fd : null;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Write all of `text` to `fd` before returning. Node makes a piped stdout non-blocking and
 * queues what the reader has not taken yet, without bound: `tlstop events | jq` over a
 * million events held most of them in memory, and once enough had piled up the write
 * failed with ENOBUFS and the output stopped. Here a full pipe (EAGAIN) waits for its
 * reader, as a blocking write does, and the sources wait with it. While it waits, Ctrl-C
 * and SIGTERM are taken when the reader reads again or goes away.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  let waitMs = 1;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
      waitMs = 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(sleeper, 0, 0, waitMs);
      waitMs = Math.min(2 * waitMs, 50);
    }
  }
}

/** Watch `io.stdout` for the end of its reader while a command streams to it. */
export function guardOutput(io: CliIo): OutputGuard {
  const stream = io.stdout;
  const fd = descriptorOf(stream);
  const controller = new AbortController();
  let closed = false;
  let failure: Error | null = null;
  let last: Promise<void> = Promise.resolve();
  const close = (error: unknown) => {
    if (!isClosedPipe(error) && failure === null) failure = error instanceof Error ? error : new Error(String(error));
    if (closed) return;
    closed = true;
    controller.abort();
  };
  const onError = (error: Error) => close(error);
  stream.on('error', onError);
  /** Whether nothing can be written any more (a stream destroyed behind our back counts as closed). */
  const gone = (): boolean => {
    if (!closed && (stream as { destroyed?: boolean }).destroyed)
      close(Object.assign(new Error('stdout is closed'), { code: 'ERR_STREAM_DESTROYED' }));
    return closed;
  };
  let pending: string[] = [];
  let pendingChars = 0;
  let scheduled = false;
  const drain = () => {
    scheduled = false;
    if (pendingChars === 0) return;
    const text = pending.join('');
    pending = [];
    pendingChars = 0;
    if (gone()) return;
    // Straight to the descriptor unless the stream still holds earlier text (order first).
    if (fd !== null && (stream as { writableLength?: number }).writableLength === 0) {
      try {
        writeAll(fd, text);
      } catch (error) {
        close(error);
      }
      return;
    }
    last = new Promise<void>((resolve) => {
      stream.write(text, (error?: Error | null) => {
        if (error) close(error);
        resolve();
      });
    });
  };
  return {
    get closed() {
      return closed;
    },
    get failure() {
      return failure;
    },
    signal: controller.signal,
    write(text) {
      if (gone()) return;
      pending.push(text);
      pendingChars += text.length;
      if (pendingChars >= WRITE_CHUNK_CHARS) drain();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    flush() {
      drain();
      return last;
    },
    dispose() {
      stream.off('error', onError);
    },
  };
}

/** Exit statuses shared by every command. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** stdout failed for another reason than a closed pipe (a full disk): say so; exit status 2. */
export function outputFailed(io: CliIo, command: string, error: Error): number {
  io.stderr.write(`tlstop ${command}: cannot write the output: ${sanitizeForTerminal(error.message, 400)}\n`);
  return EXIT.usage;
}

/** Print a usage problem and return the usage exit status. The message may quote arguments (file names a shell glob expanded), so it is escaped. */
export function usageError(io: CliIo, command: string, message: string): number {
  io.stderr.write(
    `tlstop ${command}: ${sanitizeForTerminal(message, 1000)}\nRun \`tlstop ${command === 'monitor' ? '' : command + ' '}--help\` for the options.\n`,
  );
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
