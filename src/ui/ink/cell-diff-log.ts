/**
 * A stand-in for the log-update object Ink 8 keeps on its instance (`ink.log`), drawing
 * through the cell-diff writer (cell-diff.ts): the same methods with the same meaning as
 * log-update's (Ink calls them from its render, clear-terminal, suspend and unmount paths),
 * bytes to the same stream. It never places a visible cursor: when a component asks for one
 * (`useCursor`), `onCursorWanted` hands drawing back to Ink's own log-update.
 */
import { CellDiffScreen, eraseLines } from './cell-diff.js';

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** Ink 8's log-update interface (ink/build/log-update.js), as ink.js uses it. */
export interface InkLog {
  (text: string): boolean;
  clear(): void;
  done(): void;
  reset(): void;
  sync(text: string): void;
  setCursorPosition(position: { x: number; y: number } | undefined): void;
  isCursorDirty(): boolean;
  willRender(text: string): boolean;
  getCursorPosition(): { x: number; y: number } | undefined;
}

/** Counters of what the writer did (diagnostics, bench). */
export interface CellDiffCounters {
  frames: number;
  wholeFrames: number;
}

/**
 * A log-update for `stream` that writes only changed cells. `shown` is the frame already on
 * screen (what Ink's own log drew before this one took over), `cursorHidden` whether Ink
 * hid the cursor already.
 */
export function createCellDiffLog(
  stream: NodeJS.WriteStream,
  options: { shown: string; cursorHidden: boolean; onCursorWanted: (position: { x: number; y: number }, shown: string) => void },
): InkLog & { counters: CellDiffCounters } {
  const screen = new CellDiffScreen();
  let previousOutput = '';
  let cursorHidden = options.cursorHidden;
  const counters: CellDiffCounters = { frames: 0, wholeFrames: 0 };
  const columns = () => stream.columns ?? 80;
  const write = (data: string) => {
    if (data !== '') stream.write(data);
  };
  if (options.shown !== '') {
    screen.sync(options.shown, columns());
    previousOutput = options.shown;
  }

  const render = ((text: string): boolean => {
    if (text === previousOutput) return false;
    if (!cursorHidden && stream.isTTY) {
      write(HIDE_CURSOR);
      cursorHidden = true;
    }
    const whole = screen.lineCount === 0;
    write(screen.render(text, columns()));
    counters.frames++;
    if (whole) counters.wholeFrames++;
    previousOutput = text;
    return true;
  }) as InkLog & { counters: CellDiffCounters };
  render.counters = counters;
  render.clear = () => {
    write(eraseLines(screen.lineCount));
    screen.reset();
    previousOutput = '';
  };
  render.done = () => {
    screen.reset();
    previousOutput = '';
    if (stream.isTTY) write(SHOW_CURSOR);
    cursorHidden = false;
  };
  render.reset = () => {
    screen.reset();
    previousOutput = '';
  };
  render.sync = (text: string) => {
    screen.sync(text, columns());
    previousOutput = text;
  };
  render.setCursorPosition = (position) => {
    if (position) options.onCursorWanted(position, previousOutput);
  };
  render.isCursorDirty = () => false;
  render.willRender = (text: string) => text !== previousOutput;
  render.getCursorPosition = () => undefined;
  return render;
}
