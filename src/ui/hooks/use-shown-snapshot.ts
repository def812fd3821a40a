/** The live snapshot, and the one to show: frozen while paused, refreshed when filter or window change. */
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Filter, Snapshot, SnapshotSource } from '../../aggregation/types.js';

function sameFilter(a: Filter, b: Filter): boolean {
  const eq = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.text === b.text && eq(a.distributions, b.distributions) && eq(a.tenants, b.tenants) && eq(a.statuses, b.statuses);
}

/** Subscribe to the store; while `paused`, keep returning the snapshot taken when the pause began. */
export function useShownSnapshot(store: SnapshotSource, paused: boolean): { live: Snapshot; shown: Snapshot } {
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  const live = useSyncExternalStore(subscribe, getSnapshot);
  const frozen = useRef<Snapshot>(live);
  const f = frozen.current;
  if (!paused || !sameFilter(f.filter, live.filter) || f.window.durationMs !== live.window.durationMs) {
    frozen.current = live;
  }
  return { live, shown: frozen.current };
}
