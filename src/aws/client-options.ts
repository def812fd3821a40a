/**
 * One place that turns the user's AWS options into SDK v3 client configuration.
 * Credentials come from the SDK's standard provider chain (environment, shared
 * config/credentials files and `profile`, SSO, container and instance roles).
 */

export interface AwsOptions {
  region?: string;
  profile?: string;
  /** e.g. http://127.0.0.1:5000 for moto_server or a local test server. */
  endpointUrl?: string;
}

/** Configuration accepted by every `@aws-sdk/client-*` constructor. */
export interface AwsClientConfig {
  region: string;
  profile?: string;
  endpoint?: string;
  /** Path-style S3 addressing is needed for IP/localhost endpoints. */
  forcePathStyle?: boolean;
  maxAttempts?: number;
}

/** Region from the option, then AWS_REGION / AWS_DEFAULT_REGION, then us-east-1. */
export function resolveRegion(options: AwsOptions): string {
  return options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

export function awsClientConfig(options: AwsOptions): AwsClientConfig {
  const config: AwsClientConfig = { region: resolveRegion(options) };
  if (options.profile) config.profile = options.profile;
  if (options.endpointUrl) {
    config.endpoint = options.endpointUrl;
    config.forcePathStyle = true;
  }
  return config;
}

/**
 * One clear, actionable sentence for an AWS SDK error (missing or expired credentials,
 * access denied, missing resource, throttling, network).
 */
export function describeAwsError(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? 'Error';
  const message = e?.message ?? String(error);
  switch (name) {
    case 'CredentialsProviderError':
      return `No AWS credentials found (${message}). Set AWS_PROFILE or --profile, run \`aws sso login\`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.`;
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return `AWS credentials have expired (${name}). Refresh them (\`aws sso login\` or new session credentials) and tlstop will retry.`;
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return `Access denied: ${message}. Grant the IAM permission named above to the credentials in use.`;
    case 'ResourceNotFoundException':
    case 'NoSuchBucket':
    case 'NoSuchKey':
      return `Not found: ${message}. Check the name and the region (--region).`;
    case 'ThrottlingException':
    case 'Throttling':
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return `AWS is throttling requests (${name}); backing off.`;
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return `AWS rejected the credentials (${name}): ${message}. Check the access key, secret and profile.`;
    default: {
      const status = e?.$metadata?.httpStatusCode;
      if (['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT'].some((c) => message.includes(c) || name.includes(c))) {
        return `Cannot reach AWS (${message}). Check the network, proxy settings or --endpoint-url.`;
      }
      return status ? `${name} (HTTP ${status}): ${message}` : `${name}: ${message}`;
    }
  }
}
