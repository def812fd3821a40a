/** The mark section: the same-length spans before and after the mark, compared. */
import { percentilesOf, rate, summarize } from '../connection-summary.js';
import { matchedGroups } from '../snapshot-parts.js';
import type { MarkComparison } from '../types.js';
import type { ViewContext } from '../view-context.js';

/** Attempts, failures and p99 after the mark (mark..now) and before it (as long, ending at the mark); null without a mark. */
export function selectMark(v: ViewContext): MarkComparison | null {
  const mark = v.mark;
  if (mark === null) return null;
  const span = Math.max(0, v.nowMs - mark.atMs);
  const side = (a: number, b: number): MarkComparison['after'] => {
    const t = v.sum(v.pointsIn(a, b), false);
    let sketchTotals = t;
    if (v.needle !== '') {
      const { groups, sketch, points } = v.inputs;
      const matched = matchedGroups(v.pointsIn(a, b), v.accept, groups.size);
      sketchTotals = summarize(points.points(v.realIn(a, b), v.step, ''), { groups, accept: matched, sketch }, false);
    }
    const attempts = Math.round(t.total);
    const failures = Math.round(t.failed);
    return { attempts, failures, failureRate: rate(failures, attempts), p99: percentilesOf(sketchTotals.sketch).p99 };
  };
  return { label: mark.label, atMs: mark.atMs, before: side(mark.atMs - span, mark.atMs), after: side(mark.atMs, v.nowMs + 1) };
}
