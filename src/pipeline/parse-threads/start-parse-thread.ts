/**
 * Starts a real parse thread (a worker_threads Worker running parse-thread.ts), the
 * production StartParseThread. Its answers port travels in its workerData.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseThreadScript } from '../../runtime/package-files.js';
import type { ParseThread, StartParseThread } from './parallel-ingest-sink.js';

/**
 * Young generation of a parse thread. V8's default let each thread hold about 50 MB more
 * of short-lived garbage; 16 MB costs no time that could be told from this machine's noise
 * (a report of 1,000,000 CloudFront JSON lines, three runs each, side by side).
 */
const THREAD_YOUNG_GENERATION_MB = 16;

export const startParseThread: StartParseThread = (setup, onExit) => {
  const script = parseThreadScript();
  const options = {
    workerData: setup,
    transferList: [setup.answers],
    stdout: false,
    stderr: false,
    resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
  };
  const worker =
    'code' in script
      ? new Worker(script.code, { ...options, eval: true })
      : new Worker(script.url, { ...options, execArgv: [...process.execArgv, ...script.execArgv] });
  // The parse thread never keeps tlstop running, and its end is the sink's to handle.
  worker.unref();
  worker.on('error', (error) => onExit(error.message));
  worker.on('exit', (code) => onExit(`it exited with status ${code}`));
  const thread: ParseThread = {
    postMessage: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
  return thread;
};

/** Parse threads by default: one fewer than the cores (the main thread reads and counts), at most 3. */
export function defaultParseThreads(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}
