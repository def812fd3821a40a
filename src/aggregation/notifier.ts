/**
 * Batched change notification: the first change after a notification starts a
 * timer; listeners hear once when it fires, however many changes came in between.
 * An interval of 0 notifies synchronously on every change (tests).
 */

/** Timer functions, injectable so tests control time. */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real timers that do not keep the process alive. */
export const realScheduler: Scheduler = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Throttled listener set. */
export class Notifier {
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;
  private pending = false;
  /**
   * Extra spacing set by the store from how long its last snapshot took, so snapshot
   * work stays a bounded share of a core however large the state grows.
   */
  minIntervalMs = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  /** Add a listener; returns its removal. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Something changed: notify now (interval 0) or when the batch timer fires. */
  changed(): void {
    if (this.intervalMs <= 0) {
      this.emit();
      return;
    }
    this.pending = true;
    if (this.timer === null) {
      this.timer = this.scheduler.setTimeout(() => this.fire(), Math.max(this.intervalMs, this.minIntervalMs));
    }
  }

  /** Notify pending changes now. */
  flush(): void {
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending) {
      this.pending = false;
      this.emit();
    }
  }

  /** Cancel any pending timer (listeners stay). */
  stop(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    this.timer = null;
    if (!this.pending) return;
    this.pending = false;
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // A failing listener must not stop ingest or the other listeners.
      }
    }
  }
}
