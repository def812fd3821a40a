/**
 * The `Source` for S3 (`--s3 s3://BUCKET/PREFIX`, repeatable). History (report, events,
 * `--since`) lists only the partitions of the span when the keys are date-partitioned
 * (partitions.ts, list-objects.ts) and the whole prefix otherwise; following polls the
 * current and the previous partition (or the whole prefix) and reads each new object once.
 * Objects are read several at a time and handed on merged by event time (object-merge.ts).
 * One status per `--s3` (objects read, the newest and its age, failures) and one per object
 * that failed (the first few); `run` never rejects.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { awsClientConfig, type AwsOptions } from '../../aws/client-options.js';
import { sleep } from '../cloudwatch/sleep.js';
import type { LineClock } from '../files/file-source-options.js';
import type { FormatHint, Source, SourceSink, SourceState } from '../types.js';
import { keyMayHold, keyTime } from './key-time.js';
import { findDateRoots, ListError, listObjects, type ListContext } from './list-objects.js';
import { objectOrder, readObjectsInTimeOrder, type ObjectResult } from './object-merge.js';
import { DEFAULT_RETRY, type RetryTimings, type S3Object } from './object-types.js';
import { livePartitions, partitionsFor, type DateRoot } from './partitions.js';
import type { S3Location } from './s3-url.js';
import { KEY_TIME_MARGIN_MS } from './key-time.js';

/** Options of {@link createS3Source}. */
export interface S3SourceOptions {
  locations: S3Location[];
  follow: boolean;
  sinceMs?: number;
  untilMs?: number;
  /** Objects read at once (per `--s3`). */
  concurrency: number;
  format?: FormatHint;
  aws: AwsOptions;
  /** The event time of a line, from a parser of its own per object. */
  lineClock: () => LineClock;
  /** Between two polls while following (default 30 s: AWS delivers every few minutes). */
  pollMs?: number;
  /** Every how many polls a partition is listed whole, not only after its last key (default 4). */
  fullListEvery?: number;
  /** Every how many polls the date roots are looked for again (default 20). */
  rediscoverEvery?: number;
  retry?: RetryTimings;
  random?: () => number;
  now?: () => number;
  pageSize?: number;
  /** Tests pass credentials; otherwise the SDK's chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxLineBytes?: number;
}

/** How long a followed key is remembered after it was written (longer than any listing takes to show it). */
const SEEN_FOR_MS = 2 * 3_600_000;

/** Default `--s3-concurrency`. */
export const DEFAULT_S3_CONCURRENCY = 8;

/** Failed objects that get a status line of their own, per `--s3`; the rest are counted. */
export const MAX_OBJECT_STATUSES = 20;

/** The endpoint: --endpoint-url, else AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS's. */
export function s3Endpoint(aws: AwsOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return aws.endpointUrl ?? (env.AWS_ENDPOINT_URL_S3 || undefined) ?? (env.AWS_ENDPOINT_URL || undefined);
}

function createClient(options: S3SourceOptions): S3Client {
  const endpointUrl = s3Endpoint(options.aws);
  const config = awsClientConfig({ ...options.aws, ...(endpointUrl && { endpointUrl }) });
  return new S3Client({
    ...config,
    // Retries are the source's own, so each one shows on the status line.
    maxAttempts: 1,
    followRegionRedirects: true,
    ...(options.credentials && { credentials: options.credentials }),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
      httpAgent: { maxSockets: 64, keepAlive: true },
      httpsAgent: { maxSockets: 64, keepAlive: true },
    }),
  });
}

/** `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `40 s`, `3 min`, `2 h`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** Creates the S3 source; see the module comment. */
export function createS3Source(options: S3SourceOptions): Source {
  return {
    id: 's3',
    run: async (sink, signal) => {
      const client = createClient(options);
      try {
        await Promise.all(options.locations.map((location) => new LocationRun(options, location, client, sink, signal).run()));
      } finally {
        client.destroy();
      }
    },
  };
}

/** One `--s3`: its history, then (following) its polls. */
class LocationRun {
  private readonly id: string;
  private readonly now: () => number;
  private readonly list: ListContext;
  private objectsRead = 0;
  private bytesRead = 0;
  private linesRead = 0;
  private failed = 0;
  private newest: S3Object | null = null;
  private lastRetry: string | null = null;
  private readonly failedStatuses = new Set<string>();
  /**
   * Keys read (or found there when following began) in each live partition, with when each
   * was written; partitions that leave are forgotten, and so are keys written more than
   * SEEN_FOR_MS ago (an object listed that old and not seen is history, not new), which bounds
   * a prefix without date partitions too.
   */
  private readonly seen = new Map<string, Map<string, number>>();
  /** The greatest key seen per live partition (StartAfter of the next poll). */
  private readonly lastKey = new Map<string, string>();

  constructor(
    private readonly options: S3SourceOptions,
    private readonly location: S3Location,
    private readonly client: S3Client,
    private readonly sink: SourceSink,
    private readonly signal: AbortSignal,
  ) {
    this.id = `s3:${location.url}`;
    this.now = options.now ?? Date.now;
    this.list = {
      client,
      bucket: location.bucket,
      signal,
      retry: options.retry ?? DEFAULT_RETRY,
      random: options.random ?? Math.random,
      onRetry: (message) => this.retrying(message),
      ...(options.pageSize && { pageSize: options.pageSize }),
    };
  }

  async run(): Promise<void> {
    this.status('starting', 'looking for date partitions');
    let roots: DateRoot[] | null;
    try {
      roots = await findDateRoots(this.list, this.location.prefix);
      if (this.signal.aborted) return;
      const { sinceMs, untilMs } = this.options;
      if (!this.options.follow || sinceMs !== undefined) {
        const objects = await this.historyObjects(roots, sinceMs, untilMs);
        if (this.signal.aborted) return;
        if (this.options.follow) this.remember(roots ?? [], objects);
        this.status('connected', `reading ${objects.length} object${objects.length === 1 ? '' : 's'}`);
        await this.read(objects);
      } else {
        await this.seedLive(roots ?? []);
      }
    } catch (error) {
      if (this.signal.aborted) return;
      if (error instanceof ListError) {
        this.status('error', error.message);
        if (!this.options.follow) return;
        roots = null;
      } else throw error;
    }
    if (this.signal.aborted) return;
    if (!this.options.follow) {
      this.status(this.failed > 0 ? 'error' : 'done', this.summary());
      return;
    }
    await this.follow(roots);
  }

  /** The objects of the history span: the partitions of the span under each date root, else the whole prefix. */
  private async historyObjects(roots: DateRoot[] | null, sinceMs: number | undefined, untilMs: number | undefined): Promise<S3Object[]> {
    const prefixes: string[] = [];
    if (roots && roots.length > 0 && sinceMs !== undefined) {
      const end = untilMs ?? this.now();
      for (const root of roots) prefixes.push(...(partitionsFor(root, sinceMs, end, KEY_TIME_MARGIN_MS) ?? [root.prefix]));
    } else {
      prefixes.push(this.location.prefix);
    }
    const found: S3Object[] = [];
    await pool(prefixes, this.options.concurrency, async (prefix) => {
      for await (const page of listObjects(this.list, prefix)) {
        for (const o of page) if (keyMayHold(o.key, sinceMs, untilMs)) found.push(o);
      }
    });
    return sortByTime(found);
  }

  private async read(objects: S3Object[]): Promise<void> {
    if (objects.length === 0) return;
    const origin = (o: S3Object) => `s3://${this.location.bucket}/${o.key}`;
    await readObjectsInTimeOrder(objects, {
      client: this.client,
      bucket: this.location.bucket,
      signal: this.signal,
      retry: this.list.retry,
      random: this.list.random,
      ...(this.options.maxLineBytes !== undefined && { maxLineBytes: this.options.maxLineBytes }),
      onRetry: (message) => this.retrying(message),
      concurrency: this.options.concurrency,
      clockFor: () => this.options.lineClock(),
      deliver: (object, lines) =>
        this.sink.lines({ origin: origin(object), lines, ...(this.options.format && { format: this.options.format }) }),
      finished: (object, result) => this.finished(object, result),
      expectedStart,
    });
  }

  private finished(object: S3Object, result: ObjectResult): void {
    this.bytesRead += result.summary.bytes;
    this.linesRead += result.summary.lines;
    if (result.ok) {
      this.objectsRead++;
      if (!this.newest || (object.lastModifiedMs ?? 0) >= (this.newest.lastModifiedMs ?? 0)) this.newest = object;
      this.lastRetry = null;
      this.status('connected', this.summary());
      return;
    }
    this.failed++;
    const url = `s3://${this.location.bucket}/${object.key}`;
    if (this.failedStatuses.size < MAX_OBJECT_STATUSES) {
      this.failedStatuses.add(url);
      this.sink.status({ id: `s3-object:${url}`, label: url, state: 'error', mode: 's3', message: result.message });
    }
    this.status('connected', this.summary());
  }

  /** `120 objects read (3.1 MB, 52000 lines), newest: KEY, 4 min old; 2 failed`. */
  private summary(): string {
    const parts = [
      `${this.objectsRead} object${this.objectsRead === 1 ? '' : 's'} read (${formatBytes(this.bytesRead)}, ${this.linesRead} lines)`,
    ];
    if (this.newest) {
      const age = this.newest.lastModifiedMs !== undefined ? `, ${formatAge(this.now() - this.newest.lastModifiedMs)} old` : '';
      parts.push(`newest: ${this.newest.key}${age}`);
    }
    if (this.failed > 0) {
      const unnamed = this.failed - this.failedStatuses.size;
      parts.push(`${this.failed} could not be read${unnamed > 0 ? ` (${unnamed} not listed separately)` : ''}`);
    }
    return parts.join('; ');
  }

  private retrying(message: string): void {
    this.lastRetry = message;
    this.status('retrying', message);
  }

  private status(state: SourceState, message: string): void {
    this.sink.status({ id: this.id, label: this.location.url, state, mode: 's3', message });
  }

  /** Marks what the live partitions hold as seen, so following reads only what comes after. */
  private async seedLive(roots: DateRoot[]): Promise<void> {
    for (const prefix of this.livePrefixes(roots)) {
      for await (const page of listObjects(this.list, prefix)) this.remember(roots, page, prefix);
    }
    this.status('connected', `following; ${this.summary()}`);
  }

  private livePrefixes(roots: DateRoot[]): string[] {
    if (roots.length === 0) return [this.location.prefix];
    return roots.flatMap((root) => livePartitions(root, this.now()));
  }

  /** Adds objects to the seen sets of the live partitions they belong to. */
  private remember(roots: DateRoot[], objects: S3Object[], knownPrefix?: string): void {
    const live = this.livePrefixes(roots);
    for (const o of objects) {
      const prefix = knownPrefix ?? live.find((p) => o.key.startsWith(p));
      if (prefix === undefined) continue;
      let set = this.seen.get(prefix);
      if (!set) this.seen.set(prefix, (set = new Map()));
      set.set(o.key, o.lastModifiedMs ?? this.now());
      if (o.key > (this.lastKey.get(prefix) ?? '')) this.lastKey.set(prefix, o.key);
    }
  }

  private async follow(initialRoots: DateRoot[] | null): Promise<void> {
    const pollMs = this.options.pollMs ?? 30_000;
    const fullEvery = Math.max(1, this.options.fullListEvery ?? 4);
    const rediscoverEvery = Math.max(1, this.options.rediscoverEvery ?? 20);
    let roots = initialRoots ?? [];
    let needRoots = initialRoots === null;
    for (let poll = 1; !this.signal.aborted; poll++) {
      await sleep(pollMs, this.signal);
      if (this.signal.aborted) return;
      try {
        if (needRoots || poll % rediscoverEvery === 0) {
          roots = (await findDateRoots(this.list, this.location.prefix)) ?? [];
          needRoots = false;
        }
        const live = this.livePrefixes(roots);
        // Partitions no longer live are forgotten: the seen set is bounded by two partitions per root.
        for (const prefix of [...this.seen.keys()]) {
          if (!live.includes(prefix)) {
            this.seen.delete(prefix);
            this.lastKey.delete(prefix);
          }
        }
        const fresh: S3Object[] = [];
        const oldest = this.now() - SEEN_FOR_MS;
        for (const prefix of live) {
          const seen = this.seen.get(prefix) ?? new Map<string, number>();
          this.seen.set(prefix, seen);
          for (const [key, written] of seen) if (written < oldest) seen.delete(key);
          const startAfter = poll % fullEvery === 0 ? undefined : this.lastKey.get(prefix);
          for await (const page of listObjects(this.list, prefix, startAfter)) {
            for (const o of page) {
              if (seen.has(o.key) || (o.lastModifiedMs !== undefined && o.lastModifiedMs < oldest)) continue;
              seen.set(o.key, o.lastModifiedMs ?? this.now());
              if (o.key > (this.lastKey.get(prefix) ?? '')) this.lastKey.set(prefix, o.key);
              if (keyMayHold(o.key, this.options.sinceMs, this.options.untilMs)) fresh.push(o);
            }
          }
        }
        if (this.lastRetry !== null || fresh.length === 0) this.status('connected', `following; ${this.summary()}`);
        this.lastRetry = null;
        await this.read(sortByTime(fresh));
      } catch (error) {
        if (this.signal.aborted) return;
        if (!(error instanceof ListError)) throw error;
        this.status('error', `${error.message} Retrying every ${Math.round(pollMs / 1000)} s.`);
      }
    }
  }
}

/** How long after its last record an object is written, about (Network Firewall: every 5 minutes). */
const WRITTEN_AFTER_MS = 5 * 60_000;

/** An object written this long after the time its key names was copied, backfilled or delivered late: its key tells its time. */
const LATE_WRITE_MS = 2 * 3_600_000;

/**
 * The earliest time an object is expected to hold: the time its key names or a few minutes
 * before it was written, the later of the two; but the time its key names alone when it
 * was written hours later (a copy or a backfill written a week after its events would
 * otherwise never be waited for, and its events would reach the store out of order).
 */
export function expectedStart(object: Pick<S3Object, 'key' | 'lastModifiedMs'>): number {
  const named = keyTime(object.key)?.startMs;
  const written = object.lastModifiedMs;
  if (named !== undefined && (written === undefined || written - named > LATE_WRITE_MS)) return named;
  const writtenStart = written === undefined ? -Infinity : written - WRITTEN_AFTER_MS;
  return Math.max(named ?? -Infinity, writtenStart);
}

function sortByTime(objects: S3Object[]): S3Object[] {
  // Written five minutes after its last record: a key without a time is placed by when it was written.
  const timed = objects.map((o) => ({
    o,
    key: o.key,
    time: keyTime(o.key)?.startMs ?? (o.lastModifiedMs ?? 0) - 300_000,
    written: o.lastModifiedMs ?? 0,
  }));
  timed.sort((a, b) => (a.time === b.time && a.written !== b.written ? a.written - b.written : objectOrder(a, b)));
  return timed.map((t) => t.o);
}

/** Runs `work` over `items`, at most `size` at a time. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}
