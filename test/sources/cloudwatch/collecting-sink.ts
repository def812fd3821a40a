/**
 * A SourceSink for tests: keeps every batch, status and aggregate call, and waits on
 * conditions instead of sleeping.
 */
import type { AggregateLatency, AggregateRow } from '../../../src/aggregation/types.js';
import type { LineBatch, SourceSink, SourceStatus } from '../../../src/sources/types.js';
import { waitFor } from '../../helpers/wait-for.js';

export interface AggregateCall {
  range: { startMs: number; endMs: number };
  rows: AggregateRow[];
  latency: AggregateLatency[];
}

export class CollectingSink implements SourceSink {
  readonly batches: LineBatch[] = [];
  readonly statuses: SourceStatus[] = [];
  readonly aggregateCalls: AggregateCall[] = [];

  lines(batch: LineBatch): void {
    this.batches.push(batch);
  }

  status(status: SourceStatus): void {
    this.statuses.push(status);
  }

  aggregates(range: { startMs: number; endMs: number }, rows: AggregateRow[], latency: AggregateLatency[]): void {
    this.aggregateCalls.push({ range, rows, latency });
  }

  /** Every delivered line, in delivery order. */
  get allLines(): string[] {
    return this.batches.flatMap((b) => b.lines);
  }

  /** Lines that were delivered more than once. */
  duplicates(): string[] {
    const seen = new Set<string>();
    const dups: string[] = [];
    for (const line of this.allLines) {
      if (seen.has(line)) dups.push(line);
      seen.add(line);
    }
    return dups;
  }

  hasStatus(predicate: (s: SourceStatus) => boolean): boolean {
    return this.statuses.some(predicate);
  }

  /** Resolve when `predicate` holds; reject after `timeoutMs` with a description, the line count and the last statuses. */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    await waitFor(predicate, what, {
      timeoutMs,
      observe: () => {
        const last = this.statuses.slice(-5).map((s) => `${s.id} ${s.state} ${s.message ?? ''}`);
        return `${this.allLines.length} lines; last statuses:\n${last.join('\n')}`;
      },
    });
  }

  waitForLines(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.allLines.length >= count, `${count} lines`, timeoutMs);
  }

  waitForStatus(predicate: (s: SourceStatus) => boolean, what: string, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.hasStatus(predicate), what, timeoutMs);
  }
}

/** Timings that make a test run in milliseconds. */
export const FAST_TIMINGS = {
  pollMinMs: 20,
  pollMaxMs: 100,
  pollInitialMs: 30,
  pollOverlapMs: 5_000,
  backoffBaseMs: 10,
  backoffMaxMs: 100,
  userActionRetryMs: 100,
  liveIdleTimeoutMs: 3_000,
  liveBackfillSlackMs: 2_000,
  insightsIntervalMs: 50,
  insightsPollMs: 10,
  insightsRefreshMs: 5 * 60_000,
  insightsLookbackMs: 60 * 60_000,
  insightsQueryTimeoutMs: 5_000,
};

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
