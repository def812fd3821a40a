/**
 * Synchronous cleanups that must run however the process ends (the demo's temporary
 * directory, for one). They run once each, in the order they were added:
 *
 * - on process `exit` (the last work done, `process.exit()`, an uncaught exception), from
 *   a listener this module adds while it holds any cleanup;
 * - on SIGINT, SIGTERM and SIGHUP (a closed terminal or tmux pane is a SIGHUP): a signal
 *   re-raised with the default disposition ends the process without an `exit` event, so
 *   the handler that re-raises it (render-app.tsx) calls `runExitCleanups()` first.
 *
 * A cleanup must be synchronous (`rmSync`, not `rm`): nothing asynchronous runs after
 * `exit` or after a signal is re-raised. Errors are swallowed: one failing cleanup does
 * not stop the others, nor the exit.
 */

const cleanups = new Set<() => void>();
let listening = false;

function stopListening(): void {
  if (listening && cleanups.size === 0) {
    process.off('exit', runExitCleanups);
    listening = false;
  }
}

/** Add a cleanup; returns a function that removes it again (without running it). */
export function addExitCleanup(cleanup: () => void): () => void {
  const entry = () => cleanup();
  cleanups.add(entry);
  if (!listening) {
    process.on('exit', runExitCleanups);
    listening = true;
  }
  return () => {
    cleanups.delete(entry);
    stopListening();
  };
}

/** Run every cleanup added and not yet run or removed, now. */
export function runExitCleanups(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // keep going: the others must still run
    }
  }
  stopListening();
}

/** How many cleanups are waiting (tests). */
export function pendingExitCleanups(): number {
  return cleanups.size;
}
