/**
 * The stream Ink writes its frames to when tlstop owns the alternate screen: a view of the
 * terminal's stdout whose `hold()` drops Ink's writes until `release()`. Between a resize
 * and the full redraw that follows it, the frames Ink draws for the old size (and the
 * rewinds computed for it) never reach the terminal. Write callbacks still run.
 *
 * (Ink 6 erased the scrollback, `ESC[3J`, on a height shrink, and this stream took it out;
 * Ink 8 clears only the visible screen, so nothing is rewritten any more.)
 *
 * Everything else (columns, rows, `resize` events, isTTY) is the stream's own.
 */

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
    return (stream.write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
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
