/** The types an S3 object read shares with its parts (whole-body and Parquet reads). */
import type { S3Client } from '@aws-sdk/client-s3';

/** One listed object. */
export interface S3Object {
  key: string;
  size: number;
  etag?: string;
  lastModifiedMs?: number;
}

/** Retry timings (tests shorten them). */
export interface RetryTimings {
  baseMs: number;
  maxMs: number;
  /** Attempts per call before the object counts as failed. */
  attempts: number;
}

export const DEFAULT_RETRY: RetryTimings = { baseMs: 200, maxMs: 10_000, attempts: 8 };

/** What reading an object needs. */
export interface ObjectReadContext {
  client: S3Client;
  bucket: string;
  signal: AbortSignal;
  retry: RetryTimings;
  random: () => number;
  maxLineBytes?: number;
  /** Asked after each batch: a promise holds the reader (backpressure of the time-ordered merge). */
  holdBack?: () => Promise<void> | undefined;
  /** Called before a retry, with the message for the status line. */
  onRetry?(message: string): void;
}

/** Counts from one object. */
export interface ObjectSummary {
  lines: number;
  /** Bytes received from S3 (compressed, as stored). */
  bytes: number;
  encoding: 'plain' | 'gzip' | 'parquet';
}

/** Why an object could not be read (the message names no key: the caller adds it). */
export class ObjectReadError extends Error {}
