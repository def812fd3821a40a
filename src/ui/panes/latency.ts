/** Latency pane: handshake p50/p90/p99 now, and sparklines over the window. */
import type { SeriesPoint, Snapshot } from '../../aggregation/types.js';
import { sparkline } from '../charts.js';
import { cell, fmtCount, fmtMs } from '../format.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import type { PaneOpts } from './pane-opts.js';

function maxOf(values: Array<number | null>): number | null {
  const finite = values.filter((v): v is number => v !== null);
  return finite.length > 0 ? Math.max(...finite) : null;
}

/** What the Latency pane shows: the overall percentiles (the latency section) and the series. */
export interface LatencyView {
  connections: Pick<Snapshot['connections'], 'handshakeMs'>;
  series: readonly SeriesPoint[];
}

/** Lines of the Latency pane. */
export function latencyLines(snap: LatencyView, opts: PaneOpts): Line[] {
  const h = snap.connections.handshakeMs;
  const { width } = opts;
  const lines: Line[] = [titleLine('Latency', width, opts.focused, 'TLS handshake')];
  lines.push([
    seg('now  p50 '),
    seg(fmtMs(h.p50), undefined, { bold: true }),
    seg('  p90 '),
    seg(fmtMs(h.p90), undefined, { bold: true }),
    seg('  p99 '),
    seg(fmtMs(h.p99), 'status.warn', { bold: true }),
    seg(`  max ${fmtMs(h.max)}  n=${fmtCount(h.count)}`, 'text.muted'),
  ]);
  const labelW = 9;
  const tailW = 12;
  const sparkW = Math.max(4, width - labelW - tailW);
  const row = (label: string, values: Array<number | null>, tail: string): Line => [
    seg(cell(label, labelW)),
    seg(sparkline(values, sparkW), 'chart.spark'),
    seg(cell(tail, tailW, 'right'), 'text.muted'),
  ];
  const p50 = snap.series.map((p) => p.p50);
  const p99 = snap.series.map((p) => p.p99);
  lines.push(row('p50', p50, `max ${fmtMs(maxOf(p50))}`));
  lines.push(row('p99', p99, `max ${fmtMs(maxOf(p99))}`));
  const attempts = snap.series.map((p) => p.attempts);
  const failures = snap.series.map((p) => p.failures);
  lines.push(row('attempts', attempts, `max ${fmtCount(Math.max(0, ...attempts))}`));
  lines.push(row('failures', failures, `max ${fmtCount(Math.max(0, ...failures))}`));
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
