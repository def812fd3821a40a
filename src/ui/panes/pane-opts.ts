/** Options every pane line-builder takes. */
export interface PaneOpts {
  /** Columns available. */
  width: number;
  /** Rows available, title row included. */
  height: number;
  focused: boolean;
}

/** Pane titles, shared by pane title rows and the tab bar. */
export const PANE_TITLES = {
  connections: 'Connections',
  changes: 'Changes',
  latency: 'Latency',
  distributions: 'Distributions',
  firewall: 'Firewall',
  failures: 'Recent failures',
  certificates: 'Certificates',
  validation: 'Digest validation',
} as const;

/** Short pane names for the tab bar at 80 columns. */
export const PANE_SHORT = {
  connections: 'Conn',
  changes: 'Changes',
  latency: 'Latency',
  distributions: 'Dists',
  firewall: 'Firewall',
  failures: 'Failures',
  certificates: 'Certs',
  validation: 'Validate',
} as const;

/**
 * First row to show so that `cursor` stays visible in a list of `rows` visible rows
 * (keeps the cursor in the lower part when scrolling down).
 */
export function scrollStart(cursor: number, total: number, rows: number): number {
  if (rows <= 0 || total <= rows) return 0;
  return Math.max(0, Math.min(cursor - rows + 1 > 0 ? cursor - rows + 1 : 0, total - rows));
}
