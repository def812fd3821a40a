/**
 * Finds a trail's bucket and prefix through CloudTrail DescribeTrails (what the AWS CLI
 * does when `--s3-bucket` is not given), and an organization trail's `o-...` id from the
 * bucket's `AWSLogs/` listing.
 */
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import type { DigestStore } from '../digest/ports.js';

/** Where a trail delivers. */
export interface TrailLocation {
  bucket: string;
  prefix?: string | undefined;
  isOrganizationTrail: boolean;
}

/** DescribeTrails for the ARN (shadow trails included); throws when there is no such trail. */
export async function lookupTrail(client: CloudTrailClient, trailArn: string, signal: AbortSignal): Promise<TrailLocation> {
  const response = await client.send(new DescribeTrailsCommand({ trailNameList: [trailArn], includeShadowTrails: true }), { abortSignal: signal });
  const trail = (response.trailList ?? []).find((t) => t.TrailARN === trailArn);
  if (!trail?.S3BucketName) throw new Error(`A trail could not be found for ${trailArn}`);
  return { bucket: trail.S3BucketName, prefix: trail.S3KeyPrefix || undefined, isOrganizationTrail: trail.IsOrganizationTrail === true };
}

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
