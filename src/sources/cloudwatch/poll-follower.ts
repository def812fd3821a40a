/**
 * `poll` mode: follows one log group with FilterLogEvents. Each poll reads from
 * shortly before the previous poll began (overlapping windows catch late-ingested
 * events), de-duplicates by eventId in a time-bucketed set that forgets what falls
 * out of the window, and adapts its interval: faster while events arrive, slower
 * while idle. Faults back off with full jitter and the window grows to cover the
 * outage, so nothing is lost once healthy again.
 */
import { Backoff } from './backoff.js';
import { byEventId, emitNew, type EventKeyOf } from './emit.js';
import { filterPages, type FilterWindow } from './filter-pages.js';
import type { ResolvedLogGroup } from './log-groups.js';
import { RecentKeys } from './recent-keys.js';
import { reportFault, type RunContext, type StatusBase } from './run-context.js';
import { sleep } from './sleep.js';

/** Next poll interval: halve when the last poll delivered events, grow 1.5x when idle. */
export function nextPollInterval(currentMs: number, delivered: number, minMs: number, maxMs: number): number {
  const next = delivered > 0 ? currentMs / 2 : currentMs * 1.5;
  return Math.round(Math.min(maxMs, Math.max(minMs, next)));
}

/**
 * Read one window completely, retrying faults until it succeeds or `ctx.signal`
 * aborts. Returns the number of events delivered (false when aborted).
 */
export async function readWindow(
  ctx: RunContext,
  base: StatusBase,
  group: ResolvedLogGroup,
  window: FilterWindow,
  seen: RecentKeys,
  keyOf: EventKeyOf,
  nextFeed: () => number,
  backoff = new Backoff(ctx.timings.backoffBaseMs, ctx.timings.backoffMaxMs, ctx.random),
): Promise<number | false> {
  while (!ctx.signal.aborted) {
    const feed = nextFeed();
    let delivered = 0;
    try {
      const paged = ctx.filterPageSize !== undefined ? { ...window, pageSize: ctx.filterPageSize } : window;
      for await (const page of filterPages(ctx.client, group, paged, ctx.signal)) {
        delivered += emitNew(ctx.sink, seen, keyOf, feed, page);
      }
      if (ctx.signal.aborted) return false;
      return delivered;
    } catch (error) {
      if (ctx.signal.aborted) return false;
      await sleep(reportFault(ctx, base, error, 'FilterLogEvents', backoff), ctx.signal);
    }
  }
  return false;
}

/** Follow `group` from `startMs` until the signal aborts. */
export async function followByPolling(ctx: RunContext, group: ResolvedLogGroup, startMs: number, base: StatusBase): Promise<void> {
  const { timings } = ctx;
  const seen = new RecentKeys();
  const backoff = new Backoff(timings.backoffBaseMs, timings.backoffMaxMs, ctx.random);
  let feed = 0;
  let previousPollAt = startMs + timings.pollOverlapMs;
  let interval = timings.pollInitialMs;
  let healthy = false;
  while (!ctx.signal.aborted) {
    const pollAt = ctx.now();
    const windowStart = Math.max(startMs, previousPollAt - timings.pollOverlapMs);
    const feedBefore = feed;
    const delivered = await readWindow(ctx, base, group, { startMs: windowStart }, seen, byEventId, () => ++feed, backoff);
    if (delivered === false) return;
    if (feed - feedBefore > 1 || !healthy) {
      // Recovered (or first success): say so once.
      ctx.sink.status({
        ...base,
        state: 'connected',
        message: `Polling FilterLogEvents every ${Math.round(interval / 100) / 10} s or faster when busy.`,
      });
      healthy = true;
    }
    backoff.reset();
    // Only reads starting at or after windowStart follow; older keys can go.
    seen.forgetBefore(windowStart);
    previousPollAt = pollAt;
    interval = nextPollInterval(interval, delivered, timings.pollMinMs, timings.pollMaxMs);
    await sleep(interval, ctx.signal);
  }
}
