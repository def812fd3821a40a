/**
 * `live` mode: one StartLiveTail session for up to 10 log groups. The session is
 * reopened when it ends (3-hour SessionTimeoutException, SessionStreamingException,
 * a dropped or silent stream); each reopen first back-fills the gap with
 * FilterLogEvents from shortly before the last event seen, while the new session's
 * updates wait in a buffer, and everything passes one content-key de-duplicator
 * (Live Tail events carry no event id), so nothing is lost or repeated at the seam.
 * The `--since` history load is the same back-fill, done before the first session.
 */
import { StartLiveTailCommand, type StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import { Backoff } from './backoff.js';
import { byContent, emitNew } from './emit.js';
import { errorName, httpStatusOf } from './error-kind.js';
import type { CloudWatchEvent } from './event-lines.js';
import { nameFromArn, type ResolvedLogGroup } from './log-groups.js';
import { readWindow } from './poll-follower.js';
import { RecentKeys } from './recent-keys.js';
import { reportFault, formatDelay, type RunContext, type StatusBase } from './run-context.js';
import { sleep } from './sleep.js';

/** At most this many log groups per Live Tail session (service limit). */
export const MAX_GROUPS_PER_SESSION = 10;

/**
 * Updates buffered while a back-fill runs (CloudWatch sends one a second, at most 500
 * events each); past this the session is read directly, which can only repeat an
 * identical event, never lose one.
 */
const MAX_BUFFERED_UPDATES = 180;

/** How a Live Tail runner ended. */
export type LiveOutcome = { kind: 'aborted' } | { kind: 'refused'; error: unknown };

/** What one Live Tail runner reads. */
export interface LiveTailOptions {
  groups: ResolvedLogGroup[];
  base: StatusBase;
  /** Back-fill from here before the first session's events (`--since`). */
  backfillFromMs?: number;
  /** auto mode: return `refused` when the very first StartLiveTail is refused. */
  refusable: boolean;
  /** Called once when the first session opened. */
  onOpen?: () => void;
}

/** True when an error on the first StartLiveTail means the endpoint does not offer Live Tail. */
export function isLiveTailRefusal(error: unknown): boolean {
  const name = errorName(error);
  if (
    [
      'AccessDeniedException',
      'AccessDenied',
      'UnknownOperationException',
      'InvalidAction',
      'UnsupportedOperation',
      'NotImplemented',
    ].includes(name)
  )
    return true;
  const status = httpStatusOf(error);
  if (status === 404 || status === 500 || status === 501) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /not (yet )?implemented|not supported/i.test(message);
}

/** Split log groups into session-sized chunks. */
export function chunkGroups(groups: readonly ResolvedLogGroup[], size = MAX_GROUPS_PER_SESSION): ResolvedLogGroup[][] {
  const chunks: ResolvedLogGroup[][] = [];
  for (let i = 0; i < groups.length; i += size) chunks.push(groups.slice(i, i + size));
  return chunks;
}

class IdleStreamError extends Error {
  override readonly name = 'IdleStreamError';
}

/** `it.next()` or an IdleStreamError after `ms` (calling `onIdle` first). */
async function nextWithin<T>(it: AsyncIterator<T>, ms: number, onIdle: () => void): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const next = it.next();
  next.catch(() => undefined);
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onIdle();
      reject(new IdleStreamError(`no Live Tail update for ${formatDelay(ms)}`));
    }, ms);
  });
  try {
    return await Promise.race([next, idle]);
  } finally {
    clearTimeout(timer);
  }
}

/** Run Live Tail sessions for `options.groups` until the signal aborts (or a refusal in auto mode). */
export async function runLiveTail(ctx: RunContext, options: LiveTailOptions): Promise<LiveOutcome> {
  const { timings } = ctx;
  const { base, groups } = options;
  const nameOf = new Map<string, string>();
  for (const g of groups) {
    nameOf.set(g.arn, g.name);
    nameOf.set(`${g.arn}:*`, g.name);
    nameOf.set(g.name, g.name);
  }
  const groupName = (identifier: string | undefined): string =>
    (identifier && (nameOf.get(identifier) ?? nameFromArn(identifier))) || identifier || 'unknown';

  const seen = new RecentKeys();
  const backoff = new Backoff(timings.backoffBaseMs, timings.backoffMaxMs, ctx.random);
  let feed = 0;
  let resumeFromMs = options.backfillFromMs;
  let maxSeenMs: number | undefined;
  let everOpened = false;
  let sampled: boolean | undefined;
  let reopenNote: string | undefined;
  let firstAttemptAt: number | undefined;
  let everBackfilled = false;

  const backfill = async (fromMs: number): Promise<void> => {
    if (!everBackfilled && options.backfillFromMs !== undefined) {
      ctx.sink.status({
        ...base,
        state: 'connected',
        message: `Loading history since ${new Date(fromMs).toISOString()} with FilterLogEvents; live events wait until it is in.`,
      });
    }
    everBackfilled = true;
    for (const group of groups) {
      const result = await readWindow(ctx, base, group, { startMs: fromMs }, seen, byContent, () => ++feed);
      if (result === false) return;
    }
  };

  const handle = (item: StartLiveTailResponseStream, sessionFeed: number): void => {
    if (item.sessionStart) {
      ctx.sink.status({
        ...base,
        state: 'connected',
        ...(sampled !== undefined ? { sampled } : {}),
        message: reopenNote ?? `Live Tail session open for ${groups.length} log group(s).`,
      });
      return;
    }
    const update = item.sessionUpdate;
    if (!update) return;
    backoff.reset();
    const nowSampled = update.sessionMetadata?.sampled === true;
    if (nowSampled !== sampled) {
      sampled = nowSampled;
      ctx.sink.status({
        ...base,
        state: 'connected',
        sampled,
        message: sampled
          ? 'Live Tail is sampling: over 500 events/s match, counts are a sample (use --mode insights for exact counts).'
          : 'Live Tail streaming every event.',
      });
    }
    const events: CloudWatchEvent[] = [];
    for (const e of update.sessionResults ?? []) {
      if (typeof e.message !== 'string' || typeof e.timestamp !== 'number') continue;
      events.push({
        logGroupName: groupName(e.logGroupIdentifier),
        logStreamName: e.logStreamName ?? '',
        timestamp: e.timestamp,
        message: e.message,
      });
      maxSeenMs = maxSeenMs === undefined ? e.timestamp : Math.max(maxSeenMs, e.timestamp);
    }
    emitNew(ctx.sink, seen, byContent, sessionFeed, events, sampled);
    if (maxSeenMs !== undefined) seen.forgetBefore(Math.min(maxSeenMs, ctx.now()) - timings.liveBackfillSlackMs - 60_000);
  };

  while (!ctx.signal.aborted) {
    const session = new AbortController();
    const abortSession = (): void => session.abort();
    ctx.signal.addEventListener('abort', abortSession, { once: true });
    const openedAt = ctx.now();
    firstAttemptAt ??= openedAt;
    let streamOpened = false;
    let idleFired = false;
    let backfillDone: Promise<void> = Promise.resolve();
    try {
      const openTimer = setTimeout(() => {
        idleFired = true;
        session.abort();
      }, timings.liveIdleTimeoutMs);
      let response;
      try {
        response = await ctx.liveClient.send(new StartLiveTailCommand({ logGroupIdentifiers: groups.map((g) => g.arn) }), {
          abortSignal: session.signal,
        });
      } finally {
        clearTimeout(openTimer);
      }
      if (idleFired) throw new IdleStreamError(`StartLiveTail sent nothing for ${formatDelay(timings.liveIdleTimeoutMs)}`);
      const stream = response.responseStream;
      if (!stream) throw new Error('StartLiveTail returned no event stream');
      if (!everOpened) {
        everOpened = true;
        options.onOpen?.();
      }
      streamOpened = true;
      const sessionFeed = ++feed;
      const buffer: StartLiveTailResponseStream[] = [];
      let buffering = resumeFromMs !== undefined;
      if (resumeFromMs !== undefined) {
        const from = resumeFromMs;
        backfillDone = backfill(from).finally(() => {
          buffering = false;
          const pending = buffer.splice(0);
          for (const item of pending) handle(item, sessionFeed);
        });
        backfillDone.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
      }
      const iterator = stream[Symbol.asyncIterator]();
      for (;;) {
        const result = await nextWithin(iterator, timings.liveIdleTimeoutMs, () => {
          idleFired = true;
          session.abort();
        });
        if (result.done) break;
        if (buffering && buffer.length < MAX_BUFFERED_UPDATES) buffer.push(result.value);
        else handle(result.value, sessionFeed);
      }
      throw new Error('Live Tail stream ended');
    } catch (error) {
      session.abort(); // release the connection of a session that ended
      await backfillDone;
      ctx.signal.removeEventListener('abort', abortSession);
      if (ctx.signal.aborted) break;
      if (!everOpened && options.refusable && isLiveTailRefusal(error)) return { kind: 'refused', error };
      // The gap starts at the last event of the last session that streamed; a failed
      // open keeps the previous resume point.
      if (streamOpened) resumeFromMs = Math.min(maxSeenMs ?? openedAt, ctx.now()) - timings.liveBackfillSlackMs;
      else resumeFromMs ??= firstAttemptAt;
      if (everOpened && !idleFired && errorName(error) === 'SessionTimeoutException') {
        reopenNote = 'Live Tail session reached its 3-hour limit and was reopened; the gap was back-filled.';
        ctx.sink.status({
          ...base,
          state: 'retrying',
          message: 'Live Tail session reached its 3-hour limit; reopening and back-filling the gap.',
        });
        continue;
      }
      reopenNote = 'Live Tail session reopened; the gap was back-filled.';
      if (idleFired) {
        ctx.sink.status({
          ...base,
          state: 'retrying',
          message: `No Live Tail update for ${formatDelay(timings.liveIdleTimeoutMs)}; reopening the session.`,
        });
        await sleep(backoff.next(), ctx.signal);
      } else {
        await sleep(reportFault(ctx, base, error, 'StartLiveTail', backoff), ctx.signal);
      }
    }
  }
  return { kind: 'aborted' };
}
