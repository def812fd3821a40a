/**
 * The Map-based Misra-Gries counter FrequentItems was before its own index (commit
 * 175f3ba, src/aggregation/frequent-items.ts), kept as the reference the new one must
 * match exactly: same entries in the same order, same counts, same `decremented`.
 */
import { MAX_GROUPS_PER_ENTRY, OTHER_GROUP } from '../../src/aggregation/frequent-items.js';

export interface ReferenceEntry {
  count: number;
  raw: number;
  gid0: number;
  n0: number;
  more: number[] | null;
  failedRaw: number;
}

export class MapFrequentItems {
  readonly entries = new Map<string, ReferenceEntry>();
  total = 0;
  decremented = 0;

  constructor(readonly capacity: number) {}

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

  merge(other: MapFrequentItems): void {
    this.total += other.total;
    this.decremented += other.decremented;
    for (const [key, src] of other.entries) {
      const scale = src.raw > 0 ? src.count / src.raw : 0;
      let entry = this.entries.get(key);
      if (entry === undefined) {
        entry = { count: 0, raw: 0, gid0: src.gid0, n0: 0, more: null, failedRaw: 0 };
        this.entries.set(key, entry);
      }
      const e = entry;
      e.count += src.count;
      e.failedRaw += src.failedRaw * scale;
      const groups: [number, number][] = [];
      if (src.n0 > 0) groups.push([src.gid0, src.n0]);
      for (let i = 0; src.more !== null && i < src.more.length; i += 2) groups.push([src.more[i]!, src.more[i + 1]!]);
      for (const [gid, n] of groups) {
        e.raw += n * scale;
        if (e.gid0 === gid) e.n0 += n * scale;
        else addGroup(e, gid, n * scale);
      }
    }
    while (this.entries.size > this.capacity) this.prune();
  }

  private prune(): void {
    const counts = [...this.entries.values()].map((e) => e.count).sort((a, b) => a - b);
    const m = counts[Math.floor((counts.length - 1) / 2)]!;
    this.decremented += m;
    for (const [key, e] of this.entries) {
      e.count -= m;
      if (e.count <= 0) this.entries.delete(key);
    }
  }
}

function addGroup(entry: ReferenceEntry, gid: number, weight: number): void {
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
  const last = g.length - 2;
  g[last] = OTHER_GROUP;
  g[last + 1]! += weight;
}
