/** Header (4 rows), tab bar, alert log and footer line builders. */
import { FILTER_ON_SCREEN, filterText } from '../../aggregation/filter-text.js';
import type { ChangesView, Filter, Mark, Snapshot } from '../../aggregation/types.js';
import type { SourceStatus } from '../../sources/types.js';
import type { AlertEntry } from '../alerts.js';
import { fmtClock, fmtCount, fmtMs, fmtPct, fmtRate, fmtWindow, safe } from '../format.js';
import { footerBindings, PANES, type KeyContext, type PaneId } from '../keymap.js';
import { fitLine, lineColumns, seg, type Line, type Segment } from '../lines.js';
import { changeLine } from './change-line.js';
import { PANE_SHORT, PANE_TITLES } from './pane-opts.js';
import { sourcesLine } from './sources-line.js';

/** What the header shows of a view: the overview and connections sections, and the query's mark. */
export interface HeaderView {
  connections: Pick<Snapshot['connections'], 'attemptsPerSec' | 'total' | 'failed' | 'handshakeMs'>;
  eventsPerSec: number;
  window: Pick<Snapshot['window'], 'durationMs' | 'idleStepMs'>;
  sampled: boolean;
  malformed: Pick<Snapshot['malformed'], 'total'>;
  late?: Snapshot['late'];
  mark: Mark | null;
}

/** Inputs of the header. */
export interface HeaderInput {
  snap: HeaderView;
  statuses: readonly SourceStatus[];
  nowMs: number;
  /** Show seconds (default); false on an idle monitor, whose clock shows minutes. */
  clockSeconds?: boolean;
  paused: boolean;
  /** Keys of alerting rows. */
  alerting: ReadonlySet<string>;
  width: number;
  /** The filter the view shows. */
  filter: Filter;
  /** What changed (the change line); absent: the line says nothing was analysed. */
  changes?: ChangesView;
  /** Distribution names from --resolve-names, by ID. */
  names?: Readonly<Record<string, string>>;
}

const NOTHING_ANALYSED: ChangesView = { changes: [], sniByDistribution: {}, lateEvents: 0, lagSeconds: 0, analysedUntilMs: null };

/** `2 h`, `90 min`: a history length in words. */
function historyWords(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}

/** `2026-11-20 05:00–07:13` (one day), `2026-11-19 23:00–2026-11-20 01:13`, or one time. */
function spanWords(oldestMs: number, newestMs: number, withDate: boolean): string {
  const a = new Date(oldestMs).toISOString();
  const b = new Date(newestMs).toISOString();
  const day = (iso: string) => (withDate ? iso.slice(0, 10) : iso.slice(5, 10));
  const hm = (iso: string) => iso.slice(11, 16);
  const from = `${day(a)} ${hm(a)}`;
  if (a.slice(0, 16) === b.slice(0, 16)) return from;
  return a.slice(0, 10) === b.slice(0, 10) ? `${from}–${hm(b)}` : `${from}–${day(b)} ${hm(b)}`;
}

/**
 * The note about events that were too old for the history when they arrived, longest
 * first: the header shows the longest that lets its row fit.
 */
export function lateNoteVariants(late: Snapshot['late']): string[] {
  if (!late || late.total <= 0) return [];
  const n = fmtCount(late.total);
  const events = late.total === 1 ? 'event' : 'events';
  const history = late.historyMs === null ? null : historyWords(late.historyMs);
  const before = history === null ? '' : `, before the ${history} history`;
  if (late.oldestMs === null || late.newestMs === null) {
    return [`${n} ${events} too old${history === null ? '' : ` for the ${history} history`}`, `${n} too old`];
  }
  return [
    `${n} ${events} too old (${spanWords(late.oldestMs, late.newestMs, true)} UTC${before})`,
    ...(history === null
      ? []
      : [`${n} ${events} too old for the ${history} history (${spanWords(late.oldestMs, late.newestMs, false)} UTC)`]),
    `${n} ${events} too old (${spanWords(late.oldestMs, late.newestMs, true)} UTC)`,
    `${n} too old (${spanWords(late.oldestMs, late.newestMs, false)}Z${history === null ? '' : `, >${history.replace(' ', '')}`})`,
    `${n} too old`,
  ];
}

/**
 * The third row: filters, then what was left out (too old), malformed lines and the mark.
 * The too-old note takes the longest form that fits with everything else; when none
 * with its time span does, the shortest with the span, and what follows it (malformed
 * count, mark) is cut at the row's end.
 */
function thirdLine(h: HeaderInput): Line {
  const filter = filterText(h.filter, FILTER_ON_SCREEN);
  const head: Line = [
    seg('filter: ', 'text.muted'),
    seg(filter, filter === 'none' ? 'text.muted' : 'status.info', { bold: filter !== 'none' }),
  ];
  const malformed: Line = h.snap.malformed.total > 0 ? [seg(`  malformed ${h.snap.malformed.total}`, 'status.warn')] : [];
  const mark: Line = h.snap.mark ? [seg(`  mark "${safe(h.snap.mark.label, 30)}" ${fmtClock(h.snap.mark.atMs)}Z`, 'text.muted')] : [];
  const variants = lateNoteVariants(h.snap.late);
  if (variants.length === 0) return [...head, ...malformed, ...mark];
  const withNote = (note: string, tail: Line): Line => [...head, seg(`  ${note}`, 'status.warn', { bold: true }), ...malformed, ...tail];
  // The last form is the bare count: used only when even the shortest form with the
  // time span leaves no room for the filter (then the row is cut at the end).
  for (const note of variants) {
    const line = withNote(note, mark);
    if (lineColumns(line) <= h.width) return line;
    if (note === variants[variants.length - 2] && lineColumns([...head, seg(`  ${note}`)]) <= h.width) return line;
  }
  return withNote(variants[variants.length - 1]!, mark);
}

/** While the window's edge moves in steps (an idle monitor), say so next to its length. */
function idleSteps(stepMs: number | undefined, wide: boolean): string {
  if (stepMs === undefined) return '';
  return wide ? `, idle: moves in ${fmtWindow(stepMs)} steps` : ` idle:${fmtWindow(stepMs)} steps`;
}

/** The four header rows: figures, the change line, sources, filters. */
export function headerLines(h: HeaderInput): Line[] {
  const c = h.snap.connections;
  const alert = h.alerting.size > 0;
  const wide = h.width >= 100;
  const first: Line = [
    seg(' tlstop ', alert ? 'alert.text' : 'text.title', { bold: true, inverse: alert }),
    seg(
      ` ${h.clockSeconds === false ? fmtClock(h.nowMs).slice(0, 5) : fmtClock(h.nowMs)}Z  ${wide ? 'window ' : ''}${fmtWindow(h.snap.window.durationMs)}${idleSteps(h.snap.window.idleStepMs, wide)}  `,
    ),
  ];
  // Pause and alert markers come first so that a narrow terminal never cuts them off.
  if (h.paused) first.push(seg('PAUSED', 'status.warn', { bold: true, inverse: true }), seg('  '));
  if (alert) first.push(seg(`ALERT ${[...h.alerting].map((k) => safe(k, 30)).join(',')}`, 'alert.text', { bold: true }), seg('  '));
  first.push(
    seg(
      wide
        ? `events/s ${fmtRate(h.snap.eventsPerSec)}  attempts/s ${fmtRate(c.attemptsPerSec)}  fail `
        : `ev/s ${fmtRate(h.snap.eventsPerSec)}  att/s ${fmtRate(c.attemptsPerSec)}  fail `,
    ),
    seg(fmtPct(c.total > 0 ? c.failed / c.total : 0), c.failed > 0 ? 'status.error' : 'status.ok'),
    seg(`  p99 ${fmtMs(c.handshakeMs.p99)}`),
  );
  const second = sourcesLine(h.statuses, h.snap.sampled, h.width);
  const change = changeLine({ changes: h.changes ?? NOTHING_ANALYSED, width: h.width, ...(h.names && { names: h.names }) });
  return [first, change, second, thirdLine(h)].map((l) => fitLine(l, h.width));
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
