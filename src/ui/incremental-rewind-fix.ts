/**
 * Works around Ink 6.8's incremental-rendering off-by-one (Ink issue #909, fixed in Ink
 * 7.0 by commit c32da0b): after a frame that ends with a newline - every frame shorter
 * than the terminal, which is all of ours - Ink rewinds with `cursorUp(lines - 1)`, one
 * row short, so each update is drawn one row lower and old rows stay on screen. This
 * wraps the output stream and adds the missing row to that rewind. Only frame writes
 * that start with the rewind (`ESC[nA` followed by `ESC[1G` or `ESC[E`) are touched.
 * Remove when tlstop moves to Ink 7.
 */

const REWIND = /^\x1b\[(\d+)A(?=\x1b\[(?:1G|E))/;
const LINE_START = /^\x1b\[(?:1G|E)/;

/** True when the installed Ink has the bug (major version 6 or lower). */
export function inkNeedsRewindFix(inkVersion: string): boolean {
  const major = Number.parseInt(inkVersion.split('.')[0] ?? '', 10);
  return Number.isFinite(major) && major <= 6;
}

/** Correct one chunk of Ink output, given whether the previous frame ended with a newline. */
export function fixRewind(chunk: string, previousEndedWithNewline: boolean): string {
  if (!previousEndedWithNewline) return chunk;
  const m = REWIND.exec(chunk);
  if (m) return `\x1b[${Number(m[1]) + 1}A` + chunk.slice(m[0].length);
  // A one-line previous frame rewinds by cursorUp(0), which is no sequence at all.
  if (LINE_START.test(chunk)) return '\x1b[1A' + chunk;
  return chunk;
}

/**
 * A view of `stream` whose `write` applies `fixRewind`; everything else (columns, rows,
 * `resize` events, isTTY) is the stream's own.
 */
export function withRewindFix(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  // Frames are the writes carrying newlines; control-only writes (cursor show/hide,
  // synchronized-update brackets) do not change where the frame ended.
  let endedWithNewline = false;
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    let out = chunk;
    if (typeof chunk === 'string') {
      out = fixRewind(chunk, endedWithNewline);
      // A frame that ends past its last line ends with a newline, or with a cursor-next-line
      // when the last line did not change.
      if (chunk.includes('\n') || REWIND.test(chunk) || LINE_START.test(chunk)) {
        endedWithNewline = chunk.endsWith('\n') || chunk.endsWith('\x1b[E');
      }
    }
    return (stream.write as (...args: unknown[]) => boolean).call(stream, out, ...rest);
  };
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
