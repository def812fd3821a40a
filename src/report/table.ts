/**
 * Plain-text tables for headless output. Cells are sanitised and cut to their column's
 * maximum width, so nothing from a log can move the cursor or break the layout. Widths are
 * terminal columns, not string lengths: a CJK or emoji subject takes two columns a
 * character, and the columns after it stay aligned.
 */
import stringWidth from 'string-width';
import { groupedInteger } from '../text/grouped-integer.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cells wider than this many columns are cut with an ellipsis. */
  maxWidth?: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Terminal columns of (sanitised) text. */
function columnsOf(text: string): number {
  return /^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text);
}

/** Hostile text made safe and cut to at most `max` terminal columns (`…` ends a cut). */
function fitCell(text: string, max: number): string {
  // Escapes are ASCII and every character left takes at most two columns: cutting to `max`
  // characters first bounds the work, then the cut by columns is exact.
  const safe = sanitizeForTerminal(text, max);
  if (columnsOf(safe) <= max) return safe;
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(safe)) {
    const w = stringWidth(segment);
    if (used + w > max - 1) break;
    used += w;
    end = index + segment.length;
  }
  return safe.slice(0, end) + '…';
}

/** Render rows under their headers, columns separated by two spaces, no trailing spaces. */
export function formatTable(columns: Column[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) => columns.map((column, i) => fitCell(String(row[i] ?? ''), column.maxWidth ?? 60)));
  const widths = columns.map((column, i) => Math.max(columnsOf(column.header), ...cells.map((row) => columnsOf(row[i]!))));
  const line = (values: string[]) =>
    values
      .map((value, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - columnsOf(value)));
        return columns[i]!.align === 'right' ? pad + value : value + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** 12345 -> "12,345". */
export function formatCount(value: number): string {
  return groupedInteger(value);
}

/** 0.0345 -> "3.5%". */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Milliseconds with sensible precision, or "-" when unknown. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return value >= 100 ? String(Math.round(value)) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
