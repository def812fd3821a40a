/**
 * Changes pane: every current change ranked by impact (excess failures per second over
 * its baseline), ended ones below with their end time. Two rows per change: what, where,
 * since when and how much; then what the new failures have in common.
 */
import type { Change, ChangesView } from '../../aggregation/types.js';
import { attributeText, changeCode, changeLevel, changeWhere, excessText } from '../change-text.js';
import { cell, fmtClock, fmtCount, safe } from '../format.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import { scrollStart, type PaneOpts } from './pane-opts.js';

/** Extra inputs of the Changes pane. */
export interface ChangesOpts extends PaneOpts {
  cursor: number;
  /** Names from --resolve-names, by distribution ID: they win over the SNI most seen. */
  names?: Readonly<Record<string, string>>;
}

const WHEN = 19;
const WHERE = 16;
const CODE = 21;

/** The pane's rows in display order: ongoing by impact, then ended, newest end first. */
export function changesInOrder(view: Pick<ChangesView, 'changes'>): readonly Change[] {
  const ongoing = view.changes.filter((c) => c.end === null);
  if (ongoing.length === view.changes.length) return view.changes;
  const ended = view.changes
    .filter((c) => c.end !== null)
    .sort((a, b) => (b.end ?? 0) - (a.end ?? 0) || b.excessFailures - a.excessFailures);
  return [...ongoing, ...ended];
}

/** Lines of the Changes pane. */
export function changesLines(view: ChangesView, rows: readonly Change[], opts: ChangesOpts): Line[] {
  const { width } = opts;
  const ongoing = rows.filter((c) => c.end === null).length;
  const lines: Line[] = [titleLine('Changes', width, opts.focused, `${ongoing} ongoing · ${rows.length - ongoing} ended`)];
  if (view.lateEvents > 0) {
    lines.push([seg(`${fmtCount(view.lateEvents)} events came over ${view.lagSeconds}s out of time order: not analysed`, 'status.warn')]);
  }
  if (rows.length === 0) {
    lines.push([seg(view.analysedUntilMs === null ? 'no change detected (waiting for traffic)' : 'no change detected', 'text.muted')]);
    return fitHeight(lines, opts.height);
  }
  lines.push([seg('  ' + cell('When (UTC)', WHEN) + cell('Where', WHERE) + cell('What', CODE) + 'Before → now  Excess', 'text.muted')]);
  const perChange = 2;
  const visible = Math.max(1, Math.floor((opts.height - lines.length) / perChange));
  const start = scrollStart(opts.cursor, rows.length, visible);
  rows.slice(start, start + visible).forEach((c, i) => {
    const selected = opts.focused && start + i === opts.cursor;
    const ended = c.end !== null;
    const when = ended ? `${fmtClock(c.onset)}–${fmtClock(c.end!)}` : `since ${fmtClock(c.onset)}`;
    const name = c.distributionId === null ? undefined : knownName(c.distributionId, view, opts.names);
    const first =
      (selected ? '› ' : '  ') +
      cell(when, WHEN) +
      cell(changeWhere(c, WHERE - 1), WHERE) +
      cell(changeCode(c, CODE - 1), CODE) +
      `${changeLevel(c, c.before)} → ${changeLevel(c, c.after)}  ${excessText(c)}`;
    const why = [name !== undefined ? safe(name, 40) : null, ...c.attributes.slice(0, 2).map((a) => attributeText(a, 48))]
      .filter((p) => p !== null)
      .join(' · ');
    lines.push([seg(first, ended ? 'text.muted' : 'status.error', { inverse: selected, bold: !ended })]);
    lines.push([seg(`    ${why === '' ? 'no attribute stands out' : why}`, ended ? 'text.muted' : undefined)]);
  });
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}

/** The name a distribution is known by: the resolved one, else the SNI most seen. */
export function knownName(
  id: string,
  view: Pick<ChangesView, 'sniByDistribution'>,
  names?: Readonly<Record<string, string>>,
): string | undefined {
  if (names !== undefined && Object.hasOwn(names, id)) return names[id];
  return Object.hasOwn(view.sniByDistribution, id) ? view.sniByDistribution[id] : undefined;
}
