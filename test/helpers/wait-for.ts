/**
 * Waiting in tests: on a condition (`waitFor`), never for a fixed time; and the one kind of
 * fixed wait a test may make, a check that nothing more happens for a while (`expectQuietFor`).
 */

/** What a condition returns while it does not hold yet. */
export type NotYet = false | null | undefined;

/** How long `waitFor` waits and what it says when the time runs out. */
export interface WaitOptions {
  /** Give up after this many ms (default 10,000). The condition is always asked once more at the end. */
  timeoutMs?: number;
  /** Ask the condition again after this many ms (default 10). */
  intervalMs?: number;
  /** What the timeout message shows as the last thing seen (a frame, a count, the statuses). */
  observe?: () => unknown;
}

/**
 * Asks `condition` until it gives something other than `false`, `null` or `undefined`, and
 * resolves with that value (so a probe can hand back what it found). The condition may be
 * async; an error it throws fails the wait at once. After `timeoutMs` rejects with
 * `timed out after N ms waiting for <description>` and, with `observe`, the last thing seen.
 */
export async function waitFor<T>(
  condition: () => T | NotYet | Promise<T | NotYet>,
  description: string,
  options: WaitOptions | number = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 10, observe } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== false && value !== null && value !== undefined) return value;
    if (Date.now() > deadline) {
      const seen = observe ? `; last seen:\n${describeValue(observe())}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${seen}`);
    }
    await pause(intervalMs);
  }
}

/**
 * The deliberate fixed wait: "nothing more happens within `ms`". Runs `check` (an assertion
 * that throws when something happened) now, every `intervalMs` (default 10) while the time
 * passes, and once more at the end.
 */
export async function expectQuietFor(ms: number, check: () => void | Promise<void>, intervalMs = 10): Promise<void> {
  const end = Date.now() + ms;
  await check();
  for (let left = ms; left > 0; left = end - Date.now()) {
    await pause(Math.min(intervalMs, left));
    await check();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
