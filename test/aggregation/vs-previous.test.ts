import { describe, expect, it } from 'vitest';
import { createReportAggregator, createStore } from '../../src/aggregation/index.js';
import { EMPTY_FILTER, type ViewQuery } from '../../src/aggregation/types.js';
import { conn } from './events.js';

const T0 = Date.UTC(2026, 10, 20, 6, 0, 0);
const MINUTE: ViewQuery = { filter: EMPTY_FILTER, windowMs: 60_000, mark: null };

describe('connections: previousEmpty says when "vs prev" has nothing to compare with', () => {
  it('is true while the window before this one held no connection (a monitor started less than a window ago)', () => {
    const now = T0 + 60_000;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    for (let i = 0; i < 5; i++) store.ingest(conn(T0 + 30_000 + i * 1000, 'Failed:ClientCertExpired'), 'f');
    const c = store.section('connections', MINUTE);
    expect(c.previousEmpty).toBe(true);
    expect(c.failureHistogram).toEqual([{ status: 'Failed:ClientCertExpired', count: 5, previous: 0 }]);
  });

  it('is false once the previous window held any connection, even a success; a filter asks about what it accepts', () => {
    const now = T0 + 60_000;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    store.ingest(conn(T0 - 20_000, 'Success', { distributionId: 'EOLD' }), 'f');
    for (let i = 0; i < 5; i++) store.ingest(conn(T0 + 30_000 + i * 1000, 'Failed:ClientCertExpired', { distributionId: 'ENEW' }), 'f');
    expect(store.section('connections', MINUTE).previousEmpty).toBe(false);
    const onlyNew: ViewQuery = { ...MINUTE, filter: { ...EMPTY_FILTER, distributions: ['ENEW'] } };
    expect(store.section('connections', onlyNew).previousEmpty).toBe(true);
  });

  it('is true in a report (the whole span has no window before it)', () => {
    const report = createReportAggregator();
    report.ingest(conn(T0, 'Failed:ClientCertExpired'), 'f');
    expect(report.select().connections.previousEmpty).toBe(true);
  });
});
