/**
 * Panes subscribe to their own section of the store. `useSection` draws what the
 * ShownView says (live, or held while paused); `useLiveSection` follows the store even
 * while paused (alerts); `useStoreVersion` changes whenever the store has news (the
 * header clock). The memo is the store's: these hooks hold no copy in React state.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { SectionName, ViewQuery, ViewSections, ViewSource } from '../../aggregation/types.js';
import type { ShownView } from '../shown-view.js';

const noSubscription = () => () => {};

/** Section `name` of `query` as shown: follows the store, or while `paused` keeps the last result. */
export function useSection<K extends SectionName>(view: ShownView, name: K, query: ViewQuery, paused: boolean): ViewSections[K] {
  const subscribe = useCallback((listener: () => void) => (paused ? () => {} : view.store.subscribe(listener)), [view, paused]);
  const value = useSyncExternalStore(subscribe, () => view.read(name, query));
  useEffect(() => {
    view.retain(name);
    return () => view.release(name);
  }, [view, name]);
  return value;
}

/** Section `name` of `query` straight from the store, paused or not; `fallback` (and no work) when not `enabled`. */
export function useLiveSection<K extends SectionName, F>(
  store: ViewSource,
  name: K,
  query: ViewQuery,
  enabled: boolean,
  fallback: F,
): ViewSections[K] | F {
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  return useSyncExternalStore(enabled ? subscribe : noSubscription, () => (enabled ? store.section(name, query) : fallback));
}

/** The store's version: changes whenever the store notifies with news. */
export function useStoreVersion(store: ViewSource): number {
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  return useSyncExternalStore(subscribe, () => store.version());
}
