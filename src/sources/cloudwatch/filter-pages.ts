/**
 * Reads one time window of one log group with FilterLogEvents, following `nextToken`
 * to the end. moto returns events grouped by stream rather than in time order, and
 * real CloudWatch can return empty pages with a token: both are fine here.
 */
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchEvent } from './event-lines.js';
import type { ResolvedLogGroup } from './log-groups.js';

/** A window [startMs, endMs]; `endMs` undefined reads up to the newest event. */
export interface FilterWindow {
  startMs: number;
  endMs?: number;
  /** Page size (`limit`). */
  pageSize?: number;
}

/**
 * Yields the window's events page by page. Throws the SDK error of a failed page;
 * pages already yielded stay delivered (the caller de-duplicates the retry).
 */
export async function* filterPages(
  client: CloudWatchLogsClient,
  group: ResolvedLogGroup,
  window: FilterWindow,
  signal: AbortSignal,
): AsyncGenerator<CloudWatchEvent[]> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({
        ...(group.external ? { logGroupIdentifier: group.arn } : { logGroupName: group.name }),
        startTime: Math.max(0, Math.floor(window.startMs)),
        ...(window.endMs !== undefined ? { endTime: Math.floor(window.endMs) } : {}),
        ...(window.pageSize !== undefined ? { limit: window.pageSize } : {}),
        nextToken,
      }),
      { abortSignal: signal },
    );
    const events: CloudWatchEvent[] = [];
    for (const event of page.events ?? []) {
      if (typeof event.message !== 'string' || typeof event.timestamp !== 'number') continue;
      events.push({
        logGroupName: group.name,
        logStreamName: event.logStreamName ?? '',
        timestamp: event.timestamp,
        message: event.message,
        ...(event.eventId ? { eventId: event.eventId } : {}),
      });
    }
    yield events;
    nextToken = page.nextToken || undefined;
  } while (nextToken && !signal.aborted);
}
