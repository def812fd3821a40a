/**
 * A bounded heavy-hitters counter (Misra-Gries with batch decrements) whose entries
 * also remember which groups (interned (distribution, tenant, status) ids, or firewall
 * kinds) their events belonged to, so a table can be filtered by group afterwards.
 *
 * Error bound: when the map would exceed `capacity` keys, the median count m is
 * subtracted from every key and keys at zero or below are dropped; at least half the
 * keys held >= m, so each decrement removes >= m * capacity / 2 events, and the total
 * subtracted from any key (`decremented`) is at most 2N / capacity for N events
 * added. Every reported count is therefore at most 2N / capacity below the truth and
 * never above it; any key whose true count exceeds that is guaranteed to be present.
 * Merging sums counts and `decremented`, so the bound holds for the merged N.
 */

/** Per-key state: the (possibly decremented) count and its raw per-group split. */
export interface FrequentEntry {
  /** Estimated count (a lower bound, see the module comment). */
  count: number;
  /** Raw events per group as [gid, n, gid, n, ...]; the split scales to `count`. */
  groups: number[];
  /** Sum of the raw per-group counts. */
  raw: number;
}

/** Group id that collects the groups of an entry beyond `maxGroupsPerEntry`. */
export const OTHER_GROUP = -1;
const MAX_GROUPS_PER_ENTRY = 8;

/** Capped counter of keys with a per-group breakdown. */
export class FrequentItems {
  readonly entries = new Map<string, FrequentEntry>();
  /** Events added (or merged in). */
  total = 0;
  /** Largest amount subtracted from any count so far (the error bound in events). */
  decremented = 0;

  constructor(readonly capacity: number) {}

  /** Count one event of group `gid` under `key`. */
  add(key: string, gid: number, weight = 1): void {
    this.total += weight;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      if (this.entries.size >= this.capacity) this.prune();
      entry = { count: 0, groups: [], raw: 0 };
      this.entries.set(key, entry);
    }
    entry.count += weight;
    addGroup(entry, gid, weight);
  }

  /** Add all of `other` into this counter (prunes to capacity afterwards). */
  merge(other: FrequentItems): void {
    this.total += other.total;
    this.decremented += other.decremented;
    for (const [key, src] of other.entries) {
      let entry = this.entries.get(key);
      if (entry === undefined) {
        entry = { count: 0, groups: [], raw: 0 };
        this.entries.set(key, entry);
      }
      // Scale the source's raw split down to its estimated count before adding.
      const scale = src.raw > 0 ? src.count / src.raw : 0;
      entry.count += src.count;
      for (let i = 0; i < src.groups.length; i += 2) {
        addGroup(entry, src.groups[i]!, src.groups[i + 1]! * scale);
      }
    }
    while (this.entries.size > this.capacity) this.prune();
  }

  /** Batch decrement by the median count, dropping keys that reach zero. */
  private prune(): void {
    const n = this.entries.size;
    if (n === 0) return;
    const counts = new Float64Array(n);
    let i = 0;
    for (const e of this.entries.values()) counts[i++] = e.count;
    counts.sort();
    const m = counts[Math.floor((n - 1) / 2)]!;
    this.decremented += m;
    for (const [key, e] of this.entries) {
      e.count -= m;
      if (e.count <= 0) this.entries.delete(key);
    }
  }
}

function addGroup(entry: FrequentEntry, gid: number, weight: number): void {
  entry.raw += weight;
  const g = entry.groups;
  for (let i = 0; i < g.length; i += 2) {
    if (g[i] === gid) {
      g[i + 1]! += weight;
      return;
    }
  }
  if (g.length < MAX_GROUPS_PER_ENTRY * 2) {
    g.push(gid, weight);
    return;
  }
  for (let i = 0; i < g.length; i += 2) {
    if (g[i] === OTHER_GROUP) {
      g[i + 1]! += weight;
      return;
    }
  }
  // Fold the last slot into OTHER_GROUP to make room.
  const lastGid = g.length - 2;
  g[lastGid] = OTHER_GROUP;
  g[lastGid + 1]! += weight;
}

/**
 * The part of an entry's count that belongs to groups accepted by `accept`, plus the
 * part that belongs to failed groups (`failed[gid]`). OTHER_GROUP counts only when
 * `acceptOther` is true (i.e. no group filter is active).
 */
export function entryShare(
  entry: FrequentEntry,
  accept: ArrayLike<boolean> | null,
  failed: ArrayLike<boolean> | null,
): { count: number; failures: number } {
  const scale = entry.raw > 0 ? entry.count / entry.raw : 0;
  let count = 0;
  let failures = 0;
  const g = entry.groups;
  for (let i = 0; i < g.length; i += 2) {
    const gid = g[i]!;
    const n = g[i + 1]! * scale;
    if (gid === OTHER_GROUP) {
      if (accept === null) count += n;
      continue;
    }
    if (accept !== null && !accept[gid]) continue;
    count += n;
    if (failed !== null && failed[gid]) failures += n;
  }
  return { count, failures };
}
