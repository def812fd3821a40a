/**
 * A small driver for a real terminal under tmux: its own server socket (`-L`), one
 * session of a fixed size, keys in, screen text out, and waits on conditions. Tests that
 * use it run under `describeWithTool('tmux', …)` (test/helpers/tools.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../helpers/wait-for.js';

const run = promisify(execFile);

/** The repository the tests run in. */
export const REPO = resolve(import.meta.dirname, '../..');

/** How long (and how often) the terminal tests look for something to happen: the binary runs in a real terminal. */
export const TERMINAL_WAIT: { timeoutMs: number; intervalMs: number } = { timeoutMs: 20_000, intervalMs: 100 };

/**
 * Builds dist/ when it is missing or older than a source file (the tests run the built
 * bin/tlstop.js). Test files run in parallel: a lock directory keeps two builds from
 * writing dist/ at once; the one that waited checks again.
 */
export async function ensureBuilt(): Promise<void> {
  if (process.env['TLSTOP_E2E_COMMAND']) return;
  const lock = join(tmpdir(), `tlstop-e2e-build-${REPO.replace(/[^A-Za-z0-9]/g, '_')}.lock`);
  await waitFor(
    async () => {
      try {
        await mkdir(lock);
        return true;
      } catch {
        // A lock older than a build can take was left by a killed run.
        const age = await stat(lock)
          .then((s) => Date.now() - s.mtimeMs)
          .catch(() => 0);
        if (age > 180_000) await rmdir(lock).catch(() => undefined);
        return false;
      }
    },
    `the build lock ${lock} (another test run holds it)`,
    { timeoutMs: 170_000, intervalMs: 200 },
  );
  try {
    const entry = join(REPO, 'dist/cli/main.js');
    const built = await stat(entry)
      .then((s) => s.mtimeMs)
      .catch(() => 0);
    const sources = await readdir(join(REPO, 'src'), { recursive: true, withFileTypes: true });
    let newest = 0;
    for (const file of sources) {
      if (file.isFile()) newest = Math.max(newest, (await stat(join(file.parentPath, file.name))).mtimeMs);
    }
    if (built >= newest) return;
    const result = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8' });
    // tsc still emits when a file elsewhere has a type error; only a missing entry point is fatal.
    if (result.status !== 0 && !(await stat(entry).catch(() => null))) {
      throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

/** Ids of the processes whose parent is `ppid` (POSIX `ps`). */
export async function childPids(ppid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([pid, parent]) => parent === ppid && Number.isInteger(pid))
    .map(([pid]) => pid as number);
}

/** Whether a process with this id exists (a zombie counts until reaped). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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
        '-L',
        this.options.socket,
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        'e2e',
        '-x',
        String(this.options.width),
        '-y',
        String(this.options.height),
        '-c',
        this.options.cwd,
        ...envArgs,
        'bash --norc --noprofile',
      ],
      { env: { ...process.env, TERM: 'xterm-256color' } },
    );
  }

  /** Kills the whole server (every session on this socket) and removes its socket file, which tmux leaves behind. */
  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    const uid = typeof process.getuid === 'function' ? process.getuid() : null;
    if (uid !== null)
      await rm(join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${uid}`, this.options.socket), { force: true }).catch(() => undefined);
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

  /** Resizes the session's window (a detached session has no client to follow). */
  async resize(width: number, height: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'e2e', '-x', String(width), '-y', String(height));
  }

  /** The process the shell runs in the foreground (its one child), once there is one. */
  async foregroundPid(): Promise<number> {
    const shell = Number(await this.format('#{pane_pid}'));
    return waitFor(async () => (await childPids(shell))[0], `a child of the pane's shell (pid ${shell})`, TERMINAL_WAIT);
  }

  /** Waits until the screen satisfies `check`; fails with the last screen when it never does. */
  async waitForScreen(check: (screen: string) => boolean, what: string, timeoutMs = TERMINAL_WAIT.timeoutMs): Promise<string> {
    let last = '';
    return waitFor(
      async () => {
        last = await this.screen();
        return check(last) && last;
      },
      what,
      { ...TERMINAL_WAIT, timeoutMs, observe: () => last },
    );
  }
}
