/**
 * The pane rendering model: a pane is a pure function from data to a list of lines,
 * each a list of styled segments naming semantic tones. The `<Lines>` component turns
 * them into Ink `<Text>`; tests assert on the plain text.
 */
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

/** Cut a line to at most `width` characters (the last visible character becomes `…` when cut). */
export function fitLine(line: Line, width: number): Line {
  let used = 0;
  const out: Line = [];
  const total = line.reduce((n, s) => n + s.text.length, 0);
  if (total <= width) return line;
  for (const s of line) {
    const room = width - used;
    if (room <= 0) break;
    if (s.text.length < room) {
      out.push(s);
      used += s.text.length;
    } else {
      out.push({ ...s, text: s.text.slice(0, room - 1) + '…' });
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
