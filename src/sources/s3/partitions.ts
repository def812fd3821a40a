/**
 * Which prefixes to list for a span of time: a date root (the folder whose children are
 * years, `2026/` or `year=2026/`) and its depth (days or hours) give one prefix per
 * partition that can hold the span, so a history read lists only those. Pure.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A folder whose children are years, and the shape of the partitions below it. */
export interface DateRoot {
  /** Ends with `/` (or is empty: the bucket's top level). */
  prefix: string;
  /** `year=2026/month=11/…` rather than `2026/11/…`. */
  hive: boolean;
  /** The partitions go down to hours (else days). */
  hourly: boolean;
}

/** What a folder name (one level, without its `/`) says about a date layout. */
export type DateLevel = { level: 'year' | 'month' | 'day' | 'hour'; hive: boolean; value: number } | null;

const HIVE_LEVEL = /^(year|month|day|hour)=(\d{1,4})$/;

/** Classifies one folder name: `2026` is a year, `11` may be a month, a day or an hour (the caller knows which it expects). */
export function dateLevel(name: string, expected: 'year' | 'month' | 'day' | 'hour'): DateLevel {
  const hive = HIVE_LEVEL.exec(name);
  if (hive) {
    if (hive[1] !== expected) return null;
    return inRange(expected, Number(hive[2])) ? { level: expected, hive: true, value: Number(hive[2]) } : null;
  }
  const digits = expected === 'year' ? /^\d{4}$/ : /^\d{2}$/;
  if (!digits.test(name)) return null;
  return inRange(expected, Number(name)) ? { level: expected, hive: false, value: Number(name) } : null;
}

function inRange(level: 'year' | 'month' | 'day' | 'hour', value: number): boolean {
  switch (level) {
    case 'year':
      return value >= 1990 && value <= 2200;
    case 'month':
      return value >= 1 && value <= 12;
    case 'day':
      return value >= 1 && value <= 31;
    case 'hour':
      return value >= 0 && value <= 23;
  }
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The prefix of the partition of `root` that holds time `ms` (its hour, or its day). */
export function partitionPrefix(root: DateRoot, ms: number): string {
  const d = new Date(ms);
  const [y, m, day, h] = [d.getUTCFullYear(), two(d.getUTCMonth() + 1), two(d.getUTCDate()), two(d.getUTCHours())];
  const parts = root.hive ? [`year=${y}`, `month=${m}`, `day=${day}`, `hour=${h}`] : [String(y), m, day, h];
  return root.prefix + parts.slice(0, root.hourly ? 4 : 3).join('/') + '/';
}

/** Length of one partition of `root`. */
export function partitionMs(root: DateRoot): number {
  return root.hourly ? HOUR_MS : DAY_MS;
}

/** Most prefixes listed for one root and span; a longer span lists days (or the whole root) instead of hours. */
export const MAX_PARTITIONS = 2_000;

/**
 * The partitions of `root` that can hold events in [sinceMs, untilMs), widened by
 * `marginMs` on both sides (data is filed by when it was written, a little after the
 * events): one prefix per hour (or day), in time order. Null when the span needs more
 * than MAX_PARTITIONS days too: the caller lists the whole root.
 */
export function partitionsFor(root: DateRoot, sinceMs: number, untilMs: number, marginMs: number): string[] | null {
  for (const candidate of root.hourly ? [root, { ...root, hourly: false }] : [root]) {
    const step = partitionMs(candidate);
    const first = Math.floor((sinceMs - marginMs) / step) * step;
    const end = untilMs + marginMs;
    if ((end - first) / step > MAX_PARTITIONS) continue;
    const out: string[] = [];
    for (let t = first; t < end; t += step) out.push(partitionPrefix(candidate, t));
    return out;
  }
  return null;
}

/**
 * The partitions a follower lists at `nowMs`: the current one and the one before it (a
 * file written late into the previous hour must not be missed), oldest first.
 */
export function livePartitions(root: DateRoot, nowMs: number): [previous: string, current: string] {
  const step = partitionMs(root);
  return [partitionPrefix(root, nowMs - step), partitionPrefix(root, nowMs)];
}
