/**
 * DigestStore over Amazon S3 (or moto_server) through the AWS SDK v3.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { DigestObject, DigestStore, StoreObject } from '../digest/ports.js';

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.Code === 'NoSuchKey' || e?.name === 'NotFound';
}

/** S3-backed store. The client should have `followRegionRedirects` for buckets in other regions. */
export class S3DigestStore implements DigestStore {
  readonly mode = 's3' as const;

  constructor(private readonly client: S3Client) {}

  async *listKeys(bucket: string, prefix: string, startAfter: string, signal: AbortSignal): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: startAfter, ContinuationToken: token }),
        { abortSignal: signal },
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async listDirectories(bucket: string, prefix: string, signal: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
        { abortSignal: signal },
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async getDigest(bucket: string, key: string, signal: AbortSignal): Promise<StoreObject<DigestObject>> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      const body = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.Metadata ?? {})) metadata[k.toLowerCase()] = v;
      return { kind: 'found', value: { body, metadata } };
    } catch (error) {
      if (isNotFound(error)) return { kind: 'missing' };
      throw error;
    }
  }

  async openLog(bucket: string, key: string, signal: AbortSignal): Promise<StoreObject<AsyncIterable<Uint8Array>>> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      const body = response.Body as (Readable & AsyncIterable<Uint8Array>) | undefined;
      if (!body) return { kind: 'found', value: (async function* () {})() };
      return { kind: 'found', value: body };
    } catch (error) {
      if (isNotFound(error)) return { kind: 'missing' };
      throw error;
    }
  }
}
