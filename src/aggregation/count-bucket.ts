/**
 * One time bucket of counts: per connection group (gid) the attempts, a handshake
 * sketch and the first/last failure time; per firewall kind the entries; and whether
 * any source reported sampling. Buckets merge (for series points and for rolling
 * per-second buckets into coarse history).
 *
 * A window holds about a million cells (a per-second bucket has nearly one per event
 * at high cardinality), so cells are columns of typed arrays, not objects: a cell is
 * an index, in order of first write (the order a Map of cells would iterate in). Read
 * them by index (`size`, `gidAt(i)`, `countAt(i)`, ...). Exact duration pairs and
 * sketches live beside the columns, only for the cells that have them, and failure
 * times only for cells with failures.
 *
 * While a bucket is written its columns have room to grow and the widest types (Int32
 * gids, Float64 counts, ...). compact() packs them, each as narrow as its values allow
 * exactly, into one buffer (see column-packing.ts); a later write widens them again.
 */
import { countTypeFor, exactAsFloat32, maxOf, packColumns, uintFor, type Column, type ColumnSpec } from './column-packing.js';
import { DDSketch, type DDSketchOptions } from './dd-sketch.js';
import { GidIndex } from './gid-index.js';

/** Most distinct durations a cell keeps as exact pairs before it takes a sketch. */
export const MAX_FEW = 8;

/**
 * How a cell holds its handshake durations: none; while every duration seen was the
 * same value, just that value and how often (`soloMs` x `soloN`); up to {@link MAX_FEW}
 * distinct values as exact (value, count) pairs; a sketch from the next distinct value
 * on. (A merged series point has a few values per group: pairs cost a fraction of a sketch.)
 */
const NONE = 0;
const SOLO = 1;
const FEW = 2;
const SKETCH = 3;

/** Source of bucket versions: process-wide, so no two states of any buckets share one. */
let stamps = 0;

const INITIAL_CELLS = 8;

/** Counts of one time span. */
export class CountBucket {
  /** Firewall kind id -> entries. */
  readonly firewall = new Map<number, number>();
  sampled = false;
  /**
   * Changes on every write, to a value no other bucket state ever had: lets closed series
   * points be cached safely (a version names one bucket's contents at one moment).
   */
  version = ++stamps;
  /** Number of group cells. */
  size = 0;
  /**
   * Null when this bucket's cells hold its handshake durations. A series point merged
   * without them (most points are read for counts only, and their per-group durations
   * cost more than the counts) names here the buckets it was merged from: its durations
   * are theirs. Read durations through {@link latencyHolders}.
   */
  latencyFrom: readonly CountBucket[] | null = null;
  private gids: Int32Array | Uint16Array = new Int32Array(INITIAL_CELLS);
  private counts: Float64Array | Uint32Array | Uint16Array | Uint8Array = new Float64Array(INITIAL_CELLS);
  /**
   * The duration columns: per cell its kind of durations, solo value and count. Null
   * (and the others empty) until the first duration: most series points and every
   * estimate hold counts only. When set, as long as `gids`.
   */
  private kinds: Uint8Array | null = null;
  private soloMs: Float64Array | Float32Array = new Float64Array(0);
  private soloN: Uint32Array | Uint16Array | Uint8Array = new Uint32Array(0);
  /** Per cell, 1 + its row in the failure columns; 0 while the cell has no failure. */
  private failRow: Int32Array | Uint32Array | Uint16Array | Uint8Array = new Int32Array(INITIAL_CELLS);
  private failures = 0;
  private firstFail: Float64Array | Float32Array | null = null;
  private lastFail: Float64Array | Float32Array | null = null;
  /** True from compact() to the next write: the columns are narrowed, in one buffer, full. */
  private packed = false;
  /** While packed, true when the failure columns hold offsets from `startMs` (as Float32, exactly). */
  private failOffsets = false;
  /** Per cell index, its pairs (value, count, ...) or sketch, for FEW and SKETCH cells. */
  private readonly side = new Map<number, number[] | DDSketch>();
  /** gid -> cell index while the bucket is written; null after compact() until the next write. */
  private index: GidIndex | null = new GidIndex();

  constructor(
    readonly startMs: number,
    readonly widthMs: number,
    private readonly sketchOptions: DDSketchOptions = {},
  ) {}

  /** Count one connection attempt of group `gid`. */
  addConnection(gid: number, timeMs: number, failed: boolean, handshakeMs: number | undefined): void {
    this.version = ++stamps;
    const i = this.cell(gid);
    this.counts[i]! += 1;
    if (handshakeMs !== undefined && handshakeMs >= 0 && handshakeMs !== Infinity) this.addLatency(i, handshakeMs, 1);
    if (failed) {
      const row = this.failRowOf(i, timeMs, timeMs);
      if (!(this.firstFail![row]! <= timeMs)) this.firstFail![row] = timeMs;
      if (!(this.lastFail![row]! >= timeMs)) this.lastFail![row] = timeMs;
    }
  }

  /** Count `n` connection attempts of group `gid` with no timing detail (aggregates, text estimates). */
  addCount(gid: number, n: number): void {
    if (!(n > 0)) return;
    this.version = ++stamps;
    const i = this.cell(gid); // first: it may replace the columns
    this.counts[i]! += n;
  }

  /** Count one firewall entry of kind `kind`. */
  addFirewall(kind: number, n = 1): void {
    this.version = ++stamps;
    this.firewall.set(kind, (this.firewall.get(kind) ?? 0) + n);
  }

  /** Mark this bucket as holding sampled data. */
  markSampled(): void {
    if (!this.sampled) this.version = ++stamps;
    this.sampled = true;
  }

  /**
   * Add everything of `other` into this bucket. Sketches are copied, never shared. With
   * `withLatency` false the durations are left out (see {@link latencyFrom}).
   */
  merge(other: CountBucket, withLatency = true): void {
    this.version = ++stamps;
    for (let j = 0; j < other.size; j++) {
      const i = this.cell(other.gids[j]!);
      this.counts[i]! += other.counts[j]!;
      const kind = withLatency && other.kinds !== null ? other.kinds[j]! : NONE;
      if (kind === SKETCH) this.sketchOf(i).merge(other.side.get(j) as DDSketch);
      else if (kind === SOLO) this.addLatency(i, other.soloMs[j]!, other.soloN[j]!);
      else if (kind === FEW) {
        const few = other.side.get(j) as number[];
        for (let k = 0; k < few.length; k += 2) this.addLatency(i, few[k]!, few[k + 1]!);
      }
      if (other.failRow[j] !== 0) {
        const first = other.firstFailureAt(j);
        const last = other.lastFailureAt(j);
        const row = this.failRowOf(i, first, last);
        const first0 = this.firstFail![row]!;
        const last0 = this.lastFail![row]!;
        if (first < first0 || Number.isNaN(first0)) this.firstFail![row] = first;
        if (last > last0 || Number.isNaN(last0)) this.lastFail![row] = last;
      }
    }
    for (const [kind, n] of other.firewall) this.firewall.set(kind, (this.firewall.get(kind) ?? 0) + n);
    if (other.sampled) this.sampled = true;
  }

  /**
   * Fit the columns to the cells and drop the write index (rebuilt on the next write):
   * for a bucket that is done being written, such as a past second or a merged point.
   */
  compact(): void {
    this.index = null;
    for (const held of this.side.values()) if (held instanceof DDSketch) held.compact();
    if (!this.packed) this.pack();
  }

  /** Group id of cell `i` (0 <= i < size; cells are in order of first write). */
  gidAt(i: number): number {
    return this.gids[i]!;
  }

  /** Attempts of cell `i`. */
  countAt(i: number): number {
    return this.counts[i]!;
  }

  /** Epoch ms of cell `i`'s first failure in this bucket; NaN when none. */
  firstFailureAt(i: number): number {
    const row = this.failRow[i]!;
    if (row === 0) return NaN;
    const at = this.firstFail![row - 1]!;
    return this.failOffsets ? this.startMs + at : at;
  }

  /** Epoch ms of cell `i`'s last failure in this bucket; NaN when none. */
  lastFailureAt(i: number): number {
    const row = this.failRow[i]!;
    if (row === 0) return NaN;
    const at = this.lastFail![row - 1]!;
    return this.failOffsets ? this.startMs + at : at;
  }

  /** True when cell `i` holds any handshake duration. */
  hasLatencyAt(i: number): boolean {
    return this.kinds !== null && this.kinds[i] !== NONE;
  }

  /** Add cell `i`'s handshake durations to `target`. */
  addLatencyAt(i: number, target: DDSketch): void {
    if (this.kinds === null) return;
    const kind = this.kinds[i]!;
    if (kind === SKETCH) target.merge(this.side.get(i) as DDSketch);
    else if (kind === SOLO) target.add(this.soloMs[i]!, this.soloN[i]!);
    else if (kind === FEW) {
      const few = this.side.get(i) as number[];
      for (let k = 0; k < few.length; k += 2) target.add(few[k]!, few[k + 1]!);
    }
  }

  /** Bins of cell `i`'s sketch; 0 when it has none (for stats). */
  sketchBinsAt(i: number): number {
    return this.kinds !== null && this.kinds[i] === SKETCH ? (this.side.get(i) as DDSketch).binCount : 0;
  }

  /** Count `n` durations of `ms` (valid ones) in cell `i`: solo, then pairs, then a sketch. */
  private addLatency(i: number, ms: number, n: number): void {
    const kinds = this.kinds ?? this.makeDurations();
    const kind = kinds[i]!;
    if (kind === SKETCH) (this.side.get(i) as DDSketch).add(ms, n);
    else if (kind === NONE || (kind === SOLO && this.soloMs[i] === ms)) {
      kinds[i] = SOLO;
      this.soloMs[i] = ms;
      this.soloN[i]! += n;
    } else {
      let few: number[];
      if (kind === SOLO) {
        few = [this.soloMs[i]!, this.soloN[i]!];
        this.side.set(i, few);
        kinds[i] = FEW;
        this.soloN[i] = 0;
      } else few = this.side.get(i) as number[];
      for (let k = 0; k < few.length; k += 2) {
        if (few[k] === ms) {
          few[k + 1]! += n;
          return;
        }
      }
      if (few.length < 2 * MAX_FEW) few.push(ms, n);
      else this.sketchOf(i).add(ms, n);
    }
  }

  /** Cell `i`'s sketch, made from its solo value or pairs when it has none yet. */
  private sketchOf(i: number): DDSketch {
    const kinds = this.kinds ?? this.makeDurations();
    if (kinds[i] === SKETCH) return this.side.get(i) as DDSketch;
    const sketch = new DDSketch(this.sketchOptions);
    this.addLatencyAt(i, sketch);
    this.side.set(i, sketch);
    kinds[i] = SKETCH;
    this.soloN[i] = 0;
    return sketch;
  }

  /** Make the duration columns (no cell has durations yet). */
  private makeDurations(): Uint8Array {
    const n = this.gids.length;
    this.soloMs = new Float64Array(n);
    this.soloN = new Uint32Array(n);
    return (this.kinds = new Uint8Array(n));
  }

  /** Cell `i`'s row in the failure columns, made holding [first, last] when it has none. */
  private failRowOf(i: number, first: number, last: number): number {
    const row = this.failRow[i]!;
    if (row !== 0) return row - 1;
    const made = this.failures++;
    this.failRow[i] = made + 1;
    if (this.firstFail === null || this.firstFail.length === made) {
      const capacity = Math.max(INITIAL_CELLS, 2 * made);
      this.firstFail = grown(this.firstFail ?? new Float64Array(0), capacity);
      this.lastFail = grown(this.lastFail ?? new Float64Array(0), capacity);
    }
    this.firstFail[made] = first;
    this.lastFail![made] = last;
    return made;
  }

  /** Index of `gid`'s cell, appended when it has none. */
  private cell(gid: number): number {
    let index = this.index;
    if (index === null) {
      if (this.packed) this.unpack();
      index = this.index = new GidIndex();
      for (let i = 0; i < this.size; i++) index.set(this.gids[i]!, i);
    }
    const found = index.get(gid);
    if (found >= 0) return found;
    const i = this.size++;
    if (i === this.gids.length) this.grow(Math.max(INITIAL_CELLS, 2 * i));
    this.gids[i] = gid;
    index.set(gid, i);
    return i;
  }

  /** Pack the columns, each in the narrowest type that holds its values exactly, into one buffer. */
  private pack(): void {
    const n = this.size;
    const f = this.failures;
    const specs: ColumnSpec[] = [
      { type: maxOf(this.gids, n) < 0x10000 ? Uint16Array : Int32Array, from: this.gids, length: n },
      { type: countTypeFor(this.counts, n), from: this.counts, length: n },
      { type: uintFor(f), from: this.failRow, length: n },
    ];
    if (this.kinds !== null) {
      const kinds = this.kinds;
      let soloExact = true;
      for (let i = 0; i < n && soloExact; i++) if (kinds[i] === SOLO) soloExact = exactAsFloat32(this.soloMs[i]!);
      specs.push(
        { type: Uint8Array, from: kinds, length: n },
        { type: soloExact ? Float32Array : Float64Array, from: this.soloMs, length: n },
        { type: uintFor(maxOf(this.soloN, n)), from: this.soloN, length: n },
      );
    }
    const first = this.firstFail;
    const last = this.lastFail;
    this.failOffsets = false;
    if (first !== null && last !== null) {
      // Failure times of a bucket lie within its width: as offsets they are small whole
      // numbers of ms, exact in a Float32, unless a source gave sub-millisecond times.
      let offsetsExact = true;
      for (let r = 0; r < f && offsetsExact; r++) offsetsExact = this.exactOffset(first[r]!) && this.exactOffset(last[r]!);
      if (offsetsExact) {
        for (let r = 0; r < f; r++) {
          first[r]! -= this.startMs;
          last[r]! -= this.startMs;
        }
        this.failOffsets = true;
      }
      const type = offsetsExact ? Float32Array : Float64Array;
      specs.push({ type, from: first, length: f }, { type, from: last, length: f });
    }
    const columns = packColumns(specs);
    this.gids = columns[0] as Int32Array | Uint16Array;
    this.counts = columns[1] as Float64Array | Uint32Array | Uint16Array | Uint8Array;
    this.failRow = columns[2] as Int32Array | Uint32Array | Uint16Array | Uint8Array;
    let next = 3;
    if (this.kinds !== null) {
      this.kinds = columns[next++] as Uint8Array;
      this.soloMs = columns[next++] as Float64Array | Float32Array;
      this.soloN = columns[next++] as Uint32Array | Uint16Array | Uint8Array;
    }
    if (first !== null) {
      this.firstFail = columns[next] as Float64Array | Float32Array;
      this.lastFail = columns[next + 1] as Float64Array | Float32Array;
    }
    this.packed = true;
  }

  /** True when epoch ms `at` is exact as a Float32 offset from this bucket's start. */
  private exactOffset(at: number): boolean {
    const offset = at - this.startMs;
    return exactAsFloat32(offset) && this.startMs + offset === at;
  }

  /** Widen packed columns back to the types they are written in (a late write to a compacted bucket). */
  private unpack(): void {
    this.gids = new Int32Array(this.gids);
    this.counts = new Float64Array(this.counts);
    this.failRow = new Int32Array(this.failRow);
    if (this.kinds !== null) {
      this.kinds = new Uint8Array(this.kinds);
      this.soloMs = new Float64Array(this.soloMs);
      this.soloN = new Uint32Array(this.soloN);
    }
    if (this.firstFail !== null && this.lastFail !== null) {
      const first = new Float64Array(this.firstFail);
      const last = new Float64Array(this.lastFail);
      if (this.failOffsets) {
        for (let r = 0; r < this.failures; r++) {
          first[r]! += this.startMs;
          last[r]! += this.startMs;
        }
      }
      this.firstFail = first;
      this.lastFail = last;
    }
    this.failOffsets = false;
    this.packed = false;
  }

  private grow(capacity: number): void {
    this.gids = grown(this.gids, capacity);
    this.counts = grown(this.counts, capacity);
    if (this.kinds !== null) {
      this.kinds = grown(this.kinds, capacity);
      this.soloMs = grown(this.soloMs, capacity);
      this.soloN = grown(this.soloN, capacity);
    }
    this.failRow = grown(this.failRow, capacity);
  }
}

/** The buckets whose cells hold the handshake durations of `buckets`, in order. */
export function latencyHolders(buckets: readonly CountBucket[]): readonly CountBucket[] {
  if (buckets.every((b) => b.latencyFrom === null)) return buckets;
  return buckets.flatMap((b) => b.latencyFrom ?? [b]);
}

/** A copy of `column` with room for `capacity` entries (the new ones zero). */
function grown<C extends Column>(column: C, capacity: number): C {
  const out = new (column.constructor as new (n: number) => C)(capacity);
  out.set(column);
  return out;
}
