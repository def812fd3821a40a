import { describe, expect, it } from 'vitest';
import { createReportAggregator, createStore } from '../../src/aggregation/index.js';
import { conn, fakeClock, fwRevocation, fwTlsError } from './events.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;

describe('report aggregator (whole span)', () => {
  it('aggregates everything ingested regardless of age, with the same snapshot shape', () => {
    const report = createReportAggregator();
    report.ingest(conn(T0 - 400 * 86_400_000, 'Success', { distributionId: 'E1', tlsHandshakeDuration: 10 }), 'a.log');
    report.ingest(conn(T0, 'Failed:ClientCertExpired', { distributionId: 'E2', tlsHandshakeDuration: 30 }), 'a.log');
    report.ingest(conn(T0 + 1000, 'Failed:ClientCertExpired', { distributionId: 'E2', tlsHandshakeDuration: 20 }), 'a.log');
    report.ingest(fwTlsError(T0, 'x.example.com', 'missing_sni'), 'fw.log');
    report.ingest(fwRevocation(T0, 'REVOKED', 'DROP'), 'fw.log');
    report.recordMalformed('truncated JSON', 'a.log');
    const s = report.select();
    expect(s.connections).toMatchObject({ total: 3, success: 1, failed: 2, byStatus: { Success: 1, 'Failed:ClientCertExpired': 2 } });
    expect(s.connections.failureHistogram).toEqual([{ status: 'Failed:ClientCertExpired', count: 2, previous: 0 }]);
    expect(s.window.startMs).toBe(T0 - 400 * 86_400_000);
    expect(s.window.endMs).toBe(T0 + 1000);
    const e2 = s.distributions.find((d) => d.distributionId === 'E2')!;
    expect(e2).toMatchObject({ attempts: 2, failures: 2, topFailureCode: 'ClientCertExpired' });
    expect(e2.handshakeMs.max).toBe(30);
    expect(Math.abs(e2.handshakeMs.p50! - 20) / 20).toBeLessThanOrEqual(0.01);
    expect(s.firewall).toMatchObject({ total: 2, tlsErrors: 1, revocation: { REVOKED: { DROP: 1 } } });
    expect(s.malformed).toEqual({ total: 1, byReason: { 'truncated JSON': 1 } });
    expect(s.recentFailures).toHaveLength(4);
  });

  it('filters by distribution and ignores the window length asked for', () => {
    const report = createReportAggregator();
    for (let i = 0; i < 10; i++) report.ingest(conn(T0 + i * MIN, 'Success', { distributionId: i < 3 ? 'E1' : 'E2' }), 'f');
    const s = report.select({
      ...report.defaultQuery,
      windowMs: MIN,
      filter: { distributions: ['E1'], tenants: [], statuses: [], text: '' },
    });
    expect(s.connections.total).toBe(3);
    expect(s.window.durationMs).toBe(9 * MIN + 1);
  });
});

describe('Insights aggregates', () => {
  it('replaces earlier counts for the same bins and takes over the time they cover', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0 });
    const bin = T0 - 5 * MIN;
    // A live event inside the bin is superseded by the Insights count.
    store.ingest(conn(bin + 1000, 'Success', { distributionId: 'E1' }), 'live');
    store.replaceAggregates(
      { startMs: bin, endMs: bin + MIN },
      [
        { binStartMs: bin, binMs: MIN, distributionId: 'E1', connectionStatus: 'Success', count: 100 },
        { binStartMs: bin, binMs: MIN, distributionId: 'E1', connectionStatus: 'Failed:ClientCertUntrusted', count: 5 },
      ],
      [{ rangeStartMs: bin, rangeEndMs: bin + MIN, distributionId: null, p50: 12, p90: 40, p99: 90, max: 120 }],
    );
    let s = store.select();
    expect(s.connections).toMatchObject({ total: 105, failed: 5 });
    expect(s.connections.handshakeMs).toMatchObject({ p50: 12, p99: 90, max: 120 });
    expect(s.series.reduce((n, p) => n + p.attempts, 0)).toBe(105);

    // A re-run of the query corrects the bin.
    store.replaceAggregates(
      { startMs: bin, endMs: bin + MIN },
      [{ binStartMs: bin, binMs: MIN, distributionId: 'E1', connectionStatus: 'Success', count: 110 }],
      [],
    );
    s = store.select();
    expect(s.connections).toMatchObject({ total: 110, failed: 0 });
    // Live events outside any bin still count.
    store.ingest(conn(T0, 'Success', { distributionId: 'E2' }), 'live');
    expect(store.select().connections.total).toBe(111);
  });
});
