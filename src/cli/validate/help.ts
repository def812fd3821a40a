/** `tlstop validate --help`. */
export const VALIDATE_HELP = `Usage: tlstop validate --trail-arn ARN --start-time T [options]

Validate CloudTrail log files against the digest chain, like
\`aws cloudtrail validate-logs\` (same lines, order and exit status), but concurrent,
stricter, and able to read a local copy.

  --trail-arn ARN        trail to validate (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)
  --start-time T         validate log files delivered at or after T (e.g. 2026-11-20T05:21:42Z)
  --end-time T           ... and at or before T (default: now)
  --s3-bucket B          bucket of the digests (default: the trail's, from DescribeTrails)
  --s3-prefix P          key prefix of the digests (default: the trail's)
  --account-id ID        account to validate (required for organization trails)
  --verbose              also print the valid files
  --region R             region of the digests and of the API calls
  --profile P            AWS profile
  --endpoint-url URL     CloudTrail endpoint (and S3's unless AWS_ENDPOINT_URL_S3 is set)
  --public-keys FILE     keys from \`aws cloudtrail list-public-keys\` JSON instead of the API
  --local DIR            validate a copy made with \`aws s3 sync s3://BUCKET DIR\`
  --concurrency N        log files checked at once (default 16)
  --json                 one JSON object per verdict and a final summary, on stdout

Exit status: 0 all valid, 1 anything invalid, 2 usage or fatal error.
`;
