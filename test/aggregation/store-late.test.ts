/**
 * Events the store leaves out are counted with the span of their own timestamps, so a
 * view never shows a partial picture silently: too old for the history (live store),
 * and before --since / at or after --until (reported by the ingest sink, both modes).
 */
import { describe, expect, it } from 'vitest';
import { createReportAggregator, createStore } from '../../src/aggregation/index.js';
import { createIngestSink } from '../../src/pipeline/ingest-sink.js';
import { conn, fakeClock, fwTlsError } from './events.js';

const T0 = Date.UTC(2026, 10, 20, 9, 30, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('events left out of the figures', () => {
  it('live store: counts events older than the 2 h history, with their oldest and newest time', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0 });
    expect(store.select().late).toEqual({ total: 0, oldestMs: null, newestMs: null, historyMs: 2 * HOUR });
    const oldest = T0 - 4 * HOUR - 30 * MIN;
    const newest = T0 - 2 * HOUR - 17 * MIN;
    store.ingest(conn(newest), 'old.log');
    store.ingest(fwTlsError(oldest, 'x.example'), 'old.log');
    store.ingest(conn(T0 - 3 * HOUR, 'Failed:ClientCertExpired'), 'old.log');
    store.ingest(conn(T0 - 5 * MIN), 'new.log');
    const s = store.select();
    expect(s.late).toEqual({ total: 3, oldestMs: oldest, newestMs: newest, historyMs: 2 * HOUR });
    expect(store.stats().lateDropped).toBe(3);
    // Late events are in no figure, and do not register their distribution.
    expect(store.select({ ...store.defaultQuery, windowMs: HOUR }).connections.total).toBe(1);
    expect(store.select({ ...store.defaultQuery, windowMs: HOUR }).firewall.total).toBe(0);
    expect(store.select({ ...store.defaultQuery, windowMs: HOUR }).recentFailures).toEqual([]);
  });

  it('a file whose events are all too old: total 0, and the snapshot says why', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0 });
    for (let i = 0; i < 500; i++) store.ingest(conn(T0 - 3 * HOUR + i * 1000), 'f');
    const s = store.select();
    expect(s.connections.total).toBe(0);
    expect(s.late).toMatchObject({ total: 500, oldestMs: T0 - 3 * HOUR, newestMs: T0 - 3 * HOUR + 499_000 });
  });

  it('whole-span aggregator keeps everything: nothing is late, and it has no history limit', () => {
    const store = createReportAggregator();
    store.ingest(conn(T0 - 400 * HOUR), 'f');
    store.ingest(conn(T0), 'f');
    expect(store.select().connections.total).toBe(2);
    expect(store.select().late).toEqual({ total: 0, oldestMs: null, newestMs: null, historyMs: null });
  });

  it('counts what --since / --until left out, each with its span, through the ingest sink', () => {
    const store = createReportAggregator();
    const sink = createIngestSink(store, { sinceMs: T0, untilMs: T0 + 10_000 });
    const line = (t: number) => JSON.stringify({ eventTimestamp: t, connectionStatus: 'Success', distributionId: 'E1' });
    sink.lines({
      origin: 'a',
      lines: [line(T0 - 5000), line(T0 - 1000), line(T0), line(T0 + 9999), line(T0 + 10_000), line(T0 + 60_000), line(T0 + 20_000)],
    });
    const s = store.select();
    expect(s.connections.total).toBe(2);
    expect(s.excluded).toEqual({
      beforeSince: { total: 2, oldestMs: T0 - 5000, newestMs: T0 - 1000 },
      atOrAfterUntil: { total: 3, oldestMs: T0 + 10_000, newestMs: T0 + 60_000 },
    });
    expect(sink.counts.outsideWindow).toBe(5);
  });
});
