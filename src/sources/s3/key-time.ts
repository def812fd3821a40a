/**
 * The time an S3 key names, for the layouts AWS writes: a date partition in the path
 * (plain `2026/11/20/05/`, Hive `year=2026/month=11/day=20/hour=05/`, the Network Firewall
 * layout `…/<firewall>/2026/11/20/05/`), or a timestamp in the file name (Network Firewall
 * and CloudTrail `20261120T0505Z`, CloudFront legacy `E2DX….2026-11-20-05.…`, Firehose
 * `…-2026-11-20-05-10-00-…`). Pure: every function here takes a key and gives numbers.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Start (inclusive) and end (exclusive) of the event time a key names, in epoch ms. */
export interface KeyTime {
  startMs: number;
  endMs: number;
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-31 over to March: a key naming a day that does not exist names none.
  return new Date(ms).getUTCDate() === day ? ms : null;
}

const HIVE_PATH = /(?:^|\/)year=(\d{4})\/month=(\d{1,2})\/day=(\d{1,2})\/(?:hour=(\d{1,2})\/)?/;
const PLAIN_PATH = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})\/(?:(\d{2})\/)?/;
/** `20261120T0505Z` or `20261120T050512Z` (Network Firewall, CloudTrail). */
const COMPACT_NAME = /(?:^|[^0-9])(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z(?:[^0-9]|$)/;
/** `2026-11-20-05` with optional `-10-00` (CloudFront legacy: hour; Firehose: second). */
const DASHED_NAME = /(?:^|[^0-9])(\d{4})-(\d{2})-(\d{2})-(\d{2})(?:-(\d{2})-(\d{2}))?(?:[^0-9]|$)/;

/** The date partition in the path of `key` (the last one), or null. */
export function partitionTime(key: string): KeyTime | null {
  const dir = key.slice(0, key.lastIndexOf('/') + 1);
  const match = HIVE_PATH.exec(dir) ?? PLAIN_PATH.exec(dir);
  if (!match) return null;
  const hour = match[4] === undefined ? undefined : Number(match[4]);
  const start = utc(Number(match[1]), Number(match[2]), Number(match[3]), hour ?? 0);
  if (start === null) return null;
  return { startMs: start, endMs: start + (hour === undefined ? DAY_MS : HOUR_MS) };
}

/** The timestamp in the file name of `key` (minute or second, or hour for CloudFront legacy names), or null. */
export function fileNameTime(key: string): KeyTime | null {
  const name = key.slice(key.lastIndexOf('/') + 1);
  let match = COMPACT_NAME.exec(name);
  if (match) {
    const start = utc(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0));
    return start === null ? null : { startMs: start, endMs: start + (match[6] === undefined ? 60_000 : 1000) };
  }
  match = DASHED_NAME.exec(name);
  if (match) {
    const seconds = match[5] !== undefined;
    const start = utc(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5] ?? 0), Number(match[6] ?? 0));
    return start === null ? null : { startMs: start, endMs: start + (seconds ? 1000 : HOUR_MS) };
  }
  return null;
}

/** The finest time `key` names: its file name's timestamp, else its partition; null when it names none. */
export function keyTime(key: string): KeyTime | null {
  return fileNameTime(key) ?? partitionTime(key);
}

/**
 * How far delivered data reaches around the time its key names. A key's time is when the
 * file was written (Network Firewall: records of the five minutes before it; CloudFront:
 * best effort, sometimes much later), so a key is kept for a span when its time is within
 * this margin of it.
 */
export const KEY_TIME_MARGIN_MS = 2 * HOUR_MS;

/** Whether an object under `key` can hold events in [sinceMs, untilMs); true when the key names no time. */
export function keyMayHold(key: string, sinceMs: number | undefined, untilMs: number | undefined): boolean {
  const time = keyTime(key);
  if (time === null) return true;
  if (sinceMs !== undefined && time.endMs + KEY_TIME_MARGIN_MS <= sinceMs) return false;
  if (untilMs !== undefined && time.startMs - KEY_TIME_MARGIN_MS >= untilMs) return false;
  return true;
}
