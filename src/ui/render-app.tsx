/**
 * Mounts the App on a terminal the way a full-screen monitor must: alternate screen,
 * incremental rendering, bounded frame rate, Ctrl-C handled by the keymap, and the
 * terminal restored (main screen, cursor, cooked mode) on every exit path: quit,
 * unmount, SIGINT/SIGTERM/SIGHUP, uncaught exceptions and process exit. Exit cleanups
 * (exit-cleanup.ts) run before a signal is re-raised.
 *
 * Ink 8 owns the alternate screen (its `alternateScreen` option: entered when it mounts,
 * left with the cursor shown when it unmounts) and the incremental redraw; tlstop leaves
 * it itself only where Ink cannot: before Node prints an uncaught exception, on an exit
 * Ink did not see, and for job control. Ctrl-Z (0x1a, a key in raw mode) or SIGTSTP gives
 * the terminal back (cooked mode, cursor, main screen) and stops the process for real, as
 * in less or vim; SIGCONT (`fg`) takes the alternate screen and raw mode again and draws a
 * whole frame. A resize, in either dimension, also ends in a whole frame on a cleared
 * screen: Ink's own frames for the old size are held back (screen-stream.ts).
 */
import { render, type Instance } from 'ink';
import { useEffect, useLayoutEffect, useReducer, useRef, type ReactNode } from 'react';
import type { AppProps } from './app-props.js';
import { App } from './components/App.js';
import { runExitCleanups } from './exit-cleanup.js';
import { installCellDiff, type CellDiffHandle } from './ink/install-cell-diff.js';
import { inkFrameControl, loadInkInstances, type InkFrameControl } from './ink/ink-instance.js';
import { installFastOutput, type FastOutputState } from './ink/install-fast-output.js';
import { screenStream } from './screen-stream.js';
import { TerminalControlContext, type TerminalControl } from './terminal-control.js';

// Every App mounted here draws through the fast output stage (see ink/fast-output.ts) when
// the installed Ink is the one it reproduces; otherwise Ink's own, and the monitor says so.
/** What installing the fast output stage did in this process. */
export const fastOutputState: FastOutputState = await installFastOutput();
const inkInstances = await loadInkInstances();

/** Enter the alternate screen buffer. */
export const ENTER_ALT_SCREEN = '\x1b[?1049h';
/** Leave the alternate screen buffer. */
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
/** Show the cursor again. */
export const SHOW_CURSOR = '\x1b[?25h';
/** Hide the cursor. */
export const HIDE_CURSOR = '\x1b[?25l';
/** Erase the screen (not the scrollback) and put the cursor top left. */
export const CLEAR_SCREEN = '\x1b[2J\x1b[H';
/** Begin / end a synchronized update (terminals that do not know it ignore it). */
const BEGIN_SYNC = '\x1b[?2026h';
const END_SYNC = '\x1b[?2026l';

/** How long Ink's frames are held back after a resize when no re-render follows it. */
const RESIZE_FALLBACK_MS = 500;

/**
 * Re-renders on every `resize` of `stdout` and, from a layout effect of that commit (so
 * after the App's own size update, registered before this listener), calls `onResized`.
 * The children are the same element, so React does not re-render them for this.
 */
function FullFrameOnResize({ stdout, onResized, children }: { stdout: NodeJS.WriteStream; onResized: () => void; children: ReactNode }) {
  const [resizes, bump] = useReducer((n: number) => n + 1, 0);
  const seen = useRef(0);
  // A passive effect, like the App's size hook: children's run first, so theirs listens first.
  useEffect(() => {
    stdout.on('resize', bump);
    return () => {
      stdout.off('resize', bump);
    };
  }, [stdout]);
  useLayoutEffect(() => {
    if (resizes === seen.current) return;
    seen.current = resizes;
    onResized();
  }, [resizes, onResized]);
  return children;
}

/** Why the process is being stopped: the Ctrl-Z key, or a SIGTSTP someone sent. */
export type StopReason = 'key' | 'signal';

/**
 * Stop the process until SIGCONT, as a terminal's Ctrl-Z would: SIGTSTP with its default
 * disposition (the caller has removed its own handler). Ctrl-Z stops the whole process
 * group, as the terminal driver does in cooked mode, so a parent in the same job (`npm run
 * demo`) stops too and the shell gets the terminal back; a SIGTSTP sent to tlstop alone
 * stops tlstop alone. When another SIGTSTP listener would catch it, SIGSTOP is used.
 */
export function stopLikeCtrlZ(reason: StopReason): void {
  const signal = process.listenerCount('SIGTSTP') > 0 ? 'SIGSTOP' : 'SIGTSTP';
  process.kill(reason === 'key' ? 0 : process.pid, signal);
}

/** Read the terminal size again, as Node does on SIGWINCH (tty.WriteStream#_refreshSize emits `resize` when it changed). */
function refreshSize(stdout: NodeJS.WriteStream): void {
  const refresh = (stdout as { _refreshSize?: unknown })._refreshSize;
  if (typeof refresh !== 'function') return;
  try {
    (refresh as () => void).call(stdout);
  } catch {
    // not a terminal any more
  }
}

/** Options of `renderApp`. */
export interface RenderAppOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Terminal writes per second at most (default 10, the store's rate). */
  maxFps?: number;
  /** Redraw only changed lines (default true: Ink 8 rewrites a changed line from its first changed cell). */
  incrementalRendering?: boolean;
  /**
   * With incremental rendering on a terminal, write only the cells that changed (the
   * cell-diff writer, ink/install-cell-diff.ts) instead of Ink's line updates (default
   * true; off with TLSTOP_TERMINAL_WRITER=ink-incremental or on an Ink other than the checked one).
   */
  cellDiff?: boolean;
  /** Environment for the writers' gates (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Use the alternate screen (default true; only ever on a TTY). */
  alternateScreen?: boolean;
  /** Install signal / exception / exit handlers that restore the terminal (default true). */
  handleProcessEvents?: boolean;
  /**
   * Stops the process for a suspend and returns once it runs again (default
   * `stopLikeCtrlZ`). Tests replace it: the real one stops the test runner's process group.
   */
  stopProcess?: (reason: StopReason) => void;
}

/** A mounted App. */
export interface RenderedApp {
  /** Resolves when the App unmounts. */
  waitUntilExit(): Promise<unknown>;
  /** Unmount and restore the terminal; safe to call more than once. */
  unmount(): void;
  /** The Ink instance (for rerender in tests). */
  instance: Instance;
  /** Whether the cell-diff writer draws the frames, and why not. */
  cellDiff: CellDiffHandle;
}

/**
 * Render `<App>` full-screen. The App's `onQuit` should call `unmount()` of the returned
 * object (the composition root wires that), which restores the terminal.
 */
export function renderApp(props: AppProps, options: RenderAppOptions = {}): RenderedApp {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  // Ink 8 takes the alternate screen only on a terminal.
  const useAlt = (options.alternateScreen ?? true) && stdout.isTTY === true;
  const handleEvents = options.handleProcessEvents ?? true;
  const stopProcess = options.stopProcess ?? stopLikeCtrlZ;
  let restored = false;
  let unmounted = false;
  /** The terminal was handed back for a suspend and not taken again yet. */
  let suspended = false;

  const write = (text: string) => {
    try {
      stdout.write(text);
    } catch {
      // stdout may already be closed
    }
  };
  const setRawMode = (on: boolean) => {
    try {
      if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(on);
    } catch {
      // stdin may already be closed
    }
  };

  /** Cooked mode, and the main screen with the cursor shown unless Ink has already left the alternate screen. */
  const restore = () => {
    if (restored) return;
    restored = true;
    setRawMode(false);
    if (useAlt && !frames?.leftAlternateScreen()) write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    else if (!useAlt) write(SHOW_CURSOR);
  };

  // Between Ink and the terminal on the alternate screen: a hold for resizes.
  const screen = useAlt ? screenStream(stdout) : null;
  const incremental = options.incrementalRendering ?? true;
  const inkStdout = screen?.stream ?? stdout;

  /** Ink's instance, once rendered (null on an Ink whose shape is not the pinned one). */
  let frames: InkFrameControl | null = null;
  /** A whole frame on a cleared screen (on the main screen: below what is there). */
  const redrawAll = () => {
    if (unmounted || suspended || !frames) return;
    write(BEGIN_SYNC + (useAlt ? CLEAR_SCREEN : ''));
    frames.redrawAll();
    write(END_SYNC);
  };

  // A resize: hold Ink's frames for the old size back until the App has rendered the new
  // layout (FullFrameOnResize below calls finishResize from a layout effect of that
  // commit), then draw it whole. Registered before Ink's own resize listener.
  let resizeFallback: NodeJS.Timeout | null = null;
  const finishResize = () => {
    if (!screen?.held) return;
    if (resizeFallback) clearTimeout(resizeFallback);
    resizeFallback = null;
    screen.release();
    redrawAll();
  };
  const onResize = () => {
    if (!screen || !frames || screen.held) return;
    screen.hold();
    // Should the commit never come (nothing to re-render), do not hold the frames forever.
    resizeFallback = setTimeout(finishResize, RESIZE_FALLBACK_MS);
    resizeFallback.unref();
  };
  if (screen) stdout.on('resize', onResize);

  /** Take the terminal again after a suspend (or any SIGCONT) and draw a whole frame. */
  const resume = () => {
    if (unmounted) return;
    if (suspended) {
      suspended = false;
      if (useAlt) write(ENTER_ALT_SCREEN);
    }
    // Raw mode again, even when Node believes it is still on (an outside SIGSTOP, then a
    // shell that reset the terminal): setRawMode(true) alone would then be a no-op.
    if (stdin.isRaw) setRawMode(false);
    setRawMode(true);
    write(HIDE_CURSOR);
    // The terminal may have been resized while the shell had it (SIGWINCH went to the
    // shell): read the size again; when it changed, the resize path draws the new frame.
    refreshSize(stdout);
    if (!screen?.held) redrawAll();
  };

  const suspend = (reason: StopReason) => {
    if (unmounted || suspended) return;
    suspended = true;
    setRawMode(false);
    write(useAlt ? LEAVE_ALT_SCREEN + SHOW_CURSOR : SHOW_CURSOR);
    // The default disposition is what stops the process: take our handler off meanwhile.
    const handling = handlersInstalled;
    if (handling) process.off('SIGTSTP', onStop);
    try {
      stopProcess(reason);
    } catch {
      // nothing to stop (the signal was refused): carry on drawing
    } finally {
      if (handling && handlersInstalled) process.on('SIGTSTP', onStop);
    }
    // Here the process runs again: continued (SIGCONT, whose handler redraws once more)
    // or never stopped (an orphaned process group discards SIGTSTP).
    resume();
  };

  const onSignal = (signal: NodeJS.Signals) => {
    unmount();
    runExitCleanups();
    removeHandlers();
    // Re-raise with the default disposition so the exit status says what happened.
    process.kill(process.pid, signal);
  };
  const onStop = () => suspend('signal');
  const onContinue = () => resume();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onExit = () => restore();
  const onCrash = () => restore();
  let handlersInstalled = false;
  const removeHandlers = () => {
    stdout.off('resize', onResize);
    if (!handlersInstalled) return;
    handlersInstalled = false;
    for (const s of signals) process.off(s, onSignal);
    process.off('SIGTSTP', onStop);
    process.off('SIGCONT', onContinue);
    process.off('exit', onExit);
    process.off('uncaughtExceptionMonitor', onCrash);
  };
  if (handleEvents) {
    handlersInstalled = true;
    for (const s of signals) process.on(s, onSignal);
    process.on('SIGTSTP', onStop);
    process.on('SIGCONT', onContinue);
    process.on('exit', onExit);
    // The monitor runs before Node prints the error, so the message lands on the main screen.
    process.on('uncaughtExceptionMonitor', onCrash);
  }

  const control: TerminalControl = { suspend: () => suspend('key') };
  const instance = render(
    <TerminalControlContext.Provider value={control}>
      <FullFrameOnResize stdout={stdout} onResized={finishResize}>
        <App {...props} />
      </FullFrameOnResize>
    </TerminalControlContext.Provider>,
    {
      stdout: inkStdout,
      stdin,
      ...(options.stderr ? { stderr: options.stderr } : {}),
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: options.maxFps ?? 10,
      incrementalRendering: incremental,
      alternateScreen: useAlt,
      // A terminal is interactive even where CI variables are set (Ink would draw no live frames then).
      interactive: stdout.isTTY === true,
    },
  );
  frames = inkFrameControl(inkInstances, inkStdout);
  const cellDiff: CellDiffHandle =
    incremental && (options.cellDiff ?? true) && stdout.isTTY === true
      ? installCellDiff(inkInstances?.get(inkStdout), inkStdout, options.env)
      : { active: false, reason: incremental ? 'not a terminal, or turned off' : 'whole frames asked for', counters: null };

  function unmount() {
    if (!unmounted) {
      unmounted = true;
      if (resizeFallback) clearTimeout(resizeFallback);
      screen?.release();
      try {
        instance.unmount();
      } catch {
        // already unmounted
      }
      // Ink's unmount flushes its frame-rate throttles but leaves their timers armed,
      // which would keep the process alive for 1000 / maxFps ms.
      frames?.cancelTimers();
    }
    restore();
    removeHandlers();
  }

  const exited = instance.waitUntilExit().finally(() => {
    unmounted = true;
    frames?.cancelTimers();
    restore();
    removeHandlers();
  });

  return { waitUntilExit: () => exited, unmount, instance, cellDiff };
}
