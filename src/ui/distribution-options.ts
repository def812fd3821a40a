/** The distribution picker's entries: every distribution seen, with its figures, most impact first. */
import type { DistributionRow } from '../aggregation/types.js';
import type { DistributionOption } from './ui-state.js';

interface Totals {
  attempts: number;
  failures: number;
  impact: number;
}

/**
 * One entry per distribution id in `ids` or `rows` (tenant rows summed into their
 * distribution), ordered by impact, then failures, then attempts, then id; an id with no
 * row in the window has zero figures and sorts last.
 */
export function distributionOptions(rows: readonly DistributionRow[], ids: Iterable<string>): DistributionOption[] {
  const totals = new Map<string, Totals>();
  for (const id of ids) if (!totals.has(id)) totals.set(id, { attempts: 0, failures: 0, impact: 0 });
  for (const r of rows) {
    const t = totals.get(r.distributionId) ?? { attempts: 0, failures: 0, impact: 0 };
    t.attempts += r.attempts;
    t.failures += r.failures;
    t.impact += r.impact;
    totals.set(r.distributionId, t);
  }
  return [...totals]
    .sort(([a, x], [b, y]) => y.impact - x.impact || y.failures - x.failures || y.attempts - x.attempts || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, t]) => ({ id, attempts: t.attempts, failureRate: t.attempts > 0 ? t.failures / t.attempts : 0 }));
}
