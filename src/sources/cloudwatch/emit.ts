/** Hands de-duplicated events to the sink. */
import type { SourceSink } from '../types.js';
import { byTimestamp, contentKey, toBatches, type CloudWatchEvent } from './event-lines.js';
import type { RecentKeys } from './recent-keys.js';

/** How events are told apart: by eventId (polling) or by content (Live Tail has no ids). */
export type EventKeyOf = (event: CloudWatchEvent) => string;

/**
 * Event id (with its stream and timestamp) when there is one, else the content key. The
 * id alone is not enough: an endpoint that restarts (moto_server does, its ids start
 * again at 0) would make new events look like ones already delivered, and drop them.
 */
export const byEventId: EventKeyOf = (event) =>
  event.eventId !== undefined ? `${event.eventId}\u0000${event.logStreamName}\u0000${event.timestamp}` : contentKey(event);

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
