import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/aggregation/index.js';
import { conn, fakeClock } from './events.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;

function setup(options = {}) {
  const clock = fakeClock(T0);
  const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 0, ...options });
  return { clock, store };
}

describe('aggregation store: sliding window', () => {
  it('counts attempts and failures per status within the window and slides them out', () => {
    const { clock, store } = setup();
    for (let i = 0; i < 30; i++) store.ingest(conn(T0 - i * 1000, i % 3 === 0 ? 'Failed:ClientCertExpired' : 'Success'), 'f');
    let s = store.select();
    expect(s.connections.total).toBe(30);
    expect(s.connections.failed).toBe(10);
    expect(s.connections.success).toBe(20);
    expect(s.connections.byStatus).toEqual({ Success: 20, 'Failed:ClientCertExpired': 10 });
    expect(s.window).toMatchObject({ durationMs: 15 * MIN, endMs: T0, startMs: T0 - 15 * MIN });

    clock.advance(16 * MIN);
    store.tick();
    s = store.select();
    expect(s.connections.total).toBe(0);
    expect(s.series.every((p) => p.attempts === 0)).toBe(true);
    // The 1 h window still sees them from the coarse history.
    s = store.select({ ...store.defaultQuery, windowMs: 60 * MIN });
    expect(s.connections.total).toBe(30);
    expect(s.window.bucketMs).toBe(MIN);
    expect(s.series.length).toBeLessThanOrEqual(61);
    expect(s.series.reduce((n, p) => n + p.attempts, 0)).toBe(30);
  });

  it('keeps one series point per bucket for short windows and at most ~120 points for long ones', () => {
    const { store } = setup();
    for (let i = 0; i < 60; i++) store.ingest(conn(T0 - i * 1000), 'f');
    let s = store.select({ ...store.defaultQuery, windowMs: MIN });
    expect(s.window.bucketMs).toBe(1000);
    expect(s.series.length).toBe(61);
    expect(s.series.slice(1).every((p) => p.attempts === 1)).toBe(true);
    for (const w of [5 * MIN, 15 * MIN, 60 * MIN]) {
      s = store.select({ ...store.defaultQuery, windowMs: w });
      expect(s.series.length).toBeLessThanOrEqual(121);
      expect(s.series.reduce((n, p) => n + p.attempts, 0)).toBe(60);
      for (let i = 1; i < s.series.length; i++) expect(s.series[i]!.startMs - s.series[i - 1]!.startMs).toBe(s.window.bucketMs);
    }
  });

  it('routes late events into coarse history, drops ones older than the history, clamps future ones to now', () => {
    const { store } = setup();
    store.ingest(conn(T0 - 30 * MIN), 'f');
    store.ingest(conn(T0 - 3 * 60 * MIN), 'f');
    store.ingest(conn(T0 + 10 * MIN), 'f');
    expect(store.stats().lateDropped).toBe(1);
    expect(store.select().connections.total).toBe(1);
    expect(store.select({ ...store.defaultQuery, windowMs: 60 * MIN }).connections.total).toBe(2);
  });

  it('reports attempts per second over the last 10 s and events per second by arrival', () => {
    const { clock, store } = setup();
    for (let s = 0; s < 20; s++) {
      for (let i = 0; i < 5; i++) store.ingest(conn(clock.now()), 'f');
      clock.advance(1000);
    }
    clock.advance(-1000);
    const s = store.select();
    expect(s.connections.attemptsPerSec).toBeCloseTo(5, 5);
    expect(s.eventsPerSec).toBeCloseTo(5, 0);
  });

  it('compares each failure status with the previous window of equal length', () => {
    const { store } = setup();
    for (let i = 0; i < 7; i++) store.ingest(conn(T0 - 70_000 - i * 1000, 'Failed:ClientCertExpired'), 'f');
    for (let i = 0; i < 3; i++) store.ingest(conn(T0 - 70_000 - i * 1000, 'Failed:TcpTimeout'), 'f');
    for (let i = 0; i < 4; i++) store.ingest(conn(T0 - i * 1000, 'Failed:ClientCertExpired'), 'f');
    for (let i = 0; i < 9; i++) store.ingest(conn(T0 - i * 1000, 'Failed:ClientCertUntrusted'), 'f');
    const h = store.select({ ...store.defaultQuery, windowMs: MIN }).connections.failureHistogram;
    expect(h).toEqual([
      { status: 'Failed:ClientCertUntrusted', count: 9, previous: 0 },
      { status: 'Failed:ClientCertExpired', count: 4, previous: 7 },
      { status: 'Failed:TcpTimeout', count: 0, previous: 3 },
    ]);
  });

  it('gives handshake percentiles overall, per distribution and per series point within 1%', () => {
    const { store } = setup();
    const durations: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const d = 1 + ((i * 7919) % 997) * 0.37;
      durations.push(d);
      store.ingest(conn(T0 - (i % 600) * 1000, 'Success', { tlsHandshakeDuration: d, distributionId: i % 2 ? 'E1' : 'E2' }), 'f');
    }
    const sorted = [...durations].sort((a, b) => a - b);
    const exact = (q: number): number => sorted[Math.floor(q * (sorted.length - 1))]!;
    const hs = store.select().connections.handshakeMs;
    expect(hs.count).toBe(5000);
    for (const [q, v] of [
      [0.5, hs.p50],
      [0.9, hs.p90],
      [0.99, hs.p99],
    ] as const) {
      expect(Math.abs(v! - exact(q)) / exact(q)).toBeLessThanOrEqual(0.01);
    }
    expect(hs.max).toBe(sorted[sorted.length - 1]);
    const rows = store.select().distributions;
    expect(rows.map((r) => r.handshakeMs.count).sort()).toEqual([2500, 2500]);
    const e1 = durations.filter((_, i) => i % 2 === 1).sort((a, b) => a - b);
    const row = rows.find((r) => r.distributionId === 'E1')!;
    const e1p99 = e1[Math.floor(0.99 * (e1.length - 1))]!;
    expect(Math.abs(row.handshakeMs.p99! - e1p99) / e1p99).toBeLessThanOrEqual(0.01);
    expect(store.select().series.some((p) => p.p50 !== null && p.p99 !== null)).toBe(true);
  });

  it('fills distribution rows: failures, top code, first/last failure and the last minute', () => {
    const { store } = setup();
    store.ingest(conn(T0 - 5 * MIN, 'Failed:ClientCertUntrusted', { distributionId: 'E9', distributionTenantId: 'ten-1' }), 'f');
    store.ingest(conn(T0 - 2 * MIN, 'Failed:ClientCertUntrusted', { distributionId: 'E9', distributionTenantId: 'ten-1' }), 'f');
    store.ingest(conn(T0 - 10_000, 'Failed:ClientCertExpired', { distributionId: 'E9', distributionTenantId: 'ten-1' }), 'f');
    store.ingest(conn(T0 - 5_000, 'Success', { distributionId: 'E9', distributionTenantId: 'ten-1', tlsHandshakeDuration: 40 }), 'f');
    store.ingest(conn(T0, 'Success', { distributionId: 'E1' }), 'f');
    const [first, second] = store.select().distributions;
    expect(first).toMatchObject({
      distributionId: 'E9',
      tenantId: 'ten-1',
      attempts: 4,
      failures: 3,
      failureRate: 0.75,
      topFailureCode: 'ClientCertUntrusted',
      firstFailureMs: T0 - 5 * MIN,
      lastFailureMs: T0 - 10_000,
      lastMinute: { attempts: 2, failures: 1, failureRate: 0.5 },
    });
    // Lower-rank p99 of the last minute's [10, 40] ms is 10 ms.
    expect(Math.abs(first!.lastMinute.p99! - 10)).toBeLessThanOrEqual(0.1);
    expect(second).toMatchObject({ distributionId: 'E1', tenantId: null, attempts: 1, failures: 0, topFailureCode: null });
  });

  it('compares the spans before and after a mark', () => {
    const { clock, store } = setup();
    for (let i = 0; i < 10; i++) store.ingest(conn(T0 - 1000 - i * 1000, i < 2 ? 'Failed:ClientCertExpired' : 'Success'), 'f');
    const marked = { ...store.defaultQuery, mark: { label: 'rollout step 2', atMs: clock.now() } };
    expect(store.select(marked).mark).toMatchObject({ label: 'rollout step 2', atMs: T0 });
    clock.advance(10_000);
    for (let i = 0; i < 10; i++)
      store.ingest(conn(clock.now() - i * 1000 + 1, i < 6 ? 'Failed:ClientCertUntrusted' : 'Success', { tlsHandshakeDuration: 100 }), 'f');
    const mark = store.select(marked).mark!;
    expect(mark.before).toMatchObject({ attempts: 10, failures: 2, failureRate: 0.2 });
    expect(mark.after).toMatchObject({ attempts: 10, failures: 6, failureRate: 0.6 });
    expect(Math.abs(mark.after.p99! - 100)).toBeLessThanOrEqual(1);
    expect(store.select({ ...marked, mark: null }).mark).toBeNull();
  });

  it('counts malformed input by reason, bounded', () => {
    const { store } = setup();
    store.recordMalformed('truncated JSON', 'f');
    store.recordMalformed('truncated JSON', 'f');
    for (let i = 0; i < 500; i++) store.recordMalformed(`weird ${i}`, 'f');
    const m = store.select().malformed;
    expect(m.total).toBe(502);
    expect(m.byReason['truncated JSON']).toBe(2);
    expect(Object.keys(m.byReason).length).toBeLessThanOrEqual(64);
    expect(m.byReason['(other)']).toBeGreaterThan(0);
  });

  it('shows sampling while a sampled bucket is in the window', () => {
    const { clock, store } = setup();
    expect(store.select().sampled).toBe(false);
    store.markSampled();
    expect(store.select().sampled).toBe(true);
    clock.advance(16 * MIN);
    store.tick();
    expect(store.select().sampled).toBe(false);
  });
});
