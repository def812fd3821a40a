/**
 * A small driver for a real terminal under tmux: its own server socket (`-L`), one
 * session of a fixed size, keys in, screen text out, and waits on conditions.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Is tmux installed? */
export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The message a test skips with when tmux is missing. */
export const TMUX_MISSING = 'tmux is not installed: the end-to-end terminal test is skipped (apt-get install tmux)';

/** How to start a TmuxSession. */
export interface SessionOptions {
  /** Unique server socket name (`tmux -L`). */
  socket: string;
  width: number;
  height: number;
  /** Working directory of the shell. */
  cwd: string;
  /** Environment variables set in the session. */
  env?: Record<string, string>;
}

/** One tmux server with one session running a plain bash. */
export class TmuxSession {
  constructor(private readonly options: SessionOptions) {}

  /** Runs a tmux command on this server. */
  async tmux(...args: string[]): Promise<string> {
    const { stdout } = await run('tmux', ['-L', this.options.socket, ...args], { encoding: 'utf8' });
    return stdout;
  }

  /** Starts the server and the session (bash without rc files, a fixed prompt). */
  async start(): Promise<void> {
    const env = { PS1: 'e2e$ ', TERM: 'xterm-256color', ...this.options.env };
    const envArgs = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    await run(
      'tmux',
      [
        '-L', this.options.socket, '-f', '/dev/null',
        'new-session', '-d', '-s', 'e2e',
        '-x', String(this.options.width), '-y', String(this.options.height),
        '-c', this.options.cwd, ...envArgs,
        'bash --norc --noprofile',
      ],
      { env: { ...process.env, TERM: 'xterm-256color' } },
    );
  }

  /** Kills the whole server (every session on this socket). */
  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
  }

  /** Types text literally (no key names), then optionally Enter. */
  async type(text: string, enter = false): Promise<void> {
    await this.tmux('send-keys', '-t', 'e2e', '-l', text);
    if (enter) await this.tmux('send-keys', '-t', 'e2e', 'Enter');
  }

  /** Sends tmux key names (`Enter`, `Escape`, `Space`, `q`). */
  async keys(...names: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'e2e', ...names);
  }

  /** The visible screen as plain text. */
  async screen(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-t', 'e2e');
  }

  /** The visible screen with colours (ANSI SGR sequences), for screenshots. */
  async screenWithColours(): Promise<string> {
    return this.tmux('capture-pane', '-e', '-p', '-t', 'e2e');
  }

  /** A tmux format value of the pane, e.g. `#{pane_title}`, `#{alternate_on}`. */
  async format(format: string): Promise<string> {
    return (await this.tmux('display-message', '-p', '-t', 'e2e', format)).trimEnd();
  }

  /** Waits until the screen satisfies `check`; fails with the last screen when it never does. */
  async waitForScreen(check: (screen: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = await this.screen();
      if (check(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
