/**
 * A last resort for commands whose work is over (the monitor after `q`): if something
 * still holds the event loop open (a library's timer, a socket that never closes), end
 * the process after `ms` anyway. The timer is unref'd, so it never delays an exit that
 * would happen by itself; when it fires, the exit status is the one already set
 * (`process.exitCode`, which bin/tlstop.js sets from the command's result), else `code`.
 * Exit cleanups (ui/exit-cleanup.ts) still run: `process.exit` emits `exit`.
 */

/** Arm the guard; returns a function that disarms it. */
export function exitWithin(ms: number, code: number): () => void {
  const timer = setTimeout(() => {
    const status = process.exitCode;
    process.exit(typeof status === 'number' ? status : code);
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}
