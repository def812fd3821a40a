/**
 * Counts and latency delivered pre-aggregated by CloudWatch Logs Insights. Each
 * `replace(range, rows, latency)` drops every earlier bin that starts inside the
 * range and stores the new rows (a re-run of a query corrects the counts of the bins
 * it covers). For any time covered by an Insights bin, the store reads counts from
 * the bin instead of from live buckets (so live and Insights counts never add up
 * twice). Bounded: bins older than the history are dropped, and at most `maxBins`
 * bins are kept (the oldest go first).
 */
import type { AggregateLatency, AggregateRow } from './types.js';
import { CountBucket } from './count-bucket.js';
import { NO_DISTRIBUTION, type GroupRegistry } from './group-registry.js';

/** Insights bins and latency rows. */
export class InsightsLayer {
  private readonly bins = new Map<number, CountBucket>();
  /** Latest latency rows, each for its range. */
  latency: AggregateLatency[] = [];

  constructor(
    private readonly groups: GroupRegistry,
    private readonly maxBins = 10_000,
  ) {}

  /** True when no Insights data was ever delivered. */
  get empty(): boolean {
    return this.bins.size === 0 && this.latency.length === 0;
  }

  /** Replace the bins starting in [range.startMs, range.endMs) and the latency rows. */
  replace(range: { startMs: number; endMs: number }, rows: readonly AggregateRow[], latency: readonly AggregateLatency[]): void {
    for (const start of [...this.bins.keys()]) {
      if (start >= range.startMs && start < range.endMs) this.bins.delete(start);
    }
    for (const row of rows) {
      if (!Number.isFinite(row.binStartMs) || !(row.binMs > 0) || !(row.count > 0)) continue;
      let bin = this.bins.get(row.binStartMs);
      if (bin === undefined) {
        bin = new CountBucket(row.binStartMs, row.binMs);
        this.bins.set(row.binStartMs, bin);
      }
      const status = String(row.connectionStatus);
      const failed = status !== 'Success';
      const gid = this.groups.gid(row.distributionId || NO_DISTRIBUTION, null, status, failed);
      bin.addCount(gid, row.count);
    }
    this.latency = latency.filter((l) => l.rangeEndMs > l.rangeStartMs);
    while (this.bins.size > this.maxBins) {
      let oldest = Infinity;
      for (const k of this.bins.keys()) if (k < oldest) oldest = k;
      this.bins.delete(oldest);
    }
  }

  /** Drop bins that ended before `oldestMs`. */
  prune(oldestMs: number): void {
    for (const [start, bin] of this.bins) if (start + bin.widthMs < oldestMs) this.bins.delete(start);
  }

  /**
   * `live` buckets overlapping [startMs, endMs) with Insights bins taking over the
   * time they cover.
   */
  overlay(live: CountBucket[], startMs: number, endMs: number): CountBucket[] {
    if (this.bins.size === 0) return live;
    const bins: CountBucket[] = [];
    for (const b of this.bins.values()) if (b.startMs + b.widthMs > startMs && b.startMs < endMs) bins.push(b);
    if (bins.length === 0) return live;
    const covered = (b: CountBucket): boolean =>
      bins.some((bin) => b.startMs >= bin.startMs && b.startMs + b.widthMs <= bin.startMs + bin.widthMs);
    return live
      .filter((b) => !covered(b))
      .concat(bins)
      .sort((a, b) => a.startMs - b.startMs);
  }

  /** The latency row for a distribution (null = overall) whose range overlaps [startMs, endMs), latest first. */
  latencyFor(distributionId: string | null, startMs: number, endMs: number): AggregateLatency | null {
    let best: AggregateLatency | null = null;
    for (const l of this.latency) {
      if (l.distributionId !== distributionId) continue;
      if (l.rangeEndMs <= startMs || l.rangeStartMs >= endMs) continue;
      if (best === null || l.rangeEndMs > best.rangeEndMs) best = l;
    }
    return best;
  }
}
