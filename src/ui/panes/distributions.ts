/** Distributions pane: one selectable row per distribution (and tenant), in the query's order. */
import type { DistributionRow, DistributionSort } from '../../aggregation/types.js';
import { rowKey } from '../alerts.js';
import { sparkline } from '../charts.js';
import { cell, fitFailureCode, fmtCount, fmtMs, fmtPct, safe } from '../format.js';
import { distributionColumns, topFailureHeader, type DistributionColumns } from './distribution-columns.js';
import { fitHeight, fitLine, seg, titleLine, type Line, type Segment } from '../lines.js';
import type { Tone } from '../theme.js';
import { scrollStart, type PaneOpts } from './pane-opts.js';

/** Extra inputs of the Distributions pane. */
export interface DistributionsOpts extends PaneOpts {
  cursor: number;
  /** Row keys (see `rowKey`) over an alert threshold. */
  alerting: ReadonlySet<string>;
  /** The order the rows come in (the query's); absent means `impact`. */
  sort?: DistributionSort;
  /** Names from --resolve-names, by distribution ID (raw): shown instead of the SNI, on every row of the distribution. */
  names?: Readonly<Record<string, string>> | undefined;
}

/** How the title names each order. */
const SORT_NAMES: Record<DistributionSort, string> = {
  impact: 'impact',
  failures: 'failures',
  attempts: 'attempts',
  failRate: 'fail %',
  p99: 'p99',
  name: 'name',
};

/**
 * A trend cell's scale reaches at least this failure rate: a row's own peak sets the
 * height, but a fraction of a percent of background failures stays near the floor
 * instead of filling the cell as a 40 % outage would.
 */
const TREND_SCALE_AT_LEAST = 0.05;

/** A header label, marked when the rows are sorted by its column (`▼` largest first, `▲` A to Z). */
function label(text: string, column: DistributionSort, sort: DistributionSort): string {
  if (column !== sort) return text;
  return text + (sort === 'name' ? '▲' : '▼');
}

function headerLine(c: DistributionColumns, sort: DistributionSort, nameHeader: string): Line {
  return [
    seg(
      ' '.repeat(c.marker) +
        cell(label('Distribution', 'name', sort), c.dist) +
        cell(nameHeader, c.sni) +
        cell('Tenant', c.tenant) +
        cell(label('Attempts', 'attempts', sort), c.attempts, 'right') +
        cell(label('Failures', 'failures', sort), c.failures, 'right') +
        cell(label('Fail%', 'failRate', sort), c.fail, 'right') +
        cell('Now%', c.now, 'right') +
        (c.trend > 0 ? ' ' + cell('Trend', c.trend - 1) : '') +
        ' ' +
        cell(topFailureHeader(c.top - 1), c.top) +
        cell(label('p99', 'p99', sort), c.p99, 'right'),
      'text.muted',
    ),
  ];
}

function rowLine(
  r: DistributionRow,
  c: DistributionColumns,
  tone: Tone | undefined,
  style: { inverse: boolean; bold: boolean },
  marker: string,
): Line {
  const text = (t: string, tn: Tone | undefined = tone): Segment => seg(t, tn, style);
  // Now% is the last minute's: '-' when nothing arrived in it (0.0% would read as healthy).
  const now = r.lastMinute.attempts > 0 ? fmtPct(r.lastMinute.failureRate) : '-';
  const line: Line = [text(marker + cell(safe(r.distributionId, c.dist), c.dist))];
  if (c.sni > 0) line.push(text(cell(safe(r.sni ?? '', c.sni), c.sni - 1) + ' ', 'text.muted'));
  line.push(
    text(
      cell(safe(r.tenantId ?? '-', c.tenant), c.tenant) +
        cell(fmtCount(r.attempts), c.attempts, 'right') +
        cell(fmtCount(r.failures), c.failures, 'right') +
        cell(fmtPct(r.failureRate), c.fail, 'right') +
        cell(now, c.now, 'right'),
    ),
  );
  if (c.trend > 0) {
    line.push(text(' ' + sparkline(r.trend, c.trend - 1, true, TREND_SCALE_AT_LEAST), tone ?? 'chart.spark'));
  }
  line.push(
    text(' ' + cell(fitFailureCode(safe(r.topFailureCode ?? '-', 100), c.top - 1), c.top) + cell(fmtMs(r.handshakeMs.p99), c.p99, 'right')),
  );
  return line;
}

/** Lines of the Distributions pane. */
export function distributionsLines(listed: readonly DistributionRow[], opts: DistributionsOpts): Line[] {
  const { width } = opts;
  const names = opts.names;
  // A resolved name (alias, comment) says more than the SNI and holds for every tenant row.
  const rows =
    names === undefined
      ? listed
      : listed.map((r) => (Object.hasOwn(names, r.distributionId) ? { ...r, sni: names[r.distributionId] ?? null } : r));
  const sort = opts.sort ?? 'impact';
  const count = `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`;
  const lines: Line[] = [titleLine('Distributions', width, opts.focused, `${count} · by ${SORT_NAMES[sort]}`)];
  if (rows.length === 0) {
    lines.push([seg('no distributions in the window', 'text.muted')]);
    return fitHeight(lines, opts.height);
  }
  const c = distributionColumns(width, rows);
  lines.push(headerLine(c, sort, names !== undefined && rows.some((r) => Object.hasOwn(names, r.distributionId)) ? 'Name' : 'SNI'));
  const visible = Math.max(0, opts.height - lines.length);
  const start = scrollStart(opts.cursor, rows.length, visible);
  rows.slice(start, start + visible).forEach((r, i) => {
    const selected = opts.focused && start + i === opts.cursor;
    const alert = opts.alerting.has(rowKey(r));
    const tone = alert ? 'alert.text' : r.failures > 0 ? undefined : 'text.muted';
    lines.push(rowLine(r, c, tone, { inverse: selected, bold: alert }, selected ? '› ' : alert ? '! ' : '  '));
  });
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
