/**
 * Mounts the App on a terminal the way a full-screen monitor must: alternate screen,
 * incremental rendering, bounded frame rate, Ctrl-C handled by the keymap, and the
 * terminal restored (main screen, cursor, cooked mode) on every exit path: quit,
 * unmount, SIGINT/SIGTERM/SIGHUP, uncaught exceptions and process exit.
 */
import { render, type Instance } from 'ink';
import type { AppProps } from './app-props.js';
import { App } from './components/App.js';
import { inkNeedsRewindFix, withRewindFix } from './incremental-rewind-fix.js';
import { installFastOutput, installedInkVersion } from './ink/install-fast-output.js';

// Every App mounted here draws through the fast output stage (see ink/fast-output.ts).
await installFastOutput();

/** Enter the alternate screen buffer. */
export const ENTER_ALT_SCREEN = '\x1b[?1049h';
/** Leave the alternate screen buffer. */
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
/** Show the cursor again. */
export const SHOW_CURSOR = '\x1b[?25h';

/** Options of `renderApp`. */
export interface RenderAppOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Terminal writes per second at most (default 10, the store's rate). */
  maxFps?: number;
  /** Redraw only changed lines (default true; on Ink 6 with the rewind fix, see incremental-rewind-fix.ts). */
  incrementalRendering?: boolean;
  /** Use the alternate screen (default true when stdout is a TTY). */
  alternateScreen?: boolean;
  /** Install signal / exception / exit handlers that restore the terminal (default true). */
  handleProcessEvents?: boolean;
}

/** A mounted App. */
export interface RenderedApp {
  /** Resolves when the App unmounts. */
  waitUntilExit(): Promise<unknown>;
  /** Unmount and restore the terminal; safe to call more than once. */
  unmount(): void;
  /** The Ink instance (for rerender in tests). */
  instance: Instance;
}

/**
 * Render `<App>` full-screen. The App's `onQuit` should call `unmount()` of the returned
 * object (the composition root wires that), which restores the terminal.
 */
export function renderApp(props: AppProps, options: RenderAppOptions = {}): RenderedApp {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const useAlt = options.alternateScreen ?? stdout.isTTY === true;
  const handleEvents = options.handleProcessEvents ?? true;
  let restored = false;

  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    } catch {
      // stdin may already be closed
    }
    try {
      stdout.write(SHOW_CURSOR + (useAlt ? LEAVE_ALT_SCREEN : ''));
    } catch {
      // stdout may already be closed
    }
  };

  if (useAlt) stdout.write(ENTER_ALT_SCREEN);

  const onSignal = (signal: NodeJS.Signals) => {
    unmount();
    removeHandlers();
    // Re-raise with the default disposition so the exit status says what happened.
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onExit = () => restore();
  const onCrash = () => restore();
  const removeHandlers = () => {
    for (const s of signals) process.off(s, onSignal);
    process.off('exit', onExit);
    process.off('uncaughtExceptionMonitor', onCrash);
  };
  if (handleEvents) {
    for (const s of signals) process.on(s, onSignal);
    process.on('exit', onExit);
    // The monitor runs before Node prints the error, so the message lands on the main screen.
    process.on('uncaughtExceptionMonitor', onCrash);
  }

  const incremental = options.incrementalRendering ?? true;
  const inkStdout = incremental && inkNeedsRewindFix(installedInkVersion()) ? withRewindFix(stdout) : stdout;
  const instance = render(<App {...props} />, {
    stdout: inkStdout,
    stdin,
    ...(options.stderr ? { stderr: options.stderr } : {}),
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: options.maxFps ?? 10,
    incrementalRendering: incremental,
  });

  let unmounted = false;
  function unmount() {
    if (!unmounted) {
      unmounted = true;
      try {
        instance.unmount();
      } catch {
        // already unmounted
      }
    }
    restore();
    removeHandlers();
  }

  const exited = instance.waitUntilExit().finally(() => {
    restore();
    removeHandlers();
  });

  return { waitUntilExit: () => exited, unmount, instance };
}
