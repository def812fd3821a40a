/** Distributions pane: one selectable row per distribution (and tenant). */
import type { DistributionRow } from '../../aggregation/types.js';
import { rowKey } from '../alerts.js';
import { cell, fitFailureCode, fmtCount, fmtMs, fmtPct, safe } from '../format.js';
import { distributionColumns, topFailureHeader } from './distribution-columns.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import { scrollStart, type PaneOpts } from './pane-opts.js';

/** Extra inputs of the Distributions pane. */
export interface DistributionsOpts extends PaneOpts {
  cursor: number;
  /** Row keys (see `rowKey`) over an alert threshold. */
  alerting: ReadonlySet<string>;
}

/** Lines of the Distributions pane. */
export function distributionsLines(rows: readonly DistributionRow[], opts: DistributionsOpts): Line[] {
  const { width } = opts;
  const lines: Line[] = [titleLine('Distributions', width, opts.focused, `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`)];
  if (rows.length === 0) {
    lines.push([seg('no distributions in the window', 'text.muted')]);
    return fitHeight(lines, opts.height);
  }
  const c = distributionColumns(width, rows);
  const topHeader = topFailureHeader(c.top - 1);
  lines.push([
    seg(
      ' '.repeat(c.marker) +
        cell('Distribution', c.dist) +
        cell('Tenant', c.tenant) +
        cell('Attempts', c.attempts, 'right') +
        cell('Fail%', c.fail, 'right') +
        ' ' +
        cell(topHeader, c.top) +
        cell('p99', c.p99, 'right'),
      'text.muted',
    ),
  ]);
  const visible = Math.max(0, opts.height - lines.length);
  const start = scrollStart(opts.cursor, rows.length, visible);
  rows.slice(start, start + visible).forEach((r, i) => {
    const index = start + i;
    const selected = opts.focused && index === opts.cursor;
    const alert = opts.alerting.has(rowKey(r));
    const tone = alert ? 'alert.text' : r.failures > 0 ? undefined : 'text.muted';
    const text =
      (selected ? '› ' : alert ? '! ' : '  ') +
      cell(safe(r.distributionId, c.dist), c.dist) +
      cell(safe(r.tenantId ?? '-', c.tenant), c.tenant) +
      cell(fmtCount(r.attempts), c.attempts, 'right') +
      cell(fmtPct(r.failureRate), c.fail, 'right') +
      ' ' +
      cell(fitFailureCode(safe(r.topFailureCode ?? '-', 100), c.top - 1), c.top) +
      cell(fmtMs(r.handshakeMs.p99), c.p99, 'right');
    lines.push([seg(text, tone, { inverse: selected, bold: alert })]);
  });
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
