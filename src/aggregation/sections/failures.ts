/** The recent-failures section: the raw failure ring, newest first, filtered exactly. */
import { connectionMatches, firewallMatches, hasGroupFilter } from '../filter-match.js';
import type { RecentEvent } from '../types.js';
import type { ViewContext } from '../view-context.js';

/** Failures inside the window that pass the filter (firewall entries leave under a group filter). */
export function selectFailures(v: ViewContext): RecentEvent[] {
  const { filter, needle, startMs } = v;
  return v.inputs.recent.newestFirst((r) => {
    const e = r.event;
    if (e.kind === 'connection') return e.eventTimestamp >= startMs && connectionMatches(e, filter, needle);
    return !hasGroupFilter(filter) && e.timestampMs >= startMs && firewallMatches(e, needle);
  });
}
