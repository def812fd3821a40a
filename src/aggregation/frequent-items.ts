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
  /** The key this entry counts. */
  readonly key: string;
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
  /** Hash of a key in its table's index; 0 for a key kept in the table's Map. */
  hash: number;
}

/** Group id that collects the groups of an entry beyond `maxGroupsPerEntry`. */
export const OTHER_GROUP = -1;
/** Most groups remembered per entry (the rest fold into OTHER_GROUP). */
export const MAX_GROUPS_PER_ENTRY = 8;

/** Scratch space for finding the median without allocating on every prune. */
let scratch = new Float64Array(1024);

/**
 * Keys are found through the table's own open-addressing index, not a Map: near-unique
 * keys (a client IP per line) made the Map grow and shrink on every prune, which V8 does
 * in C++, and that was most of the time of an `add` (bench/ingest.bench.ts).
 */
/** Longest probe in the index; a key that would need more goes to a Map, so colliding keys cannot slow a table down. */
const MAX_PROBE = 32;
/** Per-process seed of the index hash, so hostile keys cannot be chosen to collide. */
const HASH_SEED = (Math.random() * 0x100000000) >>> 0;
/**
 * Characters hashed: all of a key up to this length, else its first 8 and last 24 (where
 * subjects usually differ: the CN). Keys that differ elsewhere collide; once a table has
 * spilled SPILLS_BEFORE_FULL_HASH keys it hashes whole keys from then on.
 */
const HASHED_CHARS = 32;
const SPILLS_BEFORE_FULL_HASH = 8;

/** FNV-1a-style hash of (part of, unless `whole`) a key; never 0 (0 marks an entry kept in the Map). */
function hashKey(key: string, whole: boolean): number {
  const n = key.length;
  let h = HASH_SEED ^ n;
  if (n <= HASHED_CHARS || whole) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < 8; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    for (let i = n - (HASHED_CHARS - 8); i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  h ^= h >>> 15;
  return (h >>> 0) | 1;
}

/**
 * Capped counter of keys with a per-group breakdown. The entries are kept in insertion
 * order (`items()`), as a Map would keep them, so readers see the same order.
 */
export class FrequentItems {
  /** Entries in insertion order (a key that left and came back is at the end). */
  private order: FrequentEntry[] = [];
  /** Open-addressing index: slot -> 1 + position in `order` (0: empty); null until the first key. */
  private index: Uint16Array | Int32Array | null = null;
  /** Keys that found no slot within MAX_PROBE of their hash. */
  private readonly byKey = new Map<string, FrequentEntry>();
  /** Keys spilled to the Map so far, and whether the index hashes whole keys (see HASHED_CHARS). */
  private spills = 0;
  private wholeKeys = false;
  /**
   * The entry of the key added last, while it is held: a key that comes again and again
   * (the one issuer or SNI of a distribution) skips the hash and the probe. A prune drops
   * entries, so it forgets this.
   */
  private last: FrequentEntry | null = null;
  /** Events added (or merged in). */
  total = 0;
  /** Largest amount subtracted from any count so far (the error bound in events). */
  decremented = 0;

  constructor(readonly capacity: number) {}

  /** Keys held (at most `capacity` after each add or merge). */
  get size(): number {
    return this.order.length;
  }

  /** The entries in insertion order; read-only, valid until the next add or merge. */
  items(): readonly FrequentEntry[] {
    return this.order;
  }

  /** The entry of `key`, if held. */
  get(key: string): FrequentEntry | undefined {
    return this.findIndexed(key, hashKey(key, this.wholeKeys)) ?? (this.byKey.size > 0 ? this.byKey.get(key) : undefined);
  }

  /** Count one event of group `gid` under `key`; `failed` when the event is a failure. */
  add(key: string, gid: number, failed: boolean, weight = 1): void {
    this.total += weight;
    let entry = this.last;
    if (entry === null || entry.key !== key) {
      const hash = hashKey(key, this.wholeKeys);
      entry = this.findIndexed(key, hash) ?? null;
      if (entry === null && this.byKey.size > 0) entry = this.byKey.get(key) ?? null;
      if (entry === null) {
        if (this.order.length >= this.capacity) this.prune();
        const added: FrequentEntry = {
          key,
          count: weight,
          raw: weight,
          gid0: gid,
          n0: weight,
          more: null,
          failedRaw: failed ? weight : 0,
          hash,
        };
        this.insert(added);
        this.checkSpills();
        this.last = added;
        return;
      }
      this.last = entry;
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
    for (const src of other.order) {
      // Scale the source's raw split down to its estimated count before adding.
      const scale = src.raw > 0 ? src.count / src.raw : 0;
      let entry = this.get(src.key);
      if (entry === undefined) {
        entry = { key: src.key, count: 0, raw: 0, gid0: src.gid0, n0: 0, more: null, failedRaw: 0, hash: hashKey(src.key, this.wholeKeys) };
        this.insert(entry);
        this.checkSpills();
      }
      const e = entry;
      e.count += src.count;
      e.failedRaw += src.failedRaw * scale;
      forEachGroup(src, (gid, n) => {
        e.raw += n * scale;
        if (e.gid0 === gid) e.n0 += n * scale;
        else addGroup(e, gid, n * scale);
      });
    }
    while (this.order.length > this.capacity) this.prune();
    this.checkSpills();
  }

  /** The indexed entry of a key with its hash, if held. */
  private findIndexed(key: string, hash: number): FrequentEntry | undefined {
    const index = this.index;
    if (index === null) return undefined;
    const mask = index.length - 1;
    for (let probe = 0, slot = hash & mask; probe < MAX_PROBE; probe++, slot = (slot + 1) & mask) {
      const at = index[slot] as number;
      if (at === 0) return undefined;
      const entry = this.order[at - 1] as FrequentEntry;
      if (entry.hash === hash && entry.key === key) return entry;
    }
    return undefined;
  }

  /** Append a new entry (its key is not held) and index it. */
  private insert(entry: FrequentEntry): void {
    this.order.push(entry);
    this.place(entry, this.order.length);
  }

  /** Put `entry` (at `order[position - 1]`) in the index, or in the Map when no slot is near. */
  private place(entry: FrequentEntry, position: number): void {
    if (entry.hash !== 0) {
      // Four slots per key of capacity (twice that while a merge runs over it): short probes.
      const index = (this.index ??= newIndex(this.capacity));
      const mask = index.length - 1;
      for (let probe = 0, slot = entry.hash & mask; probe < MAX_PROBE; probe++, slot = (slot + 1) & mask) {
        if (index[slot] === 0) {
          index[slot] = position;
          return;
        }
      }
      entry.hash = 0;
      this.spills++;
    }
    this.byKey.set(entry.key, entry);
  }

  /**
   * After too many spills, hash whole keys from now on: rehash every entry and index the
   * spilled ones again. Called only where `order`, the index and the Map agree.
   */
  private checkSpills(): void {
    if (this.wholeKeys || this.spills < SPILLS_BEFORE_FULL_HASH) return;
    this.wholeKeys = true;
    this.byKey.clear();
    this.index?.fill(0);
    for (let i = 0; i < this.order.length; i++) {
      const e = this.order[i] as FrequentEntry;
      e.hash = hashKey(e.key, true);
      this.place(e, i + 1);
    }
  }

  /** Batch decrement by the median count, dropping keys that reach zero. */
  private prune(): void {
    const order = this.order;
    const n = order.length;
    if (n === 0) return;
    if (scratch.length < n) scratch = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) scratch[i] = (order[i] as FrequentEntry).count;
    const m = select(scratch, n, Math.floor((n - 1) / 2));
    this.decremented += m;
    this.last = null;
    // Keep the survivors in order, and index them afresh (positions moved).
    this.index?.fill(0);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const e = order[i] as FrequentEntry;
      e.count -= m;
      if (e.count <= 0) {
        if (e.hash === 0) this.byKey.delete(e.key);
        continue;
      }
      order[kept++] = e;
      if (e.hash !== 0) this.place(e, kept);
    }
    order.length = kept;
  }
}

/** Slots of the index of a table of `capacity` keys: a power of two, at least 4x. */
function newIndex(capacity: number): Uint16Array | Int32Array {
  // Positions go up to twice the capacity (a merge adds before it prunes): 16 bits do for the usual 256.
  const size = indexSize(capacity);
  return 2 * capacity < 0xffff ? new Uint16Array(size) : new Int32Array(size);
}

function indexSize(capacity: number): number {
  let size = 16;
  while (size < capacity * 4) size *= 2;
  return size;
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
