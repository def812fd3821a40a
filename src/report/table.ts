/**
 * Plain-text tables for headless output. Cells are sanitised and cut to their column's
 * maximum width, so nothing from a log can move the cursor or break the layout.
 */
import { sanitizeForTerminal } from '../text/sanitize.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cells longer than this are cut with an ellipsis. */
  maxWidth?: number;
}

/** Render rows under their headers, columns separated by two spaces, no trailing spaces. */
export function formatTable(columns: Column[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) =>
    columns.map((column, i) => sanitizeForTerminal(String(row[i] ?? ''), column.maxWidth ?? 60)),
  );
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => (columns[i]!.align === 'right' ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** 12345 -> "12,345". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
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
