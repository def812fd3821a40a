/** A consumer that writes down every call it gets, in order, for comparing two sinks. */
import type { LogEvent } from '../../../src/events/types.js';
import type { EventConsumer } from '../../../src/pipeline/ingest-sink.js';

export function recorder(): { calls: unknown[]; consumer: EventConsumer } {
  const calls: unknown[] = [];
  return {
    calls,
    consumer: {
      ingest: (event: LogEvent, source: string) => calls.push(['ingest', event, source]),
      recordMalformed: (reason: string, source: string) => calls.push(['malformed', reason, source]),
      recordExcluded: (reason, timeMs) => calls.push(['excluded', reason, timeMs]),
      markSampled: () => calls.push(['sampled']),
    },
  };
}
