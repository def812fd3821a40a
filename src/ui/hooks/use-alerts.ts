/** Alert state over the live snapshot: active rows, a short log, one bell per crossing. */
import { useEffect, useRef, useState } from 'react';
import type { DistributionRow } from '../../aggregation/types.js';
import { evaluateAlerts, type AlertEntry } from '../alerts.js';
import type { AlertThresholds } from '../app-props.js';

/** Entries kept in the on-screen alert log. */
export const ALERT_LOG_SIZE = 20;

/** Evaluate thresholds whenever the live rows change. */
export function useAlerts(
  rows: readonly DistributionRow[],
  thresholds: AlertThresholds,
  nowMs: number,
  bell: () => void,
): { active: ReadonlySet<string>; log: AlertEntry[] } {
  const [state, setState] = useState<{ active: ReadonlySet<string>; log: AlertEntry[] }>({ active: new Set(), log: [] });
  const activeRef = useRef<ReadonlySet<string>>(state.active);
  useEffect(() => {
    const result = evaluateAlerts(rows, thresholds, activeRef.current, nowMs);
    const prev = activeRef.current;
    const changed = result.active.size !== prev.size || [...result.active].some((k) => !prev.has(k));
    if (!changed) return;
    activeRef.current = result.active;
    if (result.crossed.length > 0) bell();
    setState((s) => ({ active: result.active, log: [...s.log, ...result.crossed].slice(-ALERT_LOG_SIZE) }));
    // nowMs deliberately not a dependency: evaluate when the rows change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, thresholds, bell]);
  return state;
}
