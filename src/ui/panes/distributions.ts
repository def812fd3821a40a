/** Distributions pane: one selectable row per distribution (and tenant). */
import type { DistributionRow } from '../../aggregation/types.js';
import { rowKey } from '../alerts.js';
import { cell, fmtCount, fmtMs, fmtPct, safe } from '../format.js';
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
  const lines: Line[] = [titleLine('Distributions', width, opts.focused, `${rows.length} rows`)];
  if (rows.length === 0) {
    lines.push([seg('no distributions in the window', 'text.muted')]);
    return fitHeight(lines, opts.height);
  }
  const hasTenant = rows.some((r) => r.tenantId !== null);
  const distW = 15;
  const tenantW = hasTenant ? 13 : 0;
  const attW = 9;
  const failW = 7;
  const p99W = 8;
  const topW = Math.max(6, width - 2 - distW - tenantW - attW - failW - p99W - 1);
  lines.push([
    seg(
      '  ' +
        cell('Distribution', distW) +
        (hasTenant ? cell('Tenant', tenantW) : '') +
        cell('Attempts', attW, 'right') +
        cell('Fail%', failW, 'right') +
        ' ' +
        cell('Top failure', topW) +
        cell('p99', p99W, 'right'),
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
      cell(safe(r.distributionId, distW), distW) +
      (hasTenant ? cell(safe(r.tenantId ?? '-', tenantW), tenantW) : '') +
      cell(fmtCount(r.attempts), attW, 'right') +
      cell(fmtPct(r.failureRate), failW, 'right') +
      ' ' +
      cell(safe(r.topFailureCode ?? '-', topW), topW) +
      cell(fmtMs(r.handshakeMs.p99), p99W, 'right');
    lines.push([seg(text, tone, { inverse: selected, bold: alert })]);
  });
  return fitHeight(lines.map((l) => fitLine(l, width)), opts.height);
}
