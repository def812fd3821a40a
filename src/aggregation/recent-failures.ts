/**
 * Ring buffer of the latest failed connections and failing firewall entries, each
 * with a monotonically increasing `seq` (stable across snapshots, for selection).
 * Raw events are kept here, so filters over them are exact.
 */
import type { LogEvent } from '../events/types.js';
import type { RecentEvent } from './types.js';

/** Bounded ring of recent failure events. */
export class RecentFailures {
  private readonly ring: (RecentEvent | undefined)[];
  private next = 0;
  private seq = 0;

  constructor(readonly capacity = 500) {
    this.ring = new Array<RecentEvent | undefined>(capacity);
  }

  /** Number of events held. */
  get size(): number {
    return Math.min(this.seq, this.capacity);
  }

  /** Remember one event (overwrites the oldest when full). */
  push(event: LogEvent, source: string): void {
    this.ring[this.next] = { seq: ++this.seq, source, event };
    this.next = (this.next + 1) % this.capacity;
  }

  /** Held events, newest first, that satisfy `keep`. */
  newestFirst(keep: (e: RecentEvent) => boolean): RecentEvent[] {
    const out: RecentEvent[] = [];
    for (let i = 1; i <= this.capacity; i++) {
      const e = this.ring[(this.next - i + this.capacity) % this.capacity];
      if (e === undefined) break;
      if (keep(e)) out.push(e);
    }
    return out;
  }
}
