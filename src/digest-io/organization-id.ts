/**
 * Finds an organization trail's `o-...` id from the bucket's `AWSLogs/` listing.
 */
import type { DigestStore } from '../digest/ports.js';

/**
 * The organization id under `[prefix/]AWSLogs/` that holds `accountId`'s digests, or
 * undefined. (The AWS CLI asks Organizations DescribeOrganization; reading the bucket
 * needs no extra permission and also works with `--s3-bucket`.)
 */
export async function discoverOrganizationId(
  store: DigestStore,
  bucket: string,
  prefix: string | undefined,
  accountId: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (!store.listDirectories) return undefined;
  const root = `${prefix ? `${prefix}/` : ''}AWSLogs/`;
  const candidates = (await store.listDirectories(bucket, root, signal)).filter((d) => /^o-[a-z0-9]{10,32}$/.test(d));
  for (const org of candidates) {
    const accounts = await store.listDirectories(bucket, `${root}${org}/`, signal);
    if (accounts.includes(accountId)) return org;
  }
  return undefined;
}
