/**
 * Made-up CloudTrail log records for generated chains: plausible API calls (S3, STS, EC2,
 * CloudFront) from one account, drawn from a seeded generator so a chain is reproducible.
 */

/** A CloudTrail log file's JSON (`{"Records":[…]}`) of `count` events, one a second from `at`. */
export function trailRecordsJson(random: () => number, count: number, at: Date, accountId: string, region: string): string {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const records = Array.from({ length: count }, (_, i) => {
    const eventName = pick(['GetObject', 'PutObject', 'AssumeRole', 'DescribeInstances', 'CreateDistribution', 'GetCallerIdentity']);
    return {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: `AROA${hex(16).toUpperCase()}:session-${i}`,
        arn: `arn:aws:sts::${accountId}:assumed-role/app-role/session-${i}`,
        accountId,
        accessKeyId: `ASIA${hex(16).toUpperCase()}`,
      },
      eventTime: new Date(at.getTime() + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource: pick(['s3.amazonaws.com', 'sts.amazonaws.com', 'ec2.amazonaws.com', 'cloudfront.amazonaws.com']),
      eventName,
      awsRegion: region,
      sourceIPAddress: `${10 + Math.floor(random() * 200)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
      userAgent: pick(['aws-cli/2.15.0 Python/3.11.6', 'aws-sdk-js/3.600.0', 'Boto3/1.34.0 md/Botocore#1.34.0']),
      requestParameters: { bucketName: 'app-data', key: `objects/${hex(8)}.json` },
      responseElements: null,
      requestID: hex(16).toUpperCase(),
      eventID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      readOnly: eventName.startsWith('Get') || eventName.startsWith('Describe'),
      eventType: 'AwsApiCall',
      managementEvent: !eventName.endsWith('Object'),
      recipientAccountId: accountId,
      eventCategory: eventName.endsWith('Object') ? 'Data' : 'Management',
      tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `s3.${region}.amazonaws.com` },
    };
  });
  return JSON.stringify({ Records: records });
}
