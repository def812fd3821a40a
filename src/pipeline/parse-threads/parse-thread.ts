/**
 * A parse thread (worker_threads entry): parses the line batches it is sent with the
 * same ingest sink the main thread would use (per-origin parsers, the --since/--until
 * window) and answers each with the consumer calls it made, packed (parsed-batch.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countsSince, createIngestSink, type IngestCounts } from '../ingest-sink.js';
import { ParsedBatchWriter } from './parsed-batch.js';
import type { LinesRequest, ParsedAnswer, ParseThreadSetup } from './protocol.js';

const setup = workerData as ParseThreadSetup;
const posted = new Int32Array(setup.posted);
Atomics.store(posted, 1, 1);
Atomics.notify(posted, 0);
const writer = new ParsedBatchWriter();
const sink = createIngestSink(writer, {
  ...(setup.sinceMs !== undefined && { sinceMs: setup.sinceMs }),
  ...(setup.untilMs !== undefined && { untilMs: setup.untilMs }),
  ...(setup.parser !== undefined && { parser: setup.parser }),
  ...(setup.maxOrigins !== undefined && { maxOrigins: setup.maxOrigins }),
});
let before: IngestCounts = { ...sink.counts };

function answer(message: ParsedAnswer, transfer: ArrayBuffer[] = []): void {
  setup.answers.postMessage(message, transfer);
  Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
}

parentPort?.on('message', (request: LinesRequest) => {
  try {
    sink.lines({
      origin: request.origin,
      lines: request.lines,
      ...(request.format !== undefined && { format: request.format }),
      ...(request.sampled && { sampled: true }),
    });
  } catch (error) {
    writer.take();
    before = { ...sink.counts };
    answer({ seq: request.seq, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  const counts = countsSince(before, sink.counts);
  before = { ...sink.counts };
  const { batch, transfer } = writer.take();
  answer({ seq: request.seq, batch, counts }, transfer);
});
