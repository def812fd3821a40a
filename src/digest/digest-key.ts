/**
 * Digest S3 key arithmetic, as the AWS CLI does it: the listing marker and prefix for a
 * start time, the regular expression that keeps one trail's digests, and the timestamp
 * embedded in a key name.
 */

/** The trail-and-place coordinates every digest key is built from. */
export interface DigestKeyScope {
  accountId: string;
  trailName: string;
  /** Region the digests were written for (the CLI's source region, `--region`). */
  sourceRegion: string;
  /** Region of the trail ARN. */
  homeRegion: string;
  /** `o-...` for organization trails. */
  organizationId?: string | undefined;
  /** S3 key prefix of the trail, without a trailing slash. */
  prefix?: string | undefined;
}

/** True for `_backfill.json.gz` digest keys. */
export function isBackfillKey(key: string): boolean {
  return key.endsWith('_backfill.json.gz');
}

/** The `yyyymmddThhmmssZ` part of a digest key (compared lexicographically, like the CLI). */
export function digestKeyStamp(key: string): string {
  return isBackfillKey(key) ? key.slice(-33, -17) : key.slice(-24, -8);
}

/** Date from a `yyyymmddThhmmssZ` stamp, or null when it is not one. */
export function parseStamp(stamp: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** `yyyymmddThhmmssZ` for a date (UTC). */
export function formatStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** `yyyy-mm-ddThh:mm:ssZ`, the CLI's display format. */
export function formatDisplayDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function accountRoot(scope: DigestKeyScope): string {
  const org = scope.organizationId ? `${scope.organizationId}/` : '';
  const root = `AWSLogs/${org}${scope.accountId}`;
  return scope.prefix ? `${scope.prefix}/${root}` : root;
}

/** Listing prefix that scopes a digest listing to the trail's account and region. */
export function digestListPrefix(scope: DigestKeyScope): string {
  return `${accountRoot(scope)}/CloudTrail-Digest/${scope.sourceRegion}`;
}

/** The digest key CloudTrail would have written at `date` (standard digest). */
export function digestKeyFor(scope: DigestKeyScope, date: Date, backfill = false): string {
  const ymd = date.toISOString().slice(0, 10).replace(/-/g, '/');
  const { accountId, sourceRegion, trailName, homeRegion } = scope;
  const suffix = backfill ? '_backfill.json.gz' : '.json.gz';
  return `${accountRoot(scope)}/CloudTrail-Digest/${sourceRegion}/${ymd}/${accountId}_CloudTrail-Digest_${sourceRegion}_${trailName}_${homeRegion}_${formatStamp(date)}${suffix}`;
}

/** The Marker of the CLI's listing: the key for one minute before the start. */
export function digestListMarker(scope: DigestKeyScope, start: Date): string {
  return digestKeyFor(scope, new Date(start.getTime() - 60_000));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Matches the digest keys (standard and backfill) of exactly this trail. */
export function digestKeyRegex(scope: DigestKeyScope): RegExp {
  const { accountId, sourceRegion, trailName, homeRegion } = scope;
  const org = scope.organizationId ? `${escapeRegex(scope.organizationId)}/` : '';
  const a = escapeRegex(accountId);
  const body =
    `AWSLogs/${org}${a}/CloudTrail-Digest/${escapeRegex(sourceRegion)}/\\d+/\\d+/\\d+/${a}_CloudTrail-Digest_` +
    `${escapeRegex(sourceRegion)}_${escapeRegex(trailName)}_${escapeRegex(homeRegion)}_.+(?:_backfill)?\\.json\\.gz`;
  return new RegExp(`^${scope.prefix ? `${escapeRegex(scope.prefix)}/` : ''}${body}$`);
}

/** The pieces of a trail ARN (`arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`), or null. */
export function parseTrailArn(arn: string): { region: string; accountId: string; name: string } | null {
  if (!/^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/.test(arn)) return null;
  const parts = arn.split(':');
  return { region: parts[3] ?? '', accountId: parts[4] ?? '', name: arn.split('/').pop() ?? '' };
}
