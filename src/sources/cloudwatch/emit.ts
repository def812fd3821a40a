/** Hands de-duplicated events to the sink. */
import type { SourceSink } from '../types.js';
import { byTimestamp, contentKey, toBatches, type CloudWatchEvent } from './event-lines.js';
import type { RecentKeys } from './recent-keys.js';

/** How events are told apart: by eventId (polling) or by content (Live Tail has no ids). */
export type EventKeyOf = (event: CloudWatchEvent) => string;

/** Event id when there is one, else the content key. */
export const byEventId: EventKeyOf = (event) => event.eventId ?? contentKey(event);

/** Content key for reads that must match Live Tail events. */
export const byContent: EventKeyOf = contentKey;

/**
 * Deliver the events `seen` admits for `feed`, in timestamp order, one batch per
 * origin. Returns how many were delivered.
 */
export function emitNew(
  sink: SourceSink,
  seen: RecentKeys,
  keyOf: EventKeyOf,
  feed: number,
  events: CloudWatchEvent[],
  sampled?: boolean,
): number {
  const fresh = byTimestamp(events.filter((e) => seen.admit(keyOf(e), e.timestamp, feed)));
  if (fresh.length === 0) return 0;
  for (const batch of toBatches(fresh, sampled)) sink.lines(batch);
  return fresh.length;
}
