/**
 * The demo's I/O edge: creates the demo's log files under a directory and keeps
 * appending the generator's lines to them, on a timer, until the signal aborts.
 * tlstop then watches these files through the normal file source.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { writeDemoChain, type DemoChain } from './demo-chain.js';
import { DemoGenerator, type DemoBatch } from './generator.js';
import { w3cHeader } from './log-formats.js';
import { RotatingFile } from './rotating-file.js';
import type { StoryState } from './story.js';

/** Paths of the demo's log files. */
export interface DemoFiles {
  /** CloudFront connection log, JSON lines. */
  connectionsJson: string;
  /** CloudFront connection log, W3C (tab-delimited, `#Fields:` header). */
  connectionsW3c: string;
  /** Network Firewall TLS log, JSON lines. */
  firewall: string;
}

/** Options of startDemo; only `dir` and `signal` are required. */
export interface DemoOptions {
  /** Directory to write into (created when missing). The caller owns it and removes it. */
  dir: string;
  /** PRNG seed; the same seed and clock give the same files. Default 1. */
  seed?: number;
  /** Story ms per real ms. Default 1; tests use more. Event timestamps follow story time. */
  speed?: number;
  /** Connection attempts per second of story time. Default 300. */
  rate?: number;
  /** Stops the generator. */
  signal: AbortSignal;
  /** Clock, epoch ms. Default Date.now. */
  now?: () => number;
  /** Real time between two writes. Default 100 ms. */
  tickMs?: number;
  /** Rotate a log file (rename to `.1`, create anew) once it holds this many bytes. Default 8 MiB. */
  rotateBytes?: number;
  /** Mix in hostile lines. Default true. */
  hostile?: boolean;
  /** Write the locally signed CloudTrail digest chain under `<dir>/cloudtrail/`. Default true. */
  chain?: boolean;
  /** Called when a write fails (the generator keeps trying on later ticks). */
  onError?: (error: Error) => void;
}

/** A running demo. */
export interface DemoHandle {
  /** The directory given in the options. */
  dir: string;
  /** Directory holding the log files (`<dir>/logs`). */
  logDir: string;
  /** Every log file the demo appends to (watch these; `.1` files beside them are rotated generations). */
  files: string[];
  /** The same paths by role. */
  paths: DemoFiles;
  /** The signed digest chain for `v` (null when disabled or when writing it failed). */
  chain: DemoChain | null;
  /** Epoch ms of story time 0. */
  startMs: number;
  /** The story's state now (phase, untrusted share, firewall rates). */
  story(): StoryState;
  /** Rotations done so far, all files together. */
  rotations(): number;
  /** Lines written so far, all files together. */
  linesWritten(): number;
  /** Resolves once the generator has stopped after the signal aborted. */
  done: Promise<void>;
}

/** Most story time written in one tick; anything older is skipped. */
const MAX_CATCH_UP_MS = 30_000;

/** File names of the demo's logs inside `<dir>/logs`. */
export const DEMO_FILE_NAMES = {
  connectionsJson: 'cloudfront-connections.jsonl',
  connectionsW3c: 'cloudfront-connections-w3c.log',
  firewall: 'network-firewall-tls.jsonl',
} as const;

/**
 * Starts the demo: writes the signed digest chain under `<dir>/cloudtrail/`, creates
 * `<dir>/logs/` with three empty log files, then appends
 * a tick of story to them every `tickMs` until `signal` aborts. The files are empty
 * when this resolves, so a tailer that starts at the end still sees every line.
 */
export async function startDemo(options: DemoOptions): Promise<DemoHandle> {
  const now = options.now ?? Date.now;
  const speed = options.speed ?? 1;
  const tickMs = options.tickMs ?? 100;
  const rotateBytes = options.rotateBytes ?? 8 * 1024 * 1024;
  const logDir = join(options.dir, 'logs');
  await mkdir(logDir, { recursive: true });

  const paths: DemoFiles = {
    connectionsJson: join(logDir, DEMO_FILE_NAMES.connectionsJson),
    connectionsW3c: join(logDir, DEMO_FILE_NAMES.connectionsW3c),
    firewall: join(logDir, DEMO_FILE_NAMES.firewall),
  };
  const files = {
    connectionsJson: new RotatingFile({ path: paths.connectionsJson, rotateBytes }),
    connectionsW3c: new RotatingFile({ path: paths.connectionsW3c, rotateBytes, header: w3cHeader() }),
    firewall: new RotatingFile({ path: paths.firewall, rotateBytes }),
  };
  for (const file of Object.values(files)) await file.create();

  const startMs = now();
  let chain: DemoChain | null = null;
  if (options.chain ?? true) {
    try {
      chain = await writeDemoChain({ dir: join(options.dir, 'cloudtrail'), nowMs: startMs, seed: options.seed ?? 1 });
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
  const generator = new DemoGenerator({
    seed: options.seed ?? 1,
    startMs,
    ...(options.rate !== undefined ? { rate: options.rate } : {}),
    ...(options.hostile !== undefined ? { hostile: options.hostile } : {}),
  });
  let lines = 0;
  const pending: DemoBatch = { connectionsJson: [], connectionsW3c: [], firewall: [] };
  let lastError = '';

  const write = async (): Promise<void> => {
    const target = (now() - startMs) * speed;
    // After a suspend (or a stalled event loop), skip the missed story instead of writing it all at once.
    if (target - generator.storyMs > MAX_CATCH_UP_MS) generator.skipTo(target - MAX_CATCH_UP_MS);
    const fresh = generator.advanceTo(target);
    for (const key of Object.keys(pending) as (keyof DemoBatch)[]) pending[key].push(...fresh[key]);
    for (const key of Object.keys(files) as (keyof DemoBatch)[]) {
      const batch = pending[key];
      if (batch.length === 0) continue;
      try {
        await files[key].append(batch);
        lines += batch.length;
        pending[key] = [];
      } catch (error) {
        // Keep the lines for the next tick, but bounded: drop them if the disk stays unwritable.
        if (batch.length > 100_000) pending[key] = [];
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastError) {
          lastError = message;
          options.onError?.(error instanceof Error ? error : new Error(message));
        }
      }
    }
  };

  const loop = async (): Promise<void> => {
    while (!options.signal.aborted) {
      try {
        await delay(tickMs, undefined, { signal: options.signal });
      } catch {
        return; // aborted
      }
      await write();
    }
  };

  return {
    dir: options.dir,
    logDir,
    files: Object.values(paths),
    paths,
    chain,
    startMs,
    story: () => generator.story,
    rotations: () => Object.values(files).reduce((sum, file) => sum + file.rotations, 0),
    linesWritten: () => lines,
    done: loop(),
  };
}
