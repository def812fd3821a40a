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
    // No prototype: a distribution id is log content ("__proto__" is a valid hostile one).
    const sniByDistribution = Object.create(null) as Record<string, string>;
    for (const c of changes) {
      if (c.distributionId === null || Object.hasOwn(sniByDistribution, c.distributionId)) continue;
      const sni = detector.mostSeen(c.distributionId, 'sni');
      if (sni !== null) sniByDistribution[c.distributionId] = sni;
    }
    last = { changes, sniByDistribution, lateEvents: stats.lateEvents, lagSeconds: detector.options.lagSeconds, analysedUntilMs };
    return last;
  };
}
