/**
 * The pane rendering model: a pane is a pure function from data to a list of lines,
 * each a list of styled segments naming semantic tones. The `<Lines>` component draws
 * them as Ink rows; tests assert on the plain text.
 */
import stringWidth from 'string-width';
import type { Tone } from './theme.js';

/** A run of text with one style. `text` must already be terminal-safe. */
export interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
  inverse?: boolean;
}

/** One screen row. */
export type Line = Segment[];

/** Shorthand for a segment. */
export function seg(text: string, tone?: Tone, style: { bold?: boolean; inverse?: boolean } = {}): Segment {
  return { text, ...(tone ? { tone } : {}), ...style };
}

/** Plain text of a line. */
export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

// Characters that always take one terminal column: printable ASCII and Latin-1, general
// punctuation (… ·), arrows, box drawing and block elements: what panes draw themselves.
const NARROW = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u259f]*$/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Terminal columns a text takes (wide CJK and emoji count two, combining marks none). */
export function textColumns(text: string): number {
  return NARROW.test(text) ? text.length : stringWidth(text);
}

/** Terminal columns a line takes. */
export function lineColumns(line: Line): number {
  let total = 0;
  for (const s of line) total += textColumns(s.text);
  return total;
}

/** The longest start of `text` that fits in `columns`. */
export function cutToColumns(text: string, columns: number): string {
  if (NARROW.test(text)) return text.slice(0, columns);
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > columns) break;
    used += w;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/**
 * Cut a line to at most `width` terminal columns (the last visible character becomes `…`
 * when cut). Log text can hold wide characters, so columns, not string length, decide.
 */
export function fitLine(line: Line, width: number): Line {
  if (lineColumns(line) <= width) return line;
  let used = 0;
  const out: Line = [];
  for (const s of line) {
    const room = width - used;
    if (room <= 0) break;
    const columns = textColumns(s.text);
    if (columns < room) {
      out.push(s);
      used += columns;
    } else {
      out.push({ ...s, text: cutToColumns(s.text, room - 1) + '…' });
      used = width;
    }
  }
  return out;
}

/** Fit to exactly `height` lines: cut extra lines, pad with empty ones. */
export function fitHeight(lines: Line[], height: number): Line[] {
  if (height <= 0) return [];
  const out = lines.slice(0, height);
  while (out.length < height) out.push([]);
  return out;
}

/** A pane title row: ` Title ──── right` spanning `width`. */
export function titleLine(title: string, width: number, focused: boolean, right = ''): Line {
  const left = `${focused ? '▶' : '─'} ${title} `;
  const tail = right ? ` ${right} ─` : '';
  const fill = Math.max(0, width - left.length - tail.length);
  return [
    seg(left, focused ? 'focus.title' : 'text.title', { bold: true }),
    seg('─'.repeat(fill) + (right ? ` ${right} ` : '') + (right ? '─' : ''), 'text.muted'),
  ];
}
