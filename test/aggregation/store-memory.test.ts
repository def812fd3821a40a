import { describe, expect, it } from 'vitest';
import { createReportAggregator, createStore } from '../../src/aggregation/index.js';
import { conn, fakeClock, fwRevocation } from './events.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('aggregation store: memory is bounded by window x caps', () => {
  it('keeps every internal structure under its cap after 2M events of high-cardinality traffic', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 1_000_000, topsRefreshMs: 0 });
    const N = 2_000_000;
    const pool = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
    const dists = pool(5000, (i) => `D${i}`);
    const tenants = pool(3000, (i) => `T${i}`);
    const codes = pool(1000, (i) => `Failed:Code${i}`);
    const subjects = pool(100_000, (i) => `CN=client-${i}`);
    const snis = pool(50_000, (i) => `host-${i}.example.com`);
    for (let i = 0; i < N; i++) {
      clock.advance(5); // 2M events span about 2.8 h: every ring wraps and evicts
      store.ingest(
        conn(clock.now() - (i % 3000), i % 4 === 0 ? codes[i % 1000]! : 'Success', {
          distributionId: dists[i % 5000],
          distributionTenantId: tenants[i % 3000],
          clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          clientLeafCertSerialNumber: `serial-${i}`,
          clientLeafCertSubject: subjects[i % 100_000],
          clientLeafCertNotAfter: i % 10 === 0 ? clock.now() + 86_400_000 : undefined,
          tlsSni: snis[i % 50_000],
          tlsHandshakeDuration: 0.5 + (i % 10_000),
        }),
        'gen',
      );
      if (i % 100 === 0) store.ingest(fwRevocation(clock.now(), `S${i % 1000}`, `A${i % 7}`, `sni-${i}`), 'fw');
      if (i % 700_000 === 0) store.select();
    }
    const stats = store.stats();
    expect(stats.distributions).toBeLessThanOrEqual(1000);
    expect(stats.tenants).toBeLessThanOrEqual(1000);
    expect(stats.statuses).toBeLessThanOrEqual(256);
    expect(stats.groups).toBeLessThanOrEqual(8192);
    expect(stats.firewallKinds).toBeLessThanOrEqual(256);
    expect(stats.countBuckets).toBeLessThanOrEqual(900 + 120);
    expect(stats.topSlices).toBeLessThanOrEqual(90 + 120);
    expect(stats.maxCellsPerBucket).toBeLessThanOrEqual(8192);
    expect(stats.maxTableEntries).toBeLessThanOrEqual(256);
    expect(stats.maxSketchBins).toBeLessThanOrEqual(2048);
    expect(stats.recentFailures).toBeLessThanOrEqual(500);
    expect(stats.expiringCerts).toBeLessThanOrEqual(1000);

    const s = store.select();
    expect(s.connections.total).toBeGreaterThan(0);
    expect(s.distributions.some((d) => d.distributionId === '(other)')).toBe(true);
    expect(s.distributions.length).toBeLessThanOrEqual(1001 * 1001);
    expect(s.top.clientIps.length).toBeLessThanOrEqual(20);
    expect(s.expiringCerts.length).toBeLessThanOrEqual(1000);
  }, 300_000);

  it('keeps report-mode buckets bounded over a long span by doubling their width', () => {
    const report = createReportAggregator({ maxReportBuckets: 64 });
    for (let i = 0; i < 200_000; i++) {
      report.ingest(
        conn(T0 + i * 60_000, i % 5 === 0 ? 'Failed:TcpError' : 'Success', { clientIp: `ip-${i}`, tlsHandshakeDuration: i % 100 }),
        'f',
      );
    }
    const stats = report.stats();
    expect(stats.countBuckets).toBeLessThanOrEqual(64);
    expect(stats.maxTableEntries).toBeLessThanOrEqual(256);
    const s = report.select();
    expect(s.connections).toMatchObject({ total: 200_000, failed: 40_000 });
    expect(s.series.reduce((n, p) => n + p.attempts, 0)).toBe(200_000);
    expect(s.series.length).toBeLessThanOrEqual(121);
  });
});
