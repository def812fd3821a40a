/** Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */

/** Delay before retry number `attempt` (0-based): uniform in [0, min(max, base * 2^attempt)]. */
export function fullJitterDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Counts consecutive failures; `next()` gives the delay, `reset()` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay for the next retry; increments the failure count. */
  next(): number {
    return fullJitterDelay(this.attempt++, this.baseMs, this.maxMs, this.random);
  }

  /** Forget past failures. */
  reset(): void {
    this.attempt = 0;
  }

  /** Consecutive failures so far. */
  get failures(): number {
    return this.attempt;
  }
}
