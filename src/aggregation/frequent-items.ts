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
  /** Sum of the raw per-group counts. */
  raw: number;
  /** The first group seen and its raw count (most keys only ever see one group). */
  gid0: number;
  n0: number;
  /** Further groups as [gid, n, gid, n, ...]; null until a second group shows up. */
  more: number[] | null;
  /**
   * The raw count of failed events, whatever their group: a group folded into OTHER_GROUP
   * loses whether it failed, so failures are kept beside the split too.
   */
  failedRaw: number;
}

/** Group id that collects the groups of an entry beyond `maxGroupsPerEntry`. */
export const OTHER_GROUP = -1;
/** Most groups remembered per entry (the rest fold into OTHER_GROUP). */
export const MAX_GROUPS_PER_ENTRY = 8;

/** Scratch space for finding the median without allocating on every prune. */
let scratch = new Float64Array(1024);

/** Capped counter of keys with a per-group breakdown. */
export class FrequentItems {
  readonly entries = new Map<string, FrequentEntry>();
  /** Events added (or merged in). */
  total = 0;
  /** Largest amount subtracted from any count so far (the error bound in events). */
  decremented = 0;

  constructor(readonly capacity: number) {}

  /** Count one event of group `gid` under `key`; `failed` when the event is a failure. */
  add(key: string, gid: number, failed: boolean, weight = 1): void {
    this.total += weight;
    const entry = this.entries.get(key);
    if (entry === undefined) {
      if (this.entries.size >= this.capacity) this.prune();
      this.entries.set(key, { count: weight, raw: weight, gid0: gid, n0: weight, more: null, failedRaw: failed ? weight : 0 });
      return;
    }
    entry.count += weight;
    entry.raw += weight;
    if (failed) entry.failedRaw += weight;
    if (entry.gid0 === gid) entry.n0 += weight;
    else addGroup(entry, gid, weight);
  }

  /** Add all of `other` into this counter (prunes to capacity afterwards). */
  merge(other: FrequentItems): void {
    this.total += other.total;
    this.decremented += other.decremented;
    for (const [key, src] of other.entries) {
      // Scale the source's raw split down to its estimated count before adding.
      const scale = src.raw > 0 ? src.count / src.raw : 0;
      let entry = this.entries.get(key);
      if (entry === undefined) {
        entry = { count: 0, raw: 0, gid0: src.gid0, n0: 0, more: null, failedRaw: 0 };
        this.entries.set(key, entry);
      }
      entry.count += src.count;
      entry.failedRaw += src.failedRaw * scale;
      forEachGroup(src, (gid, n) => {
        entry.raw += n * scale;
        if (entry.gid0 === gid) entry.n0 += n * scale;
        else addGroup(entry, gid, n * scale);
      });
    }
    while (this.entries.size > this.capacity) this.prune();
  }

  /** Batch decrement by the median count, dropping keys that reach zero. */
  private prune(): void {
    const n = this.entries.size;
    if (n === 0) return;
    if (scratch.length < n) scratch = new Float64Array(n * 2);
    let i = 0;
    for (const e of this.entries.values()) scratch[i++] = e.count;
    const m = select(scratch, n, Math.floor((n - 1) / 2));
    this.decremented += m;
    for (const [key, e] of this.entries) {
      e.count -= m;
      if (e.count <= 0) this.entries.delete(key);
    }
  }
}

/** Call fn for each (gid, raw count) of an entry. */
export function forEachGroup(entry: FrequentEntry, fn: (gid: number, n: number) => void): void {
  if (entry.n0 > 0) fn(entry.gid0, entry.n0);
  const g = entry.more;
  if (g === null) return;
  for (let i = 0; i < g.length; i += 2) fn(g[i]!, g[i + 1]!);
}

function addGroup(entry: FrequentEntry, gid: number, weight: number): void {
  let g = entry.more;
  if (g === null) g = entry.more = [];
  for (let i = 0; i < g.length; i += 2) {
    if (g[i] === gid) {
      g[i + 1]! += weight;
      return;
    }
  }
  if (g.length < (MAX_GROUPS_PER_ENTRY - 1) * 2) {
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
  const last = g.length - 2;
  g[last] = OTHER_GROUP;
  g[last + 1]! += weight;
}

/** The k-th smallest of a[0..n) (Hoare quickselect; reorders a). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * The part of an entry's count that belongs to groups accepted by `accept`, plus the
 * part that belongs to failed groups (`failed[gid]`; null: failures not wanted).
 * Without a group filter (`accept` null) both are the whole entry's, failures from
 * `failedRaw`. Under a filter, OTHER_GROUP's part cannot be attributed: it is left out of
 * both and returned as `unattributed`, so the caller can widen its error bound by it.
 */
export function entryShare(
  entry: FrequentEntry,
  accept: ArrayLike<boolean> | null,
  failed: ArrayLike<boolean> | null,
): { count: number; failures: number; unattributed: number } {
  const scale = entry.raw > 0 ? entry.count / entry.raw : 0;
  if (accept === null) return { count: entry.count, failures: failed === null ? 0 : entry.failedRaw * scale, unattributed: 0 };
  let count = 0;
  let failures = 0;
  let unattributed = 0;
  forEachGroup(entry, (gid, raw) => {
    const n = raw * scale;
    if (gid === OTHER_GROUP) {
      unattributed += n;
      return;
    }
    if (!accept[gid]) return;
    count += n;
    if (failed !== null && failed[gid]) failures += n;
  });
  return { count, failures, unattributed };
}
