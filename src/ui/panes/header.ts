/** Header (3 rows), tab bar, alert log and footer line builders. */
import type { Filter, Snapshot } from '../../aggregation/types.js';
import type { SourceStatus } from '../../sources/types.js';
import type { AlertEntry } from '../alerts.js';
import { fmtClock, fmtMs, fmtPct, fmtRate, fmtWindow, safe } from '../format.js';
import { footerBindings, PANES, type KeyContext, type PaneId } from '../keymap.js';
import { fitLine, seg, type Line, type Segment } from '../lines.js';
import { PANE_SHORT, PANE_TITLES } from './pane-opts.js';
import { sourcesLine } from './sources-line.js';

/** Inputs of the header. */
export interface HeaderInput {
  snap: Snapshot;
  statuses: readonly SourceStatus[];
  nowMs: number;
  /** Show seconds (default); false on an idle monitor, whose clock shows minutes. */
  clockSeconds?: boolean;
  paused: boolean;
  /** Keys of alerting rows. */
  alerting: ReadonlySet<string>;
  width: number;
  /** Filter the user asked for (may be ahead of the snapshot's for one frame). */
  filter: Filter;
}

/** Text of the active filters (`none` when empty). */
export function filterText(f: Filter): string {
  const parts: string[] = [];
  if (f.distributions.length > 0) parts.push(`dist ${f.distributions.map((d) => safe(d, 20)).join(',')}`);
  if (f.tenants.length > 0) parts.push(`tenant ${f.tenants.map((d) => safe(d, 20)).join(',')}`);
  if (f.statuses.length > 0) parts.push(`status ${f.statuses.map((d) => safe(d, 32)).join(',')}`);
  if (f.text !== '') parts.push(`text "${safe(f.text, 40)}"`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

/** The three header rows. */
export function headerLines(h: HeaderInput): Line[] {
  const c = h.snap.connections;
  const alert = h.alerting.size > 0;
  const wide = h.width >= 100;
  const first: Line = [
    seg(' tlstop ', alert ? 'alert.text' : 'text.title', { bold: true, inverse: alert }),
    seg(` ${h.clockSeconds === false ? fmtClock(h.nowMs).slice(0, 5) : fmtClock(h.nowMs)}Z  ${wide ? 'window ' : ''}${fmtWindow(h.snap.window.durationMs)}  `),
  ];
  // Pause and alert markers come first so that a narrow terminal never cuts them off.
  if (h.paused) first.push(seg('PAUSED', 'status.warn', { bold: true, inverse: true }), seg('  '));
  if (alert) first.push(seg(`ALERT ${[...h.alerting].map((k) => safe(k, 30)).join(',')}`, 'alert.text', { bold: true }), seg('  '));
  first.push(
    seg(wide ? `events/s ${fmtRate(h.snap.eventsPerSec)}  attempts/s ${fmtRate(c.attemptsPerSec)}  fail ` : `ev/s ${fmtRate(h.snap.eventsPerSec)}  att/s ${fmtRate(c.attemptsPerSec)}  fail `),
    seg(fmtPct(c.total > 0 ? c.failed / c.total : 0), c.failed > 0 ? 'status.error' : 'status.ok'),
    seg(`  p99 ${fmtMs(c.handshakeMs.p99)}`),
  );
  const second = sourcesLine(h.statuses, h.snap.sampled, h.width);
  const third: Line = [seg('filter: ', 'text.muted'), seg(filterText(h.filter), filterText(h.filter) === 'none' ? 'text.muted' : 'status.info', { bold: filterText(h.filter) !== 'none' })];
  if (h.snap.malformed.total > 0) third.push(seg(`  malformed ${h.snap.malformed.total}`, 'status.warn'));
  if (h.snap.mark) third.push(seg(`  mark "${safe(h.snap.mark.label, 30)}" ${fmtClock(h.snap.mark.atMs)}Z`, 'text.muted'));
  return [first, second, third].map((l) => fitLine(l, h.width));
}

/** The tab bar of focus mode: every pane, the focused one highlighted. */
export function tabBarLine(focus: PaneId, width: number): Line {
  const segs: Segment[] = [];
  const long = PANES.reduce((n, p) => n + PANE_TITLES[p].length + 3, 0) <= width;
  PANES.forEach((p, i) => {
    if (i > 0) segs.push(seg('│', 'text.muted'));
    const name = long ? PANE_TITLES[p] : PANE_SHORT[p];
    segs.push(p === focus ? seg(` ${name} `, 'focus.title', { inverse: true, bold: true }) : seg(` ${name} `, 'text.muted'));
  });
  return fitLine(segs, width);
}

/** Newest alert log entries, one per row. */
export function alertLogLines(entries: readonly AlertEntry[], rows: number, width: number): Line[] {
  return entries
    .slice(-rows)
    .reverse()
    .map((e) => fitLine([seg(`! ${fmtClock(e.atMs)}Z ${safe(e.key, 40)}: ${e.reason}`, 'alert.text')], width));
}

/** The footer: the keys of the focused context (from the keymap), or a transient message. */
export function footerLine(context: KeyContext, width: number, message: string | null): Line {
  if (message) return fitLine([seg(message, 'status.info')], width);
  const segs: Segment[] = [];
  for (const b of footerBindings(context)) {
    segs.push(seg(b.label, 'text.title', { bold: true }), seg(` ${b.hint ?? b.description}  `, 'text.muted'));
  }
  return fitLine(segs, width);
}
