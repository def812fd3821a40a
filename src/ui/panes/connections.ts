/** Connections pane: attempts/s, success rate, failure-code histogram with change vs the previous window. */
import type { MarkComparison, Snapshot, StatusCount } from '../../aggregation/types.js';
import { bar } from '../charts.js';
import { cell, fitFailureCode, fmtClock, fmtCount, fmtDelta, fmtMs, fmtPct, fmtRate, fmtWindow, safe, shortStatus } from '../format.js';
import { fitHeight, fitLine, seg, titleLine, type Line, type Segment } from '../lines.js';
import type { PaneOpts } from './pane-opts.js';

/** The "change since mark" row (shared with the header). */
export function markLine(mark: MarkComparison): Line {
  const b = mark.before;
  const a = mark.after;
  const worse = a.failureRate > b.failureRate;
  return [
    seg(`since mark "${safe(mark.label, 24)}" ${fmtClock(mark.atMs)}: `, 'text.muted'),
    seg(`fail ${fmtPct(b.failureRate)} → ${fmtPct(a.failureRate)}`, worse ? 'status.error' : 'status.ok'),
    seg(`  p99 ${fmtMs(b.p99)} → ${fmtMs(a.p99)}  attempts ${fmtCount(b.attempts)} → ${fmtCount(a.attempts)}`),
  ];
}

/**
 * The "vs prev" cell of a failure code: the change in count, or `new` when the previous
 * window held no connection at all (the monitor has run less than a window): +N would
 * then read as a rise that nobody measured.
 */
function vsPrevious(h: StatusCount, previousEmpty: boolean, width: number): Segment {
  if (previousEmpty) return seg(cell('new', width, 'right'), 'text.muted');
  const delta = h.count - h.previous;
  return seg(cell(fmtDelta(delta), width, 'right'), delta > 0 ? 'status.error' : delta < 0 ? 'status.ok' : 'text.muted');
}

/** What the Connections pane shows: the connections and mark sections, and the window's length. */
export interface ConnectionsView {
  connections: Snapshot['connections'];
  mark: MarkComparison | null;
  window: Pick<Snapshot['window'], 'durationMs'>;
}

/** Lines of the Connections pane. */
export function connectionsLines(snap: ConnectionsView, opts: PaneOpts): Line[] {
  const c = snap.connections;
  const { width } = opts;
  const lines: Line[] = [titleLine('Connections', width, opts.focused, `window ${fmtWindow(snap.window.durationMs)}`)];
  lines.push([
    seg('attempts/s '),
    seg(fmtRate(c.attemptsPerSec), undefined, { bold: true }),
    seg('  success '),
    seg(fmtPct(c.successRate), c.total > 0 && c.successRate < 0.99 ? 'status.warn' : 'status.ok', { bold: true }),
    seg(`  total ${fmtCount(c.total)}  failed `),
    seg(fmtCount(c.failed), c.failed > 0 ? 'status.error' : undefined),
  ]);
  if (snap.mark) lines.push(markLine(snap.mark));
  const hist = [...c.failureHistogram].sort((a, b) => b.count - a.count);
  if (hist.length === 0) {
    lines.push([seg(c.total > 0 ? 'no failures in the window' : 'no connection attempts in the window', 'text.muted')]);
  } else {
    const nameW = Math.min(30, Math.max(12, Math.floor(width * 0.32)));
    const countW = 8;
    const deltaW = 8;
    const barW = Math.max(4, width - nameW - countW - deltaW - 3);
    lines.push([
      seg(
        cell('Failure code', nameW) + ' ' + ' '.repeat(barW) + ' ' + cell('count', countW, 'right') + cell('vs prev', deltaW, 'right'),
        'text.muted',
      ),
    ]);
    const max = hist[0]?.count ?? 0;
    for (const h of hist) {
      lines.push([
        seg(cell(fitFailureCode(safe(shortStatus(h.status), 100), nameW), nameW) + ' '),
        seg(bar(h.count, max, barW), 'chart.bar'),
        seg(' ' + cell(fmtCount(h.count), countW, 'right')),
        vsPrevious(h, c.previousEmpty, deltaW),
      ]);
    }
  }
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
