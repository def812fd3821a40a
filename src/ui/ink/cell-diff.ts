/**
 * The cell-diff writer's core: it keeps the frame on screen as rows of styled cells and
 * turns the next frame into the bytes that change only the cells that differ: per changed
 * row, a cursor move and each changed run, with the fewest SGR changes between runs; an
 * erase-to-end-of-line where the rest of a row became blank. Rows whose text is the same
 * are not looked at. Pure: it returns strings, the log (cell-diff-log.ts) writes them.
 *
 * The frame is drawn where Ink's log-update draws it: from the cursor's row when the first
 * frame was written, cursor moves relative to it (up/down, never a line feed, so the last
 * row never scrolls), columns absolute from the frame's left edge (column 1). Between
 * frames the cursor rests on the frame's last line, as log-update leaves it, so Ink's own
 * erase paths (`clear`, a clear-terminal frame) keep working. Anything the diff cannot
 * reproduce exactly (the first frame, another line count or terminal width, a line wider
 * than the terminal) is written whole, as log-update would.
 */
import { BLANK, parseRow, type Cell, type Row } from './frame-cells.js';
import { DEFAULT_STYLE, sgrTransition, type Style } from './sgr-style.js';

/** A rendition the terminal may be in that no frame has: the next style change resets. */
const UNKNOWN_STYLE: Style = { flags: -1, fg: '', bg: '', extra: '\0unknown', params: '' };

/** Unchanged cells between two changed runs that are rewritten rather than skipped with a cursor move. */
const MAX_GAP = 4;

/** A frame as parsed rows; row `i` starts in row `i - 1`'s end style. */
interface Frame {
  readonly lines: readonly string[];
  readonly rows: readonly Row[];
}

const CSI = '\x1b[';
const ERASE_LINE = `${CSI}2K`;
const ERASE_TO_END = `${CSI}K`;

/** log-update's `eraseLines(count)` (ansi-escapes): each line erased, moving up, then column 1. */
export function eraseLines(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += ERASE_LINE + (i < count - 1 ? `${CSI}1A` : '');
  return count > 0 ? out + `${CSI}G` : out;
}

function parseFrame(text: string, previous: Frame | null): Frame {
  const lines = text.split('\n');
  const rows: Row[] = [];
  let start = DEFAULT_STYLE;
  for (let i = 0; i < lines.length; i++) {
    const prevRow = previous?.rows[i];
    const prevStart = i === 0 ? DEFAULT_STYLE : previous?.rows[i - 1]?.endStyle;
    const row = prevRow && previous!.lines[i] === lines[i] && prevStart === start ? prevRow : parseRow(lines[i]!, start);
    rows.push(row);
    start = row.endStyle;
  }
  return { lines, rows };
}

function sameCell(a: Cell, b: Cell): boolean {
  return a === b || (a.ch === b.ch && a.style === b.style && a.width === b.width);
}

const isBlank = (c: Cell) => c.ch === ' ' && c.style === DEFAULT_STYLE;

/** The screen as the writer believes it: frame, cursor, rendition. */
export class CellDiffScreen {
  private frame: Frame | null = null;
  private columns = 0;
  /** Cursor row relative to the frame's first row. */
  private row = 0;
  /** Cursor column, or null when unknown (after text Ink wrote, or a write into the last column). */
  private col: number | null = null;
  private style: Style = UNKNOWN_STYLE;
  private out = '';

  /** The bytes that turn the screen into `text` on a terminal `columns` wide. */
  render(text: string, columns: number): string {
    const previous = this.frame;
    const next = parseFrame(text, previous);
    const whole =
      previous === null ||
      previous.lines.length !== next.lines.length ||
      columns !== this.columns ||
      next.rows.some((r) => r.cells.length > columns);
    this.out = '';
    if (whole) this.writeWhole(next, previous?.lines.length ?? 0);
    else {
      for (let r = 0; r < next.rows.length; r++) {
        if (next.rows[r] !== previous.rows[r]) this.diffRow(r, previous.rows[r]!, next, columns);
      }
      this.moveTo(next.lines.length - 1, null);
    }
    this.frame = next;
    this.columns = columns;
    return this.out;
  }

  /** Ink wrote `text` itself (or, for '', the screen was cleared with the cursor at the frame's top). */
  sync(text: string, columns: number): void {
    const frame = parseFrame(text, null);
    this.frame = text === '' ? null : frame;
    this.columns = columns;
    this.row = frame.lines.length - 1;
    this.col = null;
    this.style = text === '' ? UNKNOWN_STYLE : frame.rows[frame.rows.length - 1]!.endStyle;
  }

  /** Forget the frame: the next one is written whole. */
  reset(): void {
    this.frame = null;
  }

  /** Lines of the frame on screen (0 when none). */
  get lineCount(): number {
    return this.frame?.lines.length ?? 0;
  }

  private writeWhole(next: Frame, previousLines: number): void {
    // Erased cells take the current background: erase in the default rendition.
    this.setStyle(DEFAULT_STYLE);
    this.out += eraseLines(previousLines) + next.lines.join('\n');
    this.row = next.lines.length - 1;
    this.col = null;
    this.style = next.rows[next.rows.length - 1]!.endStyle;
  }

  private diffRow(r: number, before: Row, next: Frame, columns: number): void {
    const after = next.rows[r]!;
    if (before.opaque || after.opaque) {
      // Rewritten whole from column 1, in the style the row's text starts in.
      this.moveTo(r, 0);
      this.setStyle(DEFAULT_STYLE);
      this.out += ERASE_TO_END;
      this.setStyle(r === 0 ? DEFAULT_STYLE : next.rows[r - 1]!.endStyle);
      this.out += next.lines[r]!;
      this.col = null;
      this.style = after.endStyle;
      return;
    }
    const a = before.cells;
    const b = after.cells;
    const n = Math.max(a.length, b.length);
    let content = b.length;
    while (content > 0 && isBlank(b[content - 1]!)) content--;
    const cellA = (i: number) => a[i] ?? BLANK;
    const cellB = (i: number) => b[i] ?? BLANK;
    const continuation = (i: number) => i < n && (cellA(i).width === 0 || cellB(i).width === 0);
    let i = 0;
    while (i < n) {
      if (sameCell(cellA(i), cellB(i))) {
        i++;
        continue;
      }
      let start = i;
      while (start > 0 && continuation(start)) start--;
      // Extend the run over changed cells and gaps too short to be worth a cursor move.
      let end = i + 1;
      for (let j = end, gap = 0; j < n && gap <= MAX_GAP; j++) {
        if (sameCell(cellA(j), cellB(j))) gap++;
        else {
          gap = 0;
          end = j + 1;
        }
      }
      while (continuation(end)) end++;
      if (start >= content) {
        // Everything from here on is blank in the new row.
        this.moveTo(r, start);
        this.setStyle(DEFAULT_STYLE);
        this.out += ERASE_TO_END;
        return;
      }
      this.moveTo(r, start);
      const stop = Math.min(end, content);
      for (let j = start; j < stop; j++) {
        const c = cellB(j);
        if (c.width === 0) continue;
        this.setStyle(c.style);
        this.out += c.ch;
      }
      this.col = stop >= columns ? null : stop;
      if (end > content) {
        this.setStyle(DEFAULT_STYLE);
        this.out += ERASE_TO_END;
        return;
      }
      i = end;
    }
  }

  private setStyle(style: Style): void {
    this.out += sgrTransition(this.style, style);
    this.style = style;
  }

  /** Move to `row` and, unless null, `col`: relative rows, the shortest column move. */
  private moveTo(row: number, col: number | null): void {
    const dy = row - this.row;
    if (dy !== 0) this.out += dy < 0 ? `${CSI}${dy === -1 ? '' : -dy}A` : `${CSI}${dy === 1 ? '' : dy}B`;
    this.row = row;
    if (col === null || col === this.col) return;
    let move = col === 0 ? '\r' : `${CSI}${col + 1}G`;
    if (this.col !== null && col > this.col) {
      const forward = `${CSI}${col - this.col === 1 ? '' : col - this.col}C`;
      if (forward.length < move.length) move = forward;
    }
    this.out += move;
    this.col = col;
  }
}
