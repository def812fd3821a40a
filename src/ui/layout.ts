/**
 * Screen layout, pure. Below 120x40 ("focus mode") the body shows a tab bar, the focused
 * pane, and below it a strip of the Distributions pane (Connections when Distributions has
 * the focus); `z` gives the focused pane the whole body. From 120x40 a two-column grid
 * shows every pane, and `z` zooms the focused one.
 * The whole frame stays at most rows - 1 high (Ink 6.8 clears the screen on every
 * frame once the output reaches the terminal height).
 */
import type { PaneId } from './keymap.js';

/** Rows of the header. */
export const HEADER_ROWS = 4;
/** Rows of the footer (keys, then the message line). */
export const FOOTER_ROWS = 1;
/** Focus mode splits the body (focused pane + a Distributions strip) from this many rows. */
export const SPLIT_MIN_ROWS = 15;
/** Columns from which the grid is used (with GRID_ROWS). */
export const GRID_COLUMNS = 120;
/** Rows from which the grid is used (with GRID_COLUMNS). */
export const GRID_ROWS = 40;

/** A pane's place on screen (rows and columns, relative to the body). */
export interface PaneBox {
  pane: PaneId;
  top: number;
  left: number;
  width: number;
  height: number;
}

/** The computed layout. */
export interface Layout {
  mode: 'focus' | 'grid';
  width: number;
  /** Total frame height (≤ rows - 1). */
  height: number;
  /** Rows for the alert log (0 when empty). */
  alertRows: number;
  /** Rows between header and footer. */
  bodyHeight: number;
  /** One-row pane tab bar (focus mode). */
  tabBar: boolean;
  /** Columns of boxes, each a vertical stack. */
  columns: PaneBox[][];
}

// Grid: weights of each pane's share of its column height.
const GRID: Array<Array<[PaneId, number]>> = [
  [
    ['connections', 3],
    ['latency', 2],
    ['firewall', 2],
    ['certificates', 2],
  ],
  [
    ['changes', 2],
    ['distributions', 3],
    ['failures', 2],
    ['validation', 2],
  ],
];

function stack(panes: Array<[PaneId, number]>, top: number, left: number, width: number, height: number): PaneBox[] {
  const total = panes.reduce((n, [, w]) => n + w, 0);
  const boxes: PaneBox[] = [];
  let used = 0;
  panes.forEach(([pane, weight], i) => {
    const h = i === panes.length - 1 ? height - used : Math.floor((height * weight) / total);
    boxes.push({ pane, top: top + used, left, width, height: Math.max(0, h) });
    used += h;
  });
  return boxes;
}

/** Lay out a `columns` x `rows` terminal. `alertLines` is how many alert log entries exist. */
export function computeLayout(columns: number, rows: number, focus: PaneId, zoom: boolean, alertLines: number): Layout {
  const width = Math.max(20, columns);
  const height = Math.max(8, rows - 1);
  const grid = columns >= GRID_COLUMNS && rows >= GRID_ROWS;
  const alertRows = Math.min(alertLines, grid ? 3 : 2);
  const bodyHeight = Math.max(1, height - HEADER_ROWS - FOOTER_ROWS - alertRows);
  if (!grid || zoom) {
    const tabBar = !grid;
    const top = tabBar ? 1 : 0;
    const h = Math.max(1, bodyHeight - top);
    const boxes: PaneBox[] = [{ pane: focus, top, left: 0, width, height: h }];
    // Small screens: the focused pane on top and, unless zoomed, a strip of the pane that
    // answers "which distribution?" (or the totals when Distributions has the focus).
    if (!grid && !zoom && h >= SPLIT_MIN_ROWS) {
      const secondary: PaneId = focus === 'distributions' ? 'connections' : 'distributions';
      const second = Math.floor(h * 0.4);
      boxes[0] = { pane: focus, top, left: 0, width, height: h - second };
      boxes.push({ pane: secondary, top: top + h - second, left: 0, width, height: second });
    }
    return { mode: 'focus', width, height, alertRows, bodyHeight, tabBar, columns: [boxes] };
  }
  const leftWidth = Math.floor((width - 1) / 2);
  const rightWidth = width - 1 - leftWidth;
  return {
    mode: 'grid',
    width,
    height,
    alertRows,
    bodyHeight,
    tabBar: false,
    columns: [stack(GRID[0] ?? [], 0, 0, leftWidth, bodyHeight), stack(GRID[1] ?? [], 0, leftWidth + 1, rightWidth, bodyHeight)],
  };
}
