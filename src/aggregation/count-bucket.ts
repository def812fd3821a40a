/**
 * One time bucket of counts: per connection group (gid) the attempts, a handshake
 * sketch and the first/last failure time; per firewall kind the entries; and whether
 * any source reported sampling. Buckets merge (for series points and for rolling
 * per-second buckets into coarse history).
 */
import { DDSketch, type DDSketchOptions } from './dd-sketch.js';

/** Counts of one connection group inside one bucket. */
export interface CountCell {
  count: number;
  /**
   * Handshake durations: while every duration seen was the same value, just that value
   * and how often (`soloMs` x `soloN`, no allocation); a sketch from the second distinct
   * value on. Read them through addCellLatency().
   */
  sketch: DDSketch | null;
  soloMs: number;
  soloN: number;
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
    if (handshakeMs !== undefined && handshakeMs >= 0 && handshakeMs !== Infinity) {
      if (cell.sketch !== null) cell.sketch.add(handshakeMs);
      else if (cell.soloN === 0 || cell.soloMs === handshakeMs) {
        cell.soloMs = handshakeMs;
        cell.soloN++;
      } else {
        cell.sketch = new DDSketch(this.sketchOptions);
        cell.sketch.add(cell.soloMs, cell.soloN);
        cell.soloN = 0;
        cell.sketch.add(handshakeMs);
      }
    }
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
      if (src.sketch !== null || src.soloN > 0) {
        if (cell.sketch === null) {
          cell.sketch = new DDSketch(this.sketchOptions);
          if (cell.soloN > 0) cell.sketch.add(cell.soloMs, cell.soloN);
          cell.soloN = 0;
        }
        addCellLatency(cell.sketch, src);
      }
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

  private cell(gid: number): CountCell {
    let cell = this.cells.get(gid);
    if (cell === undefined) {
      cell = { count: 0, sketch: null, soloMs: 0, soloN: 0, firstFailureMs: NaN, lastFailureMs: NaN };
      this.cells.set(gid, cell);
    }
    return cell;
  }
}

/** True when the cell holds any handshake duration. */
export function hasLatency(cell: CountCell): boolean {
  return cell.sketch !== null || cell.soloN > 0;
}

/** Add a cell's handshake durations to `target`. */
export function addCellLatency(target: DDSketch, cell: CountCell): void {
  if (cell.sketch !== null) target.merge(cell.sketch);
  else if (cell.soloN > 0) target.add(cell.soloMs, cell.soloN);
}
