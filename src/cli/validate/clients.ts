/**
 * The AWS clients validation needs, built here only: CloudTrail (ListPublicKeys,
 * DescribeTrails) and the S3 digest store. Each SDK is loaded only when its client is
 * asked for, so a local copy with `--public-keys` starts without loading any.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { awsClientConfig, type AwsOptions } from '../../aws/client-options.js';
import type { DigestStore } from '../../digest/ports.js';

/** Static keys from the command's own environment when it is not the process's (tests, embedding). */
export function explicitCredentials(env: NodeJS.ProcessEnv): {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
} {
  if (env === process.env || !env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return {};
  return {
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  };
}

/** A new CloudTrail client for validation's region, profile and endpoint. */
export async function createCloudTrailClient(aws: AwsOptions, env: NodeJS.ProcessEnv): Promise<CloudTrailClient> {
  const { CloudTrailClient } = await import('@aws-sdk/client-cloudtrail');
  return new CloudTrailClient({ ...awsClientConfig(aws), ...explicitCredentials(env), maxAttempts: 5 });
}

/**
 * The S3 digest store. Its endpoint is `AWS_ENDPOINT_URL_S3` when set, else `--endpoint-url`,
 * as the AWS CLI does; a bucket in another region is followed there.
 */
export async function createS3DigestStore(aws: AwsOptions, env: NodeJS.ProcessEnv): Promise<DigestStore> {
  const s3Endpoint = env.AWS_ENDPOINT_URL_S3 ?? aws.endpointUrl;
  const config = awsClientConfig({ ...aws, endpointUrl: s3Endpoint });
  const [{ S3Client }, { S3DigestStore }] = await Promise.all([import('@aws-sdk/client-s3'), import('../../digest-io/s3-digest-store.js')]);
  return new S3DigestStore(new S3Client({ ...config, ...explicitCredentials(env), followRegionRedirects: true, maxAttempts: 5 }));
}
