/**
 * The messages between the main thread and a parse thread. The main thread sends line
 * batches with a sequence number; the thread answers each on its own MessagePort (which
 * the main thread reads synchronously with receiveMessageOnPort) and then bumps a shared
 * counter, so the main thread can sleep in Atomics.wait until an answer is there.
 */
import type { MessagePort } from 'node:worker_threads';
import type { LineParserOptions } from '../../parsers/index.js';
import type { FormatHint } from '../../sources/types.js';
import type { IngestCounts } from '../ingest-sink.js';
import type { ParsedBatch } from './parsed-batch.js';

/** What a parse thread is started with (its workerData). */
export interface ParseThreadSetup {
  /** Answers go here. */
  answers: MessagePort;
  /** Int32 slot 0: answers posted so far (the main thread waits on it); slot 1: 1 once the thread runs. */
  posted: SharedArrayBuffer;
  sinceMs?: number;
  untilMs?: number;
  parser?: LineParserOptions;
  maxOrigins?: number;
}

/** Lines for the thread to parse. */
export interface LinesRequest {
  seq: number;
  origin: string;
  lines: string[];
  format?: FormatHint;
  sampled?: boolean;
}

/** The thread's answer to one request: the consumer calls and what they add to the counts. */
export type ParsedAnswer =
  | { seq: number; batch: ParsedBatch; counts: IngestCounts }
  /** The thread could not parse the batch (a bug: parsers do not throw); the main thread parses it. */
  | { seq: number; error: string };
