/** The changes section: the change detector's ranked list, with what it could not analyse. */
import type { ChangesView } from '../types.js';
import type { ViewContext } from '../view-context.js';
import type { Selector } from './section.js';

/**
 * What changed, over all the traffic (the filter and the window do not apply; see
 * ChangesView). The same object until a change moved, one was found or dropped, or a
 * late event was counted: the detector lists its changes anew every second it closes,
 * but an idle monitor (no change, or only ended ones, which do not move) must not
 * redraw every second, so the list is compared element by element.
 */
export function changesSelector(): Selector<'changes'> {
  let last: ChangesView | null = null;
  return (v: ViewContext) => {
    const detector = v.inputs.changes;
    const stats = detector.stats();
    const changes = detector.changes();
    const analysedUntilMs = Number.isFinite(stats.analysedUntilMs) ? stats.analysedUntilMs : null;
    if (
      last !== null &&
      sameElements(last.changes, changes) &&
      last.lateEvents === stats.lateEvents &&
      (last.analysedUntilMs === null) === (analysedUntilMs === null)
    ) {
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

/** Same length and the same objects in the same order (an ended change is one frozen object). */
function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
