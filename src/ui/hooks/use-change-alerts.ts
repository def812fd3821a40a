/** `--alert-on-change` over the live change list: one bell per look that found new changes, and their log entries. */
import { useEffect, useRef, useState } from 'react';
import type { Change } from '../../aggregation/types.js';
import type { AlertEntry } from '../alerts.js';
import { changeAlerts } from '../change-alerts.js';
import { ALERT_LOG_SIZE } from './use-alerts.js';

/** The alert log entries of new changes; rings `bell` when a look finds any. */
export function useChangeAlerts(changes: readonly Change[], enabled: boolean, nowMs: number, bell: () => void): AlertEntry[] {
  const [log, setLog] = useState<AlertEntry[]>([]);
  const seen = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!enabled) return;
    const result = changeAlerts(changes, seen.current, nowMs);
    seen.current = result.seen;
    if (result.crossed.length === 0) return;
    bell();
    setLog((l) => [...l, ...result.crossed].slice(-ALERT_LOG_SIZE));
    // nowMs deliberately not a dependency: look when the list changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [changes, enabled, bell]);
  return log;
}
