/**
 * The stream Ink writes its frames to when tlstop owns the alternate screen: a view of the
 * terminal's stdout with two differences.
 *
 * - `ESC[3J` (erase the scrollback) is taken out of every write. Ink 6.8 clears with
 *   ansi-escapes' `clearTerminal` (`ESC[2J ESC[3J ESC[H`) whenever the previous frame was
 *   as tall as the terminal, which is what a height shrink makes of the last frame; the
 *   alternate screen has no scrollback, and terminals apply it to the main screen's
 *   history instead (tmux: a 40 -> 38 rows shrink took the pane's history from 261 lines
 *   to 0). `ESC[2J ESC[H` alone is the whole redraw Ink meant.
 * - `hold()` drops Ink's writes until `release()`: between a resize and the full redraw
 *   that follows it, the frames Ink draws for the old size (and the rewinds computed for
 *   it) never reach the terminal. Write callbacks still run.
 *
 * Everything else (columns, rows, `resize` events, isTTY) is the stream's own.
 */

/** Erase the saved lines (scrollback). */
export const CLEAR_SCROLLBACK = '\x1b[3J';

/** `chunk` without any erase-scrollback sequence. */
export function stripClearScrollback(chunk: string): string {
  return chunk.includes(CLEAR_SCROLLBACK) ? chunk.split(CLEAR_SCROLLBACK).join('') : chunk;
}

/** A wrapped stream and its hold switch. */
export interface ScreenStream {
  /** What Ink is given as its stdout. */
  stream: NodeJS.WriteStream;
  /** Drop writes from now on (until `release`). */
  hold(): void;
  /** Let writes through again. */
  release(): void;
  /** Whether writes are being dropped. */
  readonly held: boolean;
}

/** Wrap `stream` for Ink on the alternate screen. */
export function screenStream(stream: NodeJS.WriteStream): ScreenStream {
  let held = false;
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (held) {
      const callback = rest.find((r): r is (error?: Error | null) => void => typeof r === 'function');
      if (callback) process.nextTick(callback, null);
      return true;
    }
    const out = typeof chunk === 'string' ? stripClearScrollback(chunk) : chunk;
    return (stream.write as (...args: unknown[]) => boolean).call(stream, out, ...rest);
  };
  const proxy = new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    stream: proxy,
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
    },
    get held() {
      return held;
    },
  };
}
