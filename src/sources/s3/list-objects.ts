/**
 * ListObjectsV2, page by page, with the retries every S3 call gets, and the walk that finds
 * the date roots under a prefix (the folders whose children are years) so that history
 * lists only the partitions of its span.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Backoff } from '../cloudwatch/backoff.js';
import { sleep } from '../cloudwatch/sleep.js';
import { dateLevel, type DateRoot } from './partitions.js';
import type { RetryTimings, S3Object } from './object-types.js';
import { classifyS3Error, describeS3Error, isRetryable } from './s3-faults.js';

/** What a listing needs. */
export interface ListContext {
  client: S3Client;
  bucket: string;
  signal: AbortSignal;
  retry: RetryTimings;
  random: () => number;
  onRetry?(message: string): void;
  /** ListObjectsV2 page size (tests make it small to cover paging). */
  pageSize?: number;
}

/** A listing that failed for good: the message is for the status line. */
export class ListError extends Error {}

type Page = { objects: S3Object[]; folders: string[]; next?: string };

async function listPage(
  ctx: ListContext,
  input: { prefix: string; startAfter?: string; delimiter?: string; token?: string },
): Promise<Page> {
  const backoff = new Backoff(ctx.retry.baseMs, ctx.retry.maxMs, ctx.random);
  for (;;) {
    try {
      const page = await ctx.client.send(
        new ListObjectsV2Command({
          Bucket: ctx.bucket,
          Prefix: input.prefix,
          ...(input.startAfter !== undefined && input.startAfter > input.prefix && { StartAfter: input.startAfter }),
          ...(input.delimiter && { Delimiter: input.delimiter }),
          ...(input.token && { ContinuationToken: input.token }),
          ...(ctx.pageSize && { MaxKeys: ctx.pageSize }),
        }),
        { abortSignal: ctx.signal },
      );
      const objects: S3Object[] = [];
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined || o.Key.endsWith('/')) continue;
        objects.push({
          key: o.Key,
          size: o.Size ?? 0,
          ...(o.ETag && { etag: o.ETag }),
          ...(o.LastModified && { lastModifiedMs: o.LastModified.getTime() }),
        });
      }
      const folders = (page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : []));
      return { objects, folders, ...(page.IsTruncated && page.NextContinuationToken && { next: page.NextContinuationToken }) };
    } catch (error) {
      if (ctx.signal.aborted) return { objects: [], folders: [] };
      const kind = classifyS3Error(error, ctx.signal);
      const message = describeS3Error(error, 'ListObjectsV2');
      if (!isRetryable(kind) || backoff.failures + 1 >= ctx.retry.attempts) throw new ListError(message, { cause: error });
      const delay = backoff.next();
      ctx.onRetry?.(`${message.replace(/\.$/, '')}; retrying in ${Math.max(1, Math.round(delay / 100) / 10)} s.`);
      await sleep(delay, ctx.signal);
    }
  }
}

/** Every object under `prefix` (after `startAfter`), in key order, a page at a time. Throws ListError. */
export async function* listObjects(ctx: ListContext, prefix: string, startAfter?: string): AsyncGenerator<S3Object[]> {
  let token: string | undefined;
  do {
    const page = await listPage(ctx, { prefix, ...(startAfter !== undefined && { startAfter }), ...(token && { token }) });
    if (page.objects.length > 0) yield page.objects;
    token = page.next;
  } while (token && !ctx.signal.aborted);
}

/** The sub-folders of `prefix` (each ending with `/`) and whether files sit directly in it. */
export async function listFolders(ctx: ListContext, prefix: string): Promise<{ folders: string[]; hasFiles: boolean }> {
  const folders: string[] = [];
  let hasFiles = false;
  let token: string | undefined;
  do {
    const page = await listPage(ctx, { prefix, delimiter: '/', ...(token && { token }) });
    folders.push(...page.folders);
    hasFiles ||= page.objects.length > 0;
    token = page.next;
  } while (token && !ctx.signal.aborted);
  return { folders, hasFiles };
}

/** Most folders the walk lists before it gives up (and the whole prefix is listed instead). */
export const MAX_WALK_FOLDERS = 400;

/** Last path segment of a folder prefix, without its `/`. */
function segment(folder: string): string {
  const trimmed = folder.slice(0, -1);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The date roots under `prefix`: a breadth-first walk of its folders (account, service,
 * distribution, region, firewall…) that stops at each folder whose children are years, and
 * checks one year down to its day for month and day folders and an hour level. Null when
 * the walk needs more than MAX_WALK_FOLDERS listings: the caller lists everything.
 */
export async function findDateRoots(ctx: ListContext, prefix: string): Promise<DateRoot[] | null> {
  const roots: DateRoot[] = [];
  // A prefix that is not a folder (`logs/cf`) is walked from the folders it begins.
  const queue: string[] = [prefix];
  let listed = 0;
  while (queue.length > 0 && !ctx.signal.aborted) {
    if (++listed > MAX_WALK_FOLDERS) return null;
    const folder = queue.shift()!;
    const { folders } = await listFolders(ctx, folder);
    const years = folders.filter((f) => dateLevel(segment(f), 'year') !== null);
    let root: DateRoot | null = null;
    if (years.length > 0) {
      root = await confirmRoot(ctx, folder, years[years.length - 1]!);
      listed += 3;
    }
    if (root) roots.push(root);
    for (const f of folders) if (!(root && years.includes(f))) queue.push(f);
  }
  return roots;
}

/** Walks one year folder down (month, day, hour?) to tell a date root from a folder that happens to be named 2026. */
async function confirmRoot(ctx: ListContext, parent: string, year: string): Promise<DateRoot | null> {
  const hive = dateLevel(segment(year), 'year')!.hive;
  let folder = year;
  for (const level of ['month', 'day'] as const) {
    const { folders } = await listFolders(ctx, folder);
    const match = folders.filter((f) => dateLevel(segment(f), level)?.hive === hive);
    if (match.length === 0) return null;
    folder = match[match.length - 1]!;
  }
  const { folders } = await listFolders(ctx, folder);
  const hourly = folders.some((f) => dateLevel(segment(f), 'hour')?.hive === hive);
  return { prefix: parent, hive, hourly };
}
