/**
 * Emits results in the order they were queued even though they settle out of order,
 * with a bound on how many may be outstanding (so memory stays bounded).
 */
export class OrderedOutput {
  private tail: Promise<void> = Promise.resolve();
  private outstanding = 0;
  private failure: { error: unknown } | null = null;
  private waiters: (() => void)[] = [];

  /** Queue a value (or a promise of one); `emit` runs once every earlier item has been emitted. */
  push<T>(value: T | Promise<T>, emit: (value: T) => void): void {
    this.outstanding += 1;
    const settled = Promise.resolve(value);
    settled.catch(() => undefined);
    this.tail = this.tail.then(async () => {
      const v = await settled;
      emit(v);
      this.outstanding -= 1;
      this.wake();
    });
    this.tail.catch((error: unknown) => {
      this.failure ??= { error };
      this.wake();
    });
  }

  /** Resolves once at most `limit` items are outstanding; rejects if an item failed. */
  async waitBelow(limit: number): Promise<void> {
    while (this.outstanding > limit) {
      if (this.failure) throw this.failure.error;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure.error;
  }

  /** Resolves when everything queued so far has been emitted. */
  async drain(): Promise<void> {
    await this.tail;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** A counting semaphore: at most `limit` tasks run at once. */
export class TaskPool {
  private running = 0;
  private queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Run `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A released slot passes straight to the next waiter, so `running` never overshoots.
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
