/** The distribution picker's entries: every distribution seen, with its figures, most impact first. */
import type { Change, DistributionRow } from '../aggregation/types.js';
import type { DistributionOption } from './ui-state.js';

interface Totals {
  attempts: number;
  failures: number;
  impact: number;
}

/**
 * One entry per distribution id in `ids` or `rows` (tenant rows summed into their
 * distribution), ordered by impact (the excess failures per second of the distribution's
 * ongoing `changes`, each counted once, not once per tenant row), then failures, then
 * attempts, then id; an id with no row in the window has zero figures and sorts last.
 */
export function distributionOptions(
  rows: readonly DistributionRow[],
  ids: Iterable<string>,
  changes: readonly Pick<Change, 'distributionId' | 'end' | 'excessFailures'>[],
): DistributionOption[] {
  const totals = new Map<string, Totals>();
  const entry = (id: string): Totals => {
    let t = totals.get(id);
    if (t === undefined) totals.set(id, (t = { attempts: 0, failures: 0, impact: 0 }));
    return t;
  };
  for (const id of ids) entry(id);
  for (const r of rows) {
    const t = entry(r.distributionId);
    t.attempts += r.attempts;
    t.failures += r.failures;
  }
  for (const c of changes) if (c.end === null && c.distributionId !== null) entry(c.distributionId).impact += c.excessFailures;
  return [...totals]
    .sort(([a, x], [b, y]) => y.impact - x.impact || y.failures - x.failures || y.attempts - x.attempts || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, t]) => ({ id, attempts: t.attempts, failureRate: t.attempts > 0 ? t.failures / t.attempts : 0 }));
}
