/**
 * When the file source's chokidar watchers are ready: the real `chokidar`, with every
 * watcher it creates counted, and counted again on its `ready` event (after its initial
 * scan; a change before it may be seen only by the once-a-second re-check). A test file
 * opts in with
 *
 *   vi.mock('chokidar', async (importOriginal) => (await import('./watcher-ready.js')).countingReady(await importOriginal()));
 *
 * and then waits on `watchersReady(since, n)` instead of sleeping.
 */
import type * as Chokidar from 'chokidar';

/** One entry per watcher created, in order: whether it is ready. */
const ready: boolean[] = [];

/** `chokidar` whose `watch` counts the watchers it creates and those that are ready. */
export function countingReady(real: typeof Chokidar): typeof Chokidar {
  const watch: typeof real.watch = (...args) => {
    const watcher = real.watch(...args);
    const index = ready.push(false) - 1;
    watcher.once('ready', () => (ready[index] = true));
    return watcher;
  };
  return { ...real, watch };
}

/** How many watchers were created so far: the `since` of a later `watchersReady`. */
export function watchersCreated(): number {
  return ready.length;
}

/** True once at least `n` watchers were created after `since` and each of them is ready. */
export function watchersReady(since: number, n: number): boolean {
  const created = ready.slice(since);
  return created.length >= n && created.every(Boolean);
}
