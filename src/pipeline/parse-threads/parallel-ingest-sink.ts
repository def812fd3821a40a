/**
 * An ingest sink that parses on other threads: `tlstop report`'s way to use a second
 * core. The main thread still reads the sources and still aggregates; the parse threads
 * turn lines into events (the larger half of the work per line), and the main thread
 * replays their answers into the consumer in exactly the order the lines arrived, so the
 * aggregate, the change detector and every count are those of the one-thread sink.
 *
 * Order and state: consecutive batches of one origin are sent together; the batches of an
 * origin of JSON lines go round the threads, and every batch of any other origin goes to
 * one thread (its parser keeps the origin's W3C header: see threadFor); answers are
 * replayed by sequence number whichever thread finishes first.
 *
 * Memory: at most IN_FLIGHT_PER_THREAD requests per thread are outstanding; past that,
 * `lines()` blocks (Atomics.wait) until the oldest answer is there. Sources hand lines
 * over synchronously, so this is the backpressure: the reader waits for the parsers.
 *
 * A thread that fails (an error answer, or no answer for THREAD_SILENCE_MS) is stopped;
 * its outstanding batches and everything after are parsed on the main thread, and
 * `onThreadProblem` says so (a W3C file whose header went to that thread then counts
 * its lines as malformed: visible, never silent).
 *
 * Live (the monitor): lines arrive for as long as it runs, so nothing waits for
 * `finish()`. A batch held back to be joined is sent after `flushAfterMs`, and answers
 * are replayed as they come; requests smaller than `minThreadLines` (a live trickle)
 * are parsed on the main thread, where a round trip would cost more than it saves, so
 * the threads only take history reads (`--from-start`, `--since`). An origin with a
 * line that is not JSON stays on the main thread, whose parser then holds its state.
 * Threads with nothing to do for `idleStopMs` are stopped, and their memory goes back;
 * the next large read starts them again, unless one failed: then the main thread parses
 * everything from there on.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import {
  addCounts,
  countsSince,
  createIngestSink,
  type EventConsumer,
  type IngestCounts,
  type IngestSink,
  type IngestSinkOptions,
} from '../ingest-sink.js';
import type { LineBatch } from '../../sources/types.js';
import { replayParsedBatch } from './parsed-batch.js';
import type { LinesRequest, ParsedAnswer, ParseThreadSetup } from './protocol.js';

/** A started parse thread, as this sink needs it (a worker_threads Worker in production). */
export interface ParseThread {
  postMessage(request: LinesRequest): void;
  terminate(): Promise<unknown>;
}

/**
 * Starts one parse thread with its setup (answers port and counters included, to
 * transfer); `onExit` is called if the thread ends or fails on its own.
 */
export type StartParseThread = (setup: ParseThreadSetup, onExit: (why: string) => void) => ParseThread;

/** How the sink runs under the live monitor (see the file comment). */
export interface LiveOptions {
  /** A held-back batch is sent, and answers are replayed, this long after they are there. */
  flushAfterMs: number;
  /** Threads with no request for this long are stopped. */
  idleStopMs: number;
  /** Requests of fewer lines are parsed on the main thread. */
  minThreadLines: number;
}

export interface ParallelIngestSinkOptions extends Omit<IngestSinkOptions, 'onStatus'> {
  onStatus?: IngestSinkOptions['onStatus'];
  /** Parse threads to start (at least 1). */
  threads: number;
  startThread: StartParseThread;
  /** A thread failed; the text says what, and that the main thread parses from here on. */
  onThreadProblem?(message: string): void;
  /** Silence after which a running thread is taken for dead (default THREAD_SILENCE_MS). */
  silenceMs?: number;
  /** Time a thread has to start (default THREAD_START_MS). */
  startMs?: number;
  /** Run under the live monitor: flush on a timer, threads only for large reads, stop idle threads. */
  live?: LiveOptions;
}

/** The parallel sink: an IngestSink whose counts are complete once `finish()` returned. */
export interface ParallelIngestSink extends IngestSink {
  /** Send what is held back, replay every answer, stop the threads. */
  finish(): Promise<void>;
}

/** Whether every line is empty or starts a JSON object (parsing it needs no state of its origin). */
function allJson(lines: readonly string[]): boolean {
  for (const line of lines) if (line.length > 0 && line.charCodeAt(0) !== 123) return false;
  return true;
}

/** Outstanding requests per thread before `lines()` waits. */
const IN_FLIGHT_PER_THREAD = 4;
/** Lines sent in one request at most (consecutive batches of one origin are joined up to it). */
const LINES_PER_REQUEST = 2048;
/** Silence after which a started thread is taken for dead (a batch takes milliseconds). */
const THREAD_SILENCE_MS = 60_000;
/** Time a thread has to start running its script. */
const THREAD_START_MS = 10_000;
/** Longest single sleep while waiting for an answer. */
const WAIT_SLICE_MS = 1000;

interface Thread {
  thread: ParseThread;
  answers: MessagePort;
  /** Slot 0: answers posted; slot 1: 1 once the thread runs (protocol.ts). */
  posted: Int32Array;
  /** Answers received from the port and not replayed yet, by sequence number. */
  received: Map<number, ParsedAnswer>;
  failed: boolean;
  /** Stopped on purpose (idle): its exit is no failure. */
  stopped: boolean;
  /** Origins that stay on this thread (the least loaded thread takes the next one). */
  origins: number;
}

interface Outstanding {
  seq: number;
  thread: Thread;
  /** Kept until answered: a failed thread's batches are parsed here instead. */
  batch: LineBatch;
}

export function createParallelIngestSink(consumer: EventConsumer, options: ParallelIngestSinkOptions): ParallelIngestSink {
  const {
    threads: count,
    startThread,
    onThreadProblem,
    silenceMs = THREAD_SILENCE_MS,
    startMs = THREAD_START_MS,
    live,
    ...sinkOptions
  } = options;
  // The main thread's own sink: for batches of a failed thread (and status pass-through).
  const local = createIngestSink(consumer, sinkOptions);
  const counts: IngestCounts = { lines: 0, events: 0, malformed: 0, outsideWindow: 0 };
  const threads: Thread[] = [];
  const threadOf = new Map<string, Thread>();
  const outstanding: Outstanding[] = [];
  let seq = 0;
  let held: LineBatch | null = null;
  let finished = false;
  let next = 0;
  const spreadable = sinkOptions.parser?.fields === undefined;
  const maxOrigins = sinkOptions.maxOrigins ?? 10_000;
  // Live only: origins parsed on the main thread for good, whether a thread failed, when the last request went out, the timer.
  const hereOrigins = new Set<string>();
  let broken = false;
  let lastSentMs = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerFlushes = false;

  function start(): Thread {
    const channel = new MessageChannel();
    const posted = new SharedArrayBuffer(8);
    const setup: ParseThreadSetup = {
      answers: channel.port2,
      posted,
      ...(sinkOptions.sinceMs !== undefined && { sinceMs: sinkOptions.sinceMs }),
      ...(sinkOptions.untilMs !== undefined && { untilMs: sinkOptions.untilMs }),
      ...(sinkOptions.parser !== undefined && { parser: sinkOptions.parser }),
      ...(sinkOptions.maxOrigins !== undefined && { maxOrigins: sinkOptions.maxOrigins }),
    };
    const entry: Thread = {
      thread: { postMessage() {}, terminate: async () => undefined },
      answers: channel.port1,
      posted: new Int32Array(posted),
      received: new Map(),
      failed: false,
      stopped: false,
      origins: 0,
    };
    entry.thread = startThread(setup, (why) => {
      if (!finished && !entry.stopped) fail(entry, `a parse thread stopped (${why})`);
    });
    return entry;
  }

  /**
   * The thread for a batch. A parser keeps state for an origin only from a line that is
   * not JSON (a W3C header, an inferred delimiter): while every line of an origin so far
   * was a JSON object (or empty), any thread's parser gives the same result, so its
   * batches go round the threads; from its first other line on, they all go to one.
   * With --fields the delimited parser may learn from a JSON-looking line too: sticky.
   */
  function threadFor(batch: LineBatch): Thread {
    const known = threadOf.get(batch.origin);
    if (known) return known;
    if (threads.length < count) threads.push(start());
    if (spreadable && allJson(batch.lines)) return threads[next++ % threads.length]!;
    let best = threads[0]!;
    for (const t of threads) if (t.origins < best.origins) best = t;
    if (threadOf.size >= maxOrigins) {
      const oldest = threadOf.keys().next().value as string;
      threadOf.get(oldest)!.origins--;
      threadOf.delete(oldest);
    }
    best.origins++;
    threadOf.set(batch.origin, best);
    return best;
  }

  /**
   * The thread for a batch under the live monitor, or null for the main thread: a small
   * request, an origin with state (any line not JSON, or --fields), or a thread failed.
   */
  function liveThreadFor(batch: LineBatch, options: LiveOptions): Thread | null {
    if (broken || !spreadable || hereOrigins.has(batch.origin)) return null;
    if (!allJson(batch.lines)) {
      if (hereOrigins.size >= maxOrigins) hereOrigins.delete(hereOrigins.values().next().value as string);
      hereOrigins.add(batch.origin);
      return null;
    }
    if (batch.lines.length < options.minThreadLines) return null;
    if (threads.length < count) threads.push(start());
    return threads[next++ % threads.length]!;
  }

  function send(batch: LineBatch): void {
    const thread = live ? liveThreadFor(batch, live) : threadFor(batch);
    if (thread === null || thread.failed) {
      // After every batch that came before it.
      replayAnswered(true);
      parseHere(batch);
      return;
    }
    const request: LinesRequest = {
      seq: ++seq,
      origin: batch.origin,
      lines: batch.lines,
      ...(batch.format !== undefined && { format: batch.format }),
      ...(batch.sampled && { sampled: true }),
    };
    thread.thread.postMessage(request);
    outstanding.push({ seq: request.seq, thread, batch });
    lastSentMs = performance.now();
    replayAnswered(false);
    while (outstanding.length > IN_FLIGHT_PER_THREAD * threads.length) replayOne();
  }

  function parseHere(batch: LineBatch): void {
    const before = { ...local.counts };
    local.lines(batch);
    addCounts(counts, countsSince(before, local.counts));
  }

  function collect(thread: Thread): void {
    for (let m = receiveMessageOnPort(thread.answers); m; m = receiveMessageOnPort(thread.answers)) {
      const answer = m.message as ParsedAnswer;
      thread.received.set(answer.seq, answer);
    }
  }

  /** Replay the answers at the head of the queue: those already there, or (`wait`) all of them. */
  function replayAnswered(wait: boolean): void {
    while (outstanding.length > 0) {
      const head = outstanding[0]!;
      collect(head.thread);
      if (!wait && !head.thread.failed && !head.thread.received.has(head.seq)) return;
      replayOne();
    }
  }

  /** Replay the oldest outstanding batch, waiting for its answer if need be. */
  function replayOne(): void {
    const head = outstanding[0];
    if (!head) return;
    const { thread } = head;
    const since = performance.now();
    while (!thread.failed) {
      const waited = performance.now() - since;
      const seen = Atomics.load(thread.posted, 0);
      collect(thread);
      if (thread.received.has(head.seq)) break;
      const running = Atomics.load(thread.posted, 1) === 1;
      const limit = running ? silenceMs : startMs;
      if (waited >= limit) {
        fail(thread, `a parse thread ${running ? 'gave no answer' : 'did not start'} in ${limit / 1000} s`);
        break;
      }
      const slice = Math.min(WAIT_SLICE_MS, limit - waited);
      Atomics.wait(thread.posted, 0, seen, slice);
    }
    outstanding.shift();
    const answer = thread.received.get(head.seq);
    thread.received.delete(head.seq);
    if (thread.failed || answer === undefined) {
      parseHere(head.batch);
      return;
    }
    if ('error' in answer) {
      fail(thread, `a parse thread failed: ${answer.error}`);
      parseHere(head.batch);
      return;
    }
    replayParsedBatch(answer.batch, consumer);
    addCounts(counts, answer.counts);
  }

  function fail(thread: Thread, why: string): void {
    if (thread.failed) return;
    thread.failed = true;
    if (live) broken = true;
    thread.received.clear();
    void thread.thread.terminate();
    onThreadProblem?.(`${why}; its lines are parsed on the main thread from here on`);
  }

  /** Live: the next flush (while anything is held or outstanding), or the idle stop of the threads. */
  function schedule(): void {
    if (!live || finished) return;
    const pending = held !== null || outstanding.length > 0;
    // A waiting idle stop gives way to a flush; a waiting flush stays.
    if (timer !== null && (timerFlushes || !pending)) return;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!pending && threads.length === 0) return;
    const delay = pending ? live.flushAfterMs : live.idleStopMs - (performance.now() - lastSentMs);
    timerFlushes = pending;
    timer = setTimeout(tick, Math.max(1, delay));
    // The monitor's own handles keep it running; this timer never does.
    timer.unref();
  }

  function tick(): void {
    timer = null;
    try {
      flushHeld();
      replayAnswered(false);
      const idle = held === null && outstanding.length === 0 && performance.now() - lastSentMs >= live!.idleStopMs;
      if (idle) stopThreads();
    } catch (error) {
      // No source's read is on the stack to take this: say it, and keep going (never a crash from a timer).
      onThreadProblem?.(`replaying parsed lines failed: ${(error as Error).message}`);
    }
    schedule();
  }

  /** Stop every thread (nothing is outstanding): an idle monitor holds no parse thread's memory. */
  function stopThreads(): void {
    for (const t of threads) {
      t.stopped = true;
      if (!t.failed) void t.thread.terminate();
      t.answers.close();
    }
    threads.length = 0;
  }

  function flushHeld(): void {
    if (held === null) return;
    const batch = held;
    held = null;
    send(batch);
  }

  return {
    counts,
    lines(batch) {
      if (held !== null) {
        const joinable =
          held.origin === batch.origin &&
          held.format === batch.format &&
          held.sampled === batch.sampled &&
          held.lines.length + batch.lines.length <= LINES_PER_REQUEST;
        if (joinable) {
          held = { ...held, lines: held.lines.concat(batch.lines) };
          return;
        }
        flushHeld();
      }
      held = batch;
      if (batch.lines.length >= LINES_PER_REQUEST) flushHeld();
      schedule();
    },
    status(status) {
      local.status(status);
    },
    aggregates(range, rows, latency) {
      // Counts computed elsewhere land after every line that arrived before them.
      flushHeld();
      replayAnswered(true);
      local.aggregates?.(range, rows, latency);
    },
    async finish() {
      flushHeld();
      replayAnswered(true);
      finished = true;
      if (timer !== null) clearTimeout(timer);
      await Promise.all(threads.map((t) => (t.failed ? undefined : t.thread.terminate())));
      for (const t of threads) t.answers.close();
    },
  };
}
