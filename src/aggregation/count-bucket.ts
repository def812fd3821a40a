/**
 * One time bucket of counts: per connection group (gid) the attempts, a handshake
 * sketch and the first/last failure time; per firewall kind the entries; and whether
 * any source reported sampling. Buckets merge (for series points and for rolling
 * per-second buckets into coarse history).
 */
import { DDSketch, type DDSketchOptions } from './dd-sketch.js';

/** Most distinct durations a cell keeps as exact pairs before it takes a sketch. */
export const MAX_FEW = 8;

/** Counts of one connection group inside one bucket. */
export interface CountCell {
  count: number;
  /**
   * Handshake durations: while every duration seen was the same value, just that value
   * and how often (`soloMs` x `soloN`, no allocation); up to {@link MAX_FEW} distinct
   * values as exact (value, count) pairs in `few`; a sketch from the next distinct value
   * on. At most one of the three holds values. Read them through addCellLatency().
   * (A merged series point has a few values per group: pairs cost a fraction of a sketch.)
   */
  sketch: DDSketch | null;
  soloMs: number;
  soloN: number;
  few: number[] | null;
  /** Epoch ms of the first and last failure in this bucket; NaN when none. */
  firstFailureMs: number;
  lastFailureMs: number;
}

/** Counts of one time span. */
export class CountBucket {
  readonly cells = new Map<number, CountCell>();
  /** Firewall kind id -> entries. */
  readonly firewall = new Map<number, number>();
  sampled = false;
  /** Bumps on every write; lets closed series points be cached safely. */
  version = 0;

  constructor(
    readonly startMs: number,
    readonly widthMs: number,
    private readonly sketchOptions: DDSketchOptions = {},
  ) {}

  /** Count one connection attempt of group `gid`. */
  addConnection(gid: number, timeMs: number, failed: boolean, handshakeMs: number | undefined): void {
    this.version++;
    const cell = this.cell(gid);
    cell.count++;
    if (handshakeMs !== undefined && handshakeMs >= 0 && handshakeMs !== Infinity) this.addLatency(cell, handshakeMs, 1);
    if (failed) {
      if (!(cell.firstFailureMs <= timeMs)) cell.firstFailureMs = timeMs;
      if (!(cell.lastFailureMs >= timeMs)) cell.lastFailureMs = timeMs;
    }
  }

  /** Count `n` connection attempts of group `gid` with no timing detail (aggregates, text estimates). */
  addCount(gid: number, n: number): void {
    if (!(n > 0)) return;
    this.version++;
    this.cell(gid).count += n;
  }

  /** Count one firewall entry of kind `kind`. */
  addFirewall(kind: number, n = 1): void {
    this.version++;
    this.firewall.set(kind, (this.firewall.get(kind) ?? 0) + n);
  }

  /** Mark this bucket as holding sampled data. */
  markSampled(): void {
    if (!this.sampled) this.version++;
    this.sampled = true;
  }

  /** Add everything of `other` into this bucket. Sketches are copied, never shared. */
  merge(other: CountBucket): void {
    this.version++;
    for (const [gid, src] of other.cells) {
      const cell = this.cell(gid);
      cell.count += src.count;
      if (src.sketch !== null) this.sketchOf(cell).merge(src.sketch);
      else if (src.soloN > 0) this.addLatency(cell, src.soloMs, src.soloN);
      else if (src.few !== null) for (let i = 0; i < src.few.length; i += 2) this.addLatency(cell, src.few[i]!, src.few[i + 1]!);
      if (src.firstFailureMs < cell.firstFailureMs || Number.isNaN(cell.firstFailureMs)) {
        cell.firstFailureMs = src.firstFailureMs;
      }
      if (src.lastFailureMs > cell.lastFailureMs || Number.isNaN(cell.lastFailureMs)) {
        cell.lastFailureMs = src.lastFailureMs;
      }
    }
    for (const [kind, n] of other.firewall) this.firewall.set(kind, (this.firewall.get(kind) ?? 0) + n);
    if (other.sampled) this.sampled = true;
  }

  /** Count `n` durations of `ms` (valid ones) in `cell`: solo, then pairs, then a sketch. */
  private addLatency(cell: CountCell, ms: number, n: number): void {
    if (cell.sketch !== null) cell.sketch.add(ms, n);
    else if (cell.few === null && (cell.soloN === 0 || cell.soloMs === ms)) {
      cell.soloMs = ms;
      cell.soloN += n;
    } else {
      let few = cell.few;
      if (few === null) {
        few = cell.few = [cell.soloMs, cell.soloN];
        cell.soloN = 0;
      }
      for (let i = 0; i < few.length; i += 2) {
        if (few[i] === ms) {
          few[i + 1]! += n;
          return;
        }
      }
      if (few.length < 2 * MAX_FEW) few.push(ms, n);
      else this.sketchOf(cell).add(ms, n);
    }
  }

  /** The cell's sketch, made from its solo value or pairs when it has none yet. */
  private sketchOf(cell: CountCell): DDSketch {
    if (cell.sketch !== null) return cell.sketch;
    const sketch = new DDSketch(this.sketchOptions);
    addCellLatency(sketch, cell);
    cell.sketch = sketch;
    cell.soloN = 0;
    cell.few = null;
    return sketch;
  }

  private cell(gid: number): CountCell {
    let cell = this.cells.get(gid);
    if (cell === undefined) {
      cell = { count: 0, sketch: null, soloMs: 0, soloN: 0, few: null, firstFailureMs: NaN, lastFailureMs: NaN };
      this.cells.set(gid, cell);
    }
    return cell;
  }
}

/** True when the cell holds any handshake duration. */
export function hasLatency(cell: CountCell): boolean {
  return cell.sketch !== null || cell.soloN > 0 || cell.few !== null;
}

/** Add a cell's handshake durations to `target`. */
export function addCellLatency(target: DDSketch, cell: CountCell): void {
  if (cell.sketch !== null) target.merge(cell.sketch);
  else if (cell.soloN > 0) target.add(cell.soloMs, cell.soloN);
  else if (cell.few !== null) for (let i = 0; i < cell.few.length; i += 2) target.add(cell.few[i]!, cell.few[i + 1]!);
}
