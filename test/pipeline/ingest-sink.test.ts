import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/events/types.js';
import { createIngestSink } from '../../src/pipeline/ingest-sink.js';
import { StatusBoard } from '../../src/pipeline/status-board.js';

function collect() {
  const events: Array<{ event: LogEvent; source: string }> = [];
  const malformed: string[] = [];
  let sampled = 0;
  return {
    events,
    malformed,
    sampled: () => sampled,
    consumer: {
      ingest: (event: LogEvent, source: string) => events.push({ event, source }),
      recordMalformed: (reason: string) => malformed.push(reason),
      markSampled: () => sampled++,
    },
  };
}

describe('createIngestSink', () => {
  it('keeps a parser per origin, so each W3C stream keeps its own header', () => {
    const c = collect();
    const sink = createIngestSink(c.consumer);
    sink.lines({ origin: 'a', lines: ['#Version: 1.0', '#Fields: eventTimestamp connectionStatus distributionId'] });
    sink.lines({ origin: 'b', lines: ['#Version: 1.0', '#Fields: distributionId connectionStatus eventTimestamp'] });
    sink.lines({ origin: 'a', lines: ['1731620046814\tSuccess\tEA'] });
    sink.lines({ origin: 'b', lines: ['EB\tFailed:TcpTimeout\t1731620046815'] });
    expect(c.events.map((e) => [e.source, e.event.kind === 'connection' && e.event.distributionId])).toEqual([
      ['a', 'EA'],
      ['b', 'EB'],
    ]);
    expect(sink.counts).toMatchObject({ lines: 6, events: 2, malformed: 0 });
  });

  it('drops events outside --since/--until and counts malformed lines', () => {
    const c = collect();
    const sink = createIngestSink(c.consumer, { sinceMs: 2000, untilMs: 3000 });
    sink.lines({
      origin: 'x',
      lines: [1000, 2000, 2999, 3000].map((t) => JSON.stringify({ eventTimestamp: t, connectionStatus: 'Success' })).concat(['{oops']),
    });
    expect(c.events).toHaveLength(2);
    expect(sink.counts.outsideWindow).toBe(2);
    expect(c.malformed).toEqual(['invalid-json']);
  });

  it('passes the sampled flag and statuses through', async () => {
    const c = collect();
    const board = new StatusBoard();
    const sink = createIngestSink(c.consumer, { onStatus: (s) => board.set(s) });
    sink.lines({ origin: 'g/s', lines: [], sampled: true });
    sink.status({ id: 'cw', label: 'group', state: 'retrying', message: 'throttled' });
    let notified = 0;
    board.subscribe(() => notified++);
    sink.status({ id: 'cw', label: 'group', state: 'connected' });
    sink.status({ id: 'cw', label: 'group', state: 'connected' });
    await Promise.resolve();
    expect(c.sampled()).toBe(1);
    expect(board.getSnapshot()).toEqual([{ id: 'cw', label: 'group', state: 'connected' }]);
    expect(notified).toBe(1);
  });

  it('forgets the oldest origin beyond the cap', () => {
    const c = collect();
    const sink = createIngestSink(c.consumer, { maxOrigins: 2 });
    sink.lines({ origin: 'a', lines: ['#Fields: eventTimestamp connectionStatus'] });
    sink.lines({ origin: 'b', lines: ['#Fields: eventTimestamp connectionStatus'] });
    sink.lines({ origin: 'c', lines: ['#Fields: eventTimestamp connectionStatus'] });
    // 'a' was forgotten: a tab-separated line without a header is no longer understood.
    sink.lines({ origin: 'a', lines: ['1731620046814\tSuccess'] });
    sink.lines({ origin: 'c', lines: ['1731620046814\tSuccess'] });
    expect(c.events.map((e) => e.source)).toEqual(['c']);
    expect(c.malformed).toHaveLength(1);
  });
});
