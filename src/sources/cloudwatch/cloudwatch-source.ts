/**
 * The CloudWatch Logs source: resolves the log groups, then reads them in the chosen
 * mode (Live Tail, polling, Logs Insights, or auto: Live Tail with a fallback to
 * polling). Faults never reject `run`; they are reported through `sink.status`.
 */
import type { Source, SourceSink } from '../types.js';
import { Backoff } from './backoff.js';
import { createLiveTailClient, createUnaryClient } from './clients.js';
import { describeError, describeFault } from './error-kind.js';
import { runInsights } from './insights.js';
import { chunkGroups, runLiveTail } from './live-tail.js';
import { resolveLogGroups, type ResolvedLogGroup } from './log-groups.js';
import { DEFAULT_TIMINGS, type CloudWatchSourceOptions } from './options.js';
import { followByPolling, readWindow } from './poll-follower.js';
import { RecentKeys } from './recent-keys.js';
import { byEventId } from './emit.js';
import { reportFault, type RunContext, type StatusBase } from './run-context.js';
import { sleep } from './sleep.js';

function prefixesOf(options: CloudWatchSourceOptions): string[] {
  return [...(options.logGroupPrefix !== undefined ? [options.logGroupPrefix] : []), ...(options.logGroupPrefixes ?? [])];
}

/** Top-level AWS options win over the nested `aws` object. */
function withAws(options: CloudWatchSourceOptions): CloudWatchSourceOptions {
  const merged: CloudWatchSourceOptions = { ...options };
  for (const key of ['region', 'profile', 'endpointUrl'] as const) {
    const value = options[key] ?? options.aws?.[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Status id of part `index` of the source (a polled log group, a Live Tail session).
 * The first part reports under the source's own id, so the status the source showed
 * while it resolved its log groups (or tried Live Tail) becomes that part's, and one
 * log group is one entry in the header, whatever the mode and however it changed.
 */
export function partStatusId(sourceId: string, index: number, key: string): string {
  return index === 0 ? sourceId : `${sourceId}/${key}`;
}

/** Status id of the note saying which mode is in use and why, when it is not the one asked for. */
export function modeNoteId(sourceId: string): string {
  return `${sourceId}/mode`;
}

function labelFor(groups: readonly ResolvedLogGroup[]): string {
  const names = groups.map((g) => g.name);
  return names.length <= 2 ? names.join(', ') : `${names[0]} and ${names.length - 1} more`;
}

async function resolveWithRetry(
  ctx: RunContext,
  options: CloudWatchSourceOptions,
  base: StatusBase,
): Promise<ResolvedLogGroup[] | undefined> {
  const backoff = new Backoff(ctx.timings.backoffBaseMs, ctx.timings.backoffMaxMs, ctx.random);
  while (!ctx.signal.aborted) {
    try {
      const groups = await resolveLogGroups(ctx.client, options.logGroups ?? [], prefixesOf(options), ctx.signal);
      if (groups.length > 0) return groups;
      ctx.sink.status({ ...base, state: 'error', message: 'No log group given: use --log-group NAME|ARN or --log-group-prefix PREFIX.' });
      return undefined;
    } catch (error) {
      if (ctx.signal.aborted) return undefined;
      await sleep(reportFault(ctx, base, error, 'DescribeLogGroups', backoff), ctx.signal);
    }
  }
  return undefined;
}

/** Read [sinceMs, endMs] of every group once, then report `done` (no follow). */
async function readHistory(ctx: RunContext, groups: ResolvedLogGroup[], base: StatusBase, startMs: number, endMs: number): Promise<void> {
  ctx.sink.status({ ...base, state: 'connected', message: 'Reading history with FilterLogEvents.' });
  const seen = new RecentKeys();
  let feed = 0;
  let total = 0;
  for (const group of groups) {
    const delivered = await readWindow(ctx, { ...base, label: group.name }, group, { startMs, endMs }, seen, byEventId, () => ++feed);
    if (delivered === false) return;
    total += delivered;
  }
  ctx.sink.status({ ...base, state: 'done', message: `Read ${total} events from ${groups.length} log group(s).` });
}

async function pollAll(ctx: RunContext, groups: ResolvedLogGroup[], startMs: number): Promise<void> {
  await Promise.all(
    groups.map((group, i) =>
      followByPolling(ctx, group, startMs, { id: partStatusId(ctx.sourceId, i, `poll/${group.name}`), label: group.name, mode: 'poll' }),
    ),
  );
}

async function liveAll(
  ctx: RunContext,
  options: CloudWatchSourceOptions,
  groups: ResolvedLogGroup[],
  base: StatusBase,
  startedAt: number,
): Promise<void> {
  const chunks = chunkGroups(groups);
  const auto = (options.mode ?? 'auto') === 'auto';
  const runChunk = (chunk: ResolvedLogGroup[], index: number, refusable: boolean, onOpen?: () => void) =>
    runLiveTail(ctx, {
      groups: chunk,
      base: { id: partStatusId(ctx.sourceId, index, `live/${index}`), label: labelFor(chunk), mode: 'live' },
      ...(options.sinceMs !== undefined ? { backfillFromMs: options.sinceMs } : {}),
      refusable,
      ...(onOpen ? { onOpen } : {}),
    });
  let opened!: () => void;
  const openedOnce = new Promise<void>((resolve) => (opened = resolve));
  const first = runChunk(chunks[0]!, 0, auto, opened);
  const outcome = await Promise.race([first, openedOnce.then(() => undefined)]);
  if (outcome?.kind === 'refused') {
    const { what } = describeFault(outcome.error, 'StartLiveTail');
    ctx.sink.status({
      ...base,
      state: 'connected',
      mode: 'poll',
      message: `Live Tail is not available here (${what}); following with FilterLogEvents polling instead.`,
    });
    // The part statuses that follow replace the one above; the reason stays in the header as a note.
    ctx.sink.status({
      id: modeNoteId(ctx.sourceId),
      label: 'CloudWatch mode',
      state: 'connected',
      mode: 'poll',
      note: true,
      message: `Live Tail refused (StartLiveTail: ${what}); polling with FilterLogEvents instead.`,
    });
    await pollAll(ctx, groups, options.sinceMs ?? startedAt);
    return;
  }
  if (outcome?.kind === 'aborted') return;
  // The first session reports under the source's id (partStatusId): no summary status
  // here, which would replace that session's own (its sampled flag, its messages).
  await Promise.all([first, ...chunks.slice(1).map((chunk, i) => runChunk(chunk, i + 1, false))]);
}

/** Reads CloudWatch Logs; see `createCloudWatchSource`. */
export class CloudWatchSource implements Source {
  readonly id: string;

  constructor(private readonly options: CloudWatchSourceOptions) {
    this.id = options.id ?? 'cloudwatch';
  }

  async run(sink: SourceSink, signal: AbortSignal): Promise<void> {
    const options = withAws(this.options);
    const now = options.now ?? Date.now;
    const startedAt = now();
    const client = createUnaryClient(options);
    const liveClient = createLiveTailClient(options);
    const ctx: RunContext = {
      sourceId: this.id,
      client,
      liveClient,
      sink,
      signal,
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      random: options.random ?? Math.random,
      now,
      ...(options.filterPageSize !== undefined ? { filterPageSize: options.filterPageSize } : {}),
    };
    const mode = options.mode ?? 'auto';
    const label = [...(options.logGroups ?? []), ...prefixesOf(options).map((p) => `${p}*`)].join(', ');
    const base: StatusBase = { id: this.id, label, mode };
    try {
      sink.status({ ...base, state: 'starting', message: 'Resolving log groups.' });
      const groups = await resolveWithRetry(ctx, options, base);
      if (!groups) return;
      const resolved = { ...base, label: labelFor(groups) };
      const follow = options.follow !== false;
      if (mode === 'insights') {
        await runInsights(ctx, {
          groups,
          base: resolved,
          ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}),
          ...(!follow && options.untilMs !== undefined ? { untilMs: options.untilMs } : {}),
          follow,
        });
      } else if (!follow) {
        const endMs = options.untilMs ?? startedAt;
        await readHistory(ctx, groups, resolved, options.sinceMs ?? endMs, endMs);
      } else if (mode === 'poll') {
        sink.status({ ...resolved, state: 'connected', message: `Polling ${groups.length} log group(s) with FilterLogEvents.` });
        await pollAll(ctx, groups, options.sinceMs ?? startedAt);
      } else {
        await liveAll(ctx, options, groups, resolved, startedAt);
      }
    } catch (error) {
      // A bug, not a data-path fault: still never reject.
      if (!signal.aborted) sink.status({ ...base, state: 'error', message: `CloudWatch source stopped: ${describeError(error)}` });
    } finally {
      client.destroy();
      liveClient.destroy();
    }
  }
}
