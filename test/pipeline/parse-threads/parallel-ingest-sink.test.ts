import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { createIngestSink, type IngestSinkOptions } from '../../../src/pipeline/ingest-sink.js';
import {
  createParallelIngestSink,
  type ParallelIngestSinkOptions,
  type StartParseThread,
} from '../../../src/pipeline/parse-threads/parallel-ingest-sink.js';
import type { LinesRequest } from '../../../src/pipeline/parse-threads/protocol.js';
import { startParseThread } from '../../../src/pipeline/parse-threads/start-parse-thread.js';
import type { LineBatch } from '../../../src/sources/types.js';
import { recorder } from './recorder.js';

const T0 = Date.parse('2026-12-02T05:00:00Z');
const json = (i: number, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventTimestamp: T0 + i,
    connectionId: `c${i}`,
    connectionStatus: i % 7 === 0 ? 'Failed:ClientCertUntrusted' : 'Success',
    clientIp: `198.51.${i % 3}.${i % 250}`,
    distributionId: `E${i % 4}`,
    tlsHandshakeDuration: i % 300,
    clientLeafCertIssuer: 'CN=Partner CA G1',
    ...fields,
  });

/** A mixed input: JSON and W3C origins interleaved, bad lines, a sampled batch, one batch past the request size. */
function mixedBatches(): LineBatch[] {
  const batches: LineBatch[] = [];
  batches.push({ origin: 'w3c-a', lines: ['#Version: 1.0', '#Fields: eventTimestamp connectionStatus distributionId'] });
  for (let b = 0; b < 30; b++) {
    batches.push({ origin: 'json-a', lines: Array.from({ length: 50 }, (_, i) => json(b * 50 + i)) });
    // An origin of JSON lines (spread over the threads) that turns delimited halfway: its
    // header must reach the parser of its later lines.
    if (b === 15) batches.push({ origin: 'json-a', lines: ['#Fields: eventTimestamp connectionStatus distributionId'] });
    if (b > 15) batches.push({ origin: 'json-a', lines: [`${T0 + b}\tFailed:ClientCertExpired\tEL${b % 3}`] });
    batches.push({ origin: 'w3c-a', lines: [`${T0 + b}\tFailed:TcpTimeout\tEW${b % 2}`, 'not\tenough'] });
    if (b % 5 === 0) batches.push({ origin: 'json-b', lines: ['{"broken', json(10_000 + b), ''], sampled: true });
    if (b % 9 === 0) batches.push({ origin: 'fw', format: 'firewall', lines: [firewallLine(b)] });
  }
  batches.push({ origin: 'json-c', lines: Array.from({ length: 5000 }, (_, i) => json(20_000 + i)) });
  return batches;
}

function firewallLine(b: number): string {
  return `{"firewall_name":"fw","availability_zone":"us-east-1d","event_timestamp":${1764650000 + b},"event":{"timestamp":"2026-12-02T05:00:0${b % 10}.000001Z","src_ip":"10.0.2.53","src_port":"59844","dest_ip":"10.0.1.27","dest_port":"443","sni":"-","tls_error":{"error_message":"Server name is not found in client hello."}}}`;
}

function oneThread(batches: LineBatch[], options: IngestSinkOptions = {}) {
  const r = recorder();
  const sink = createIngestSink(r.consumer, options);
  for (const batch of batches) sink.lines(batch);
  return { calls: r.calls, counts: { ...sink.counts } };
}

async function parallel(batches: LineBatch[], options: Partial<ParallelIngestSinkOptions> = {}) {
  const r = recorder();
  const problems: string[] = [];
  const sink = createParallelIngestSink(r.consumer, {
    threads: 2,
    startThread: startParseThread,
    onThreadProblem: (m) => problems.push(m),
    ...options,
  });
  for (const batch of batches) sink.lines(batch);
  await sink.finish();
  return { calls: r.calls, counts: { ...sink.counts }, problems };
}

describe('createParallelIngestSink (real worker threads)', () => {
  it('makes the same consumer calls, in the same order, with the same counts, as the one-thread sink', async () => {
    const batches = mixedBatches();
    const expected = oneThread(batches);
    expect(expected.counts.malformed).toBeGreaterThan(0);
    const got = await parallel(batches);
    expect(got.problems).toEqual([]);
    expect(got.counts).toEqual(expected.counts);
    expect(got.calls).toEqual(expected.calls);
  });

  it('applies --since and --until in the threads, and says what it left out', async () => {
    const batches = mixedBatches();
    const window = { sinceMs: T0 + 100, untilMs: T0 + 20_500 };
    const expected = oneThread(batches, window);
    expect(expected.counts.outsideWindow).toBeGreaterThan(0);
    const got = await parallel(batches, window);
    expect(got.counts).toEqual(expected.counts);
    expect(got.calls).toEqual(expected.calls);
  });

  it('works with one thread and with more threads than origins', async () => {
    const batches = mixedBatches();
    const expected = oneThread(batches);
    for (const threads of [1, 8]) {
      const got = await parallel(batches, { threads });
      expect(got.calls).toEqual(expected.calls);
    }
  });

  it('parses on the main thread when a thread ends before answering, and says so', async () => {
    const batches = mixedBatches().filter((b) => !b.origin.startsWith('w3c'));
    const expected = oneThread(batches);
    const dying: StartParseThread = (setup, onExit) => {
      const worker = new Worker(new URL('./exits-at-once.mjs', import.meta.url), { workerData: setup, transferList: [setup.answers] });
      worker.on('exit', (code) => onExit(`it exited with status ${code}`));
      return { postMessage: (m) => worker.postMessage(m), terminate: () => worker.terminate() };
    };
    const got = await parallel(batches, { threads: 1, startThread: dying, startMs: 500 });
    expect(got.calls).toEqual(expected.calls);
    expect(got.counts).toEqual(expected.counts);
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatch(/parse thread (did not start in 0.5 s|stopped \(it exited with status 3\)).*parsed on the main thread/);
  });

  it('holds at most a few requests per thread: the reader waits for the parsers', async () => {
    const posted: number[] = [];
    let outstandingPeak = 0;
    const counting: StartParseThread = (setup, onExit) => {
      const real = startParseThread(setup, onExit);
      return {
        postMessage(request) {
          posted.push(request.seq);
          real.postMessage(request);
        },
        terminate: () => real.terminate(),
      };
    };
    const r = recorder();
    const sink = createParallelIngestSink(r.consumer, { threads: 1, startThread: counting });
    for (let b = 0; b < 40; b++) {
      sink.lines({ origin: 'big', lines: Array.from({ length: 2048 }, (_, i) => json(b * 2048 + i)) });
      const replayed = r.calls.length / 2048;
      outstandingPeak = Math.max(outstandingPeak, posted.length - replayed);
    }
    await sink.finish();
    expect(r.calls).toHaveLength(40 * 2048);
    expect(outstandingPeak).toBeLessThanOrEqual(5);
  });

  describe('live, under the monitor', () => {
    const LIVE = { flushAfterMs: 10, idleStopMs: 1500, minThreadLines: 1024 };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('makes the same consumer calls as the one-thread sink, and sends only large JSON requests to a thread', async () => {
      const batches = mixedBatches();
      const expected = oneThread(batches);
      const posted: LinesRequest[] = [];
      const counting: StartParseThread = (setup, onExit) => {
        const real = startParseThread(setup, onExit);
        return {
          postMessage(request) {
            posted.push(request);
            real.postMessage(request);
          },
          terminate: () => real.terminate(),
        };
      };
      const got = await parallel(batches, { live: LIVE, startThread: counting });
      expect(got.problems).toEqual([]);
      expect(got.counts).toEqual(expected.counts);
      expect(got.calls).toEqual(expected.calls);
      // json-c's one batch of 5,000 lines goes to the thread; every smaller request is parsed here.
      expect(posted.map((r) => [r.origin, r.lines.length])).toEqual([['json-c', 5000]]);
    });

    it('delivers a trickle without finish(), starts a thread for a large read, and stops it when idle', async () => {
      const r = recorder();
      const started: string[] = [];
      const watching: StartParseThread = (setup, onExit) => {
        const real = startParseThread(setup, onExit);
        started.push('start');
        return {
          postMessage: (m) => real.postMessage(m),
          terminate: () => {
            started.push('stop');
            return real.terminate();
          },
        };
      };
      const problems: string[] = [];
      const sink = createParallelIngestSink(r.consumer, {
        threads: 1,
        startThread: watching,
        live: LIVE,
        onThreadProblem: (m) => problems.push(m),
      });
      sink.lines({ origin: 'live', lines: [json(1), json(2)] });
      await sleep(50);
      expect(r.calls.length).toBe(2);
      expect(started).toEqual([]);

      sink.lines({ origin: 'history', lines: Array.from({ length: 3000 }, (_, i) => json(100 + i)) });
      await vi.waitFor(() => expect(r.calls.length).toBe(3002), { timeout: 5000 });
      expect(started).toEqual(['start']);
      // A trickle while the idle thread waits for its stop: delivered at the flush, not at the stop.
      sink.lines({ origin: 'live', lines: [json(3), json(4)] });
      await vi.waitFor(() => expect(r.calls.length).toBe(3004), { timeout: 500 });
      expect(started).toEqual(['start']);
      await vi.waitFor(() => expect(started).toEqual(['start', 'stop']), { timeout: 5000 });

      sink.lines({ origin: 'history', lines: Array.from({ length: 2048 }, (_, i) => json(5000 + i)) });
      await vi.waitFor(() => expect(r.calls.length).toBe(5052), { timeout: 5000 });
      expect(started).toEqual(['start', 'stop', 'start']);
      await sink.finish();
      expect(problems).toEqual([]);
      expect(sink.counts.events).toBe(5052);
    });

    it('says so when the consumer throws during a timed replay, and keeps delivering', async () => {
      const seen: number[] = [];
      const problems: string[] = [];
      let throwOnce = true;
      const sink = createParallelIngestSink(
        {
          ingest(event) {
            if (throwOnce) {
              throwOnce = false;
              throw new Error('store bug');
            }
            seen.push(event.kind === 'connection' ? (event.eventTimestamp as number) : -1);
          },
          recordMalformed() {},
        },
        { threads: 1, startThread: startParseThread, live: LIVE, onThreadProblem: (m) => problems.push(m) },
      );
      sink.lines({ origin: 'live', lines: [json(1)] });
      await vi.waitFor(() => expect(problems).toEqual(['replaying parsed lines failed: store bug']), { timeout: 2000 });
      sink.lines({ origin: 'live', lines: [json(2)] });
      await vi.waitFor(() => expect(seen).toEqual([T0 + 2]), { timeout: 2000 });
      await sink.finish();
    });
  });
});
