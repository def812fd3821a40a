/**
 * A cache that keeps what the last two frames used and forgets the rest: lookups refresh
 * an entry into the current generation, and `nextFrame()` drops everything not touched
 * during the frame before. Memory is bounded by what two frames draw (and by
 * `maxEntries` per generation, should one frame draw more), however long the monitor runs.
 */
export class FrameCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly maxEntries = 20_000) {}

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  /** The cached value, or `compute()` cached now. */
  getOrCompute(key: string, compute: () => V): V {
    let value = this.get(key);
    if (value === undefined) {
      value = compute();
      this.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    if (this.current.size >= this.maxEntries) this.nextFrame();
    this.current.set(key, value);
  }

  /** Start a new generation: entries not used since the previous call are dropped. */
  nextFrame(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** Entries held now (both generations). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
