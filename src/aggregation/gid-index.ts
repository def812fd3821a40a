/**
 * Group id -> cell index, by open addressing in one Int32Array (linear probing, at most
 * half full): a count bucket finds its cells with it while it is written, at 8-16 bytes
 * a cell instead of a Map entry's ~50. Ids and indexes are non-negative int32s.
 */
export class GidIndex {
  /** Per slot, 1 + cell index (0: empty); the gid is read back from `keys`. */
  private slots = new Int32Array(16);
  private keys = new Int32Array(16);
  private used = 0;

  /** The cell index of `gid`; -1 when it has none. */
  get(gid: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash(gid) & mask; ; s = (s + 1) & mask) {
      const v = this.slots[s]!;
      if (v === 0) return -1;
      if (this.keys[s] === gid) return v - 1;
    }
  }

  /** Point `gid` at cell `index` (`gid` must not be in the index yet). */
  set(gid: number, index: number): void {
    if (2 * (this.used + 1) > this.slots.length) this.rehash(2 * this.slots.length);
    this.used++;
    this.put(gid, index + 1);
  }

  private put(gid: number, value: number): void {
    const mask = this.slots.length - 1;
    let s = hash(gid) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = value;
    this.keys[s] = gid;
  }

  private rehash(capacity: number): void {
    const { slots, keys } = this;
    this.slots = new Int32Array(capacity);
    this.keys = new Int32Array(capacity);
    for (let s = 0; s < slots.length; s++) if (slots[s] !== 0) this.put(keys[s]!, slots[s]!);
  }
}

/** Multiplying by an odd constant permutes the low bits, spreading the (dense) ids over the table. */
function hash(gid: number): number {
  return Math.imul(gid, 0x9e3779b1);
}
