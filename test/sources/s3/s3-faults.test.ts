/**
 * The wording of final S3 faults, with the errors the SDK really throws: an S3ServiceException
 * named by S3's error code. moto_server cannot produce AccessDenied for the S3 source (see the
 * skipped test in moto.test.ts), so these shapes are checked here.
 */
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { classifyS3Error, describeS3Error } from '../../../src/sources/s3/s3-faults.js';

function s3Error(name: string, message: string, status = 403): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

describe('S3 fault wording', () => {
  it('AccessDenied on GetObject names the permission needed', () => {
    const error = s3Error('AccessDenied', 'Access Denied');
    expect(classifyS3Error(error)).toBe('denied');
    expect(describeS3Error(error, 'GetObject')).toMatch(/^GetObject: Access denied.*\(needed: s3:GetObject\)/);
  });

  it('AccessDenied on ListObjectsV2 names s3:ListBucket', () => {
    expect(describeS3Error(s3Error('AccessDenied', 'Access Denied'), 'ListObjectsV2')).toMatch(/needed: s3:ListBucket/);
  });

  it("an SSE-KMS object the credentials may not decrypt (AccessDenied naming kms:Decrypt) asks for kms:Decrypt on the bucket's key", () => {
    const error = s3Error(
      'AccessDenied',
      'User: arn:aws:iam::123456789012:user/reader is not authorized to perform: kms:Decrypt on resource: ' +
        'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action',
    );
    expect(classifyS3Error(error)).toBe('denied');
    expect(describeS3Error(error, 'GetObject')).toMatch(/needed: s3:GetObject and kms:Decrypt on the bucket's KMS key/);
    expect(describeS3Error(error, 'GetObject')).toMatch(/^GetObject: Access denied \(AccessDenied, an SSE-KMS object\): User: /);
  });
});
