/**
 * Reading top-N slices: merged, filtered tables for the panes, and (under a text
 * filter) per-group estimates of how many events matched the text. Pure.
 */
import { CountBucket } from './count-bucket.js';
import { OTHER_GROUP, entryShare, forEachGroup } from './frequent-items.js';
import { CONNECTION_TABLES, FIREWALL_TABLES, type TableName, type TopTables } from './top-tables.js';
import type { TopEntry } from './types.js';

/** Count and failures of one key after merging. */
export interface KeyTotals {
  count: number;
  failures: number;
  /** Under a group filter, the part of the key's count whose group was folded away (frequent-items.ts). */
  unattributed: number;
}

/**
 * One table merged over `slices`: keys containing `needle` (all when ''), counts
 * restricted to groups accepted by `accept` (null = all), failures from `failed`.
 */
export function mergeTable(
  slices: readonly TopTables[],
  name: TableName,
  accept: ArrayLike<boolean> | null,
  failed: ArrayLike<boolean> | null,
  needle: string,
): Map<string, KeyTotals> {
  const out = new Map<string, KeyTotals>();
  for (const slice of slices) {
    for (const entry of slice.tables[name].items()) {
      const key = entry.key;
      if (needle !== '' && !key.toLowerCase().includes(needle)) continue;
      const share = entryShare(entry, accept, failed);
      if (share.count <= 0 && share.unattributed <= 0) continue;
      const t = out.get(key);
      if (t === undefined) out.set(key, { count: share.count, failures: share.failures, unattributed: share.unattributed });
      else {
        t.count += share.count;
        t.failures += share.failures;
        t.unattributed += share.unattributed;
      }
    }
  }
  return out;
}

/**
 * How far below the truth any count of table `name` merged over `slices` (into `merged`)
 * may be: the sum of what each slice's table subtracted when it pruned (frequent-items.ts),
 * plus, under a group filter, the largest part of a key that fell into a folded group. 0
 * when neither happened: the counts are then exact.
 */
export function undercountBound(slices: readonly TopTables[], name: TableName, merged: ReadonlyMap<string, KeyTotals>): number {
  let sum = 0;
  for (const slice of slices) sum += slice.tables[name].decremented;
  // Under a group filter, a key's events in groups folded away may belong to the filter.
  let unattributed = 0;
  for (const t of merged.values()) if (t.unattributed > unattributed) unattributed = t.unattributed;
  return Math.ceil(sum + unattributed);
}

/** The n largest keys by count (or by failures, skipping keys without any). */
export function topEntries(totals: Map<string, KeyTotals>, n: number, by: 'count' | 'failures' = 'count'): TopEntry[] {
  const rows: TopEntry[] = [];
  for (const [key, t] of totals) {
    const count = Math.round(t.count);
    const failures = Math.round(t.failures);
    if (by === 'failures' ? failures <= 0 : count <= 0) continue;
    rows.push({ key, count, failures });
  }
  rows.sort((a, b) => (by === 'failures' ? b.failures - a.failures || b.count - a.count : b.count - a.count) || (a.key < b.key ? -1 : 1));
  return rows.slice(0, n);
}

/**
 * A count bucket estimating, per connection group and firewall kind, how many events
 * of `slice` matched `needle`: for each group, the largest per-table sum of matching
 * keys. That is a lower bound of the true number (an event can match through several
 * tables; keys dropped by the top-N caps are missing), exact when the text matches
 * through one field only and the keys were not pruned. Cells carry no latency.
 */
export function textBucket(slice: TopTables, needle: string): CountBucket {
  const bucket = new CountBucket(slice.startMs, slice.widthMs);
  const best = new Map<number, number>();
  collectBest(slice, CONNECTION_TABLES, needle, best);
  for (const [gid, n] of best) bucket.addCount(gid, n);
  const bestKinds = new Map<number, number>();
  collectBest(slice, FIREWALL_TABLES, needle, bestKinds);
  for (const [kind, n] of bestKinds) if (n > 0) bucket.addFirewall(kind, n);
  return bucket;
}

function collectBest(slice: TopTables, names: readonly TableName[], needle: string, best: Map<number, number>): void {
  const perTable = new Map<number, number>();
  for (const name of names) {
    perTable.clear();
    for (const entry of slice.tables[name].items()) {
      const key = entry.key;
      if (!key.toLowerCase().includes(needle)) continue;
      const scale = entry.raw > 0 ? entry.count / entry.raw : 0;
      forEachGroup(entry, (gid, n) => {
        if (gid !== OTHER_GROUP) perTable.set(gid, (perTable.get(gid) ?? 0) + n * scale);
      });
    }
    for (const [gid, n] of perTable) if (n > (best.get(gid) ?? 0)) best.set(gid, n);
  }
}
