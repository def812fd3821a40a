/**
 * Finds a trail's bucket and prefix through CloudTrail DescribeTrails (what the AWS CLI
 * does when `--s3-bucket` is not given).
 */
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';

/** Where a trail delivers. */
export interface TrailLocation {
  bucket: string;
  prefix?: string | undefined;
  isOrganizationTrail: boolean;
}

/** DescribeTrails for the ARN (shadow trails included); throws when there is no such trail. */
export async function lookupTrail(client: CloudTrailClient, trailArn: string, signal: AbortSignal): Promise<TrailLocation> {
  const response = await client.send(new DescribeTrailsCommand({ trailNameList: [trailArn], includeShadowTrails: true }), {
    abortSignal: signal,
  });
  const trail = (response.trailList ?? []).find((t) => t.TrailARN === trailArn);
  if (!trail?.S3BucketName) throw new Error(`A trail could not be found for ${trailArn}`);
  return { bucket: trail.S3BucketName, prefix: trail.S3KeyPrefix || undefined, isOrganizationTrail: trail.IsOrganizationTrail === true };
}
