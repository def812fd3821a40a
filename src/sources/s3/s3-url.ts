/** `s3://BUCKET/PREFIX` as the user names it on `--s3`. */

/** A bucket and the key prefix under it (may be empty: the whole bucket). */
export interface S3Location {
  bucket: string;
  prefix: string;
  /** As the user wrote it, for labels. */
  url: string;
}

/** Bucket names AWS accepts (3 to 63 of lowercase letters, digits, dots and hyphens); moto accepts the same. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket/prefix`; an Error says what is wrong with it. */
export function parseS3Url(text: string): S3Location | Error {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/s.exec(text);
  if (!match) return new Error(`--s3 takes s3://BUCKET/PREFIX (got "${text}")`);
  const bucket = match[1]!;
  if (!BUCKET.test(bucket)) return new Error(`--s3: "${bucket}" is not an S3 bucket name`);
  const prefix = match[2] ?? '';
  if (Buffer.byteLength(prefix) > 1024) return new Error('--s3: the prefix is longer than an S3 key can be (1024 bytes)');
  return { bucket, prefix, url: text };
}
