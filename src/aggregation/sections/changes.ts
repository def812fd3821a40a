/** The changes section: the change detector's ranked list, with what it could not analyse. */
import type { ChangesView } from '../types.js';
import type { ViewContext } from '../view-context.js';
import type { Selector } from './section.js';

/**
 * What changed, over all the traffic (the filter and the window do not apply; see
 * ChangesView). The same object until the detector closed a second or counted a late
 * event, so a pane showing it re-renders only then.
 */
export function changesSelector(): Selector<'changes'> {
  let last: ChangesView | null = null;
  return (v: ViewContext) => {
    const detector = v.inputs.changes;
    const stats = detector.stats();
    const changes = detector.changes();
    const analysedUntilMs = Number.isFinite(stats.analysedUntilMs) ? stats.analysedUntilMs : null;
    if (last !== null && last.changes === changes && last.lateEvents === stats.lateEvents && last.analysedUntilMs === analysedUntilMs) {
      return last;
    }
    last = { changes, lateEvents: stats.lateEvents, lagSeconds: detector.options.lagSeconds, analysedUntilMs };
    return last;
  };
}
