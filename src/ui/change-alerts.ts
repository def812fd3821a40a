/**
 * `--alert-on-change`, pure: which ongoing changes were not seen before (one bell for
 * the lot, one alert log entry each). A change is known by its id (kind, series and
 * onset), so the same change found again in the next second never rings twice; ids of
 * changes no longer listed are forgotten, which keeps the set as small as the list.
 */
import type { Change } from '../aggregation/types.js';
import type { AlertEntry } from './alerts.js';
import { changeCode, changeLevel, changeWhere } from './change-text.js';
import { fmtClock } from './format.js';

/** Result of one look at the change list. */
export interface ChangeAlerts {
  /** Ids of the ongoing changes listed now. */
  seen: ReadonlySet<string>;
  /** Changes that are new since the last look. */
  crossed: AlertEntry[];
}

/** Compare the ongoing changes with those seen before. */
export function changeAlerts(changes: readonly Change[], seenBefore: ReadonlySet<string>, nowMs: number): ChangeAlerts {
  const seen = new Set<string>();
  const crossed: AlertEntry[] = [];
  for (const c of changes) {
    if (c.end !== null) continue;
    seen.add(c.id);
    if (seenBefore.has(c.id)) continue;
    crossed.push({
      atMs: nowMs,
      key: changeWhere(c, 40),
      reason: `${changeCode(c, 30)} ${changeLevel(c, c.before)} → ${changeLevel(c, c.after)} since ${fmtClock(c.onset)}Z`,
    });
  }
  return { seen, crossed };
}
