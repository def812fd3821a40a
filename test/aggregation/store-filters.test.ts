import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, createStore, type Filter } from '../../src/aggregation/index.js';
import { conn, fakeClock, fwRevocation, fwTlsError } from './events.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const DAY = 86_400_000;

function filter(f: Partial<Filter>): Filter {
  return { ...EMPTY_FILTER, ...f };
}

function seeded() {
  const clock = fakeClock(T0);
  const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 0 });
  // E1: 20 ok from alice; E2: 10 untrusted from mallory + 5 ok from bob; E3 (tenant t1): 4 expired from carol.
  for (let i = 0; i < 20; i++)
    store.ingest(
      conn(T0 - i * 1000, 'Success', {
        distributionId: 'E1',
        clientIp: '10.0.0.1',
        clientLeafCertSubject: 'CN=alice',
        tlsHandshakeDuration: 5,
      }),
      'f',
    );
  for (let i = 0; i < 10; i++) {
    store.ingest(
      conn(T0 - i * 1000, 'Failed:ClientCertUntrusted', {
        distributionId: 'E2',
        clientIp: '192.168.7.7',
        clientLeafCertSubject: 'CN=mallory',
        clientLeafCertIssuer: 'CN=Rogue CA',
        clientLeafCertSerialNumber: 'dead:beef',
        tlsSni: 'mallory.example.net',
        tlsHandshakeDuration: 50,
      }),
      'f',
    );
  }
  for (let i = 0; i < 5; i++)
    store.ingest(
      conn(T0 - i * 1000, 'Success', {
        distributionId: 'E2',
        clientIp: '10.0.0.2',
        clientLeafCertSubject: 'CN=bob',
        tlsHandshakeDuration: 5,
      }),
      'f',
    );
  for (let i = 0; i < 4; i++) {
    store.ingest(
      conn(T0 - i * 1000, 'Failed:ClientCertExpired', {
        distributionId: 'E3',
        distributionTenantId: 't1',
        clientIp: '10.0.0.3',
        clientLeafCertSubject: 'CN=carol',
        clientLeafCertNotAfter: T0 - DAY,
        clientLeafCertSerialNumber: 'ca:01',
      }),
      'f',
    );
  }
  store.ingest(fwTlsError(T0, 'mallory.example.net'), 'fw');
  store.ingest(fwTlsError(T0, '', 'missing_sni'), 'fw');
  store.ingest(fwRevocation(T0, 'REVOKED', 'DROP'), 'fw');
  store.ingest(fwRevocation(T0, 'GOOD', 'PASS'), 'fw');
  store.ingest({ kind: 'firewall', timestampMs: T0, category: 'other', otherType: 'flow', event: { event_type: 'flow' } }, 'fw');
  return { clock, store };
}

describe('aggregation store: filters recompute from buckets', () => {
  it('filters by several distributions at once', () => {
    const { store } = seeded();
    const s = store.select({ ...store.defaultQuery, filter: filter({ distributions: ['E2', 'E3'] }) });
    expect(s.connections).toMatchObject({ total: 19, failed: 14, success: 5 });
    expect(s.distributions.map((d) => d.distributionId)).toEqual(['E2', 'E3']);
    expect(s.top.clientIps.map((e) => e.key)).toEqual(['192.168.7.7', '10.0.0.2', '10.0.0.3']);
    expect(s.top.failingSubjects.map((e) => [e.key, e.failures])).toEqual([
      ['CN=mallory', 10],
      ['CN=carol', 4],
    ]);
    expect(s.recentFailures).toHaveLength(14);
    expect(s.recentFailures.every((r) => r.event.kind === 'connection' && r.event.distributionId !== 'E1')).toBe(true);
    // Firewall entries have no distribution: the firewall pane ignores the filter.
    expect(s.firewall.total).toBe(5);
  });

  it('filters by tenant and by outcome or failure code', () => {
    const { store } = seeded();
    expect(store.select({ ...store.defaultQuery, filter: filter({ tenants: ['t1'] }) }).connections.total).toBe(4);
    expect(store.select({ ...store.defaultQuery, filter: filter({ statuses: ['Failed'] }) }).connections).toMatchObject({
      total: 14,
      failed: 14,
    });
    expect(store.select({ ...store.defaultQuery, filter: filter({ statuses: ['Success'] }) }).connections).toMatchObject({
      total: 25,
      failed: 0,
    });
    expect(
      store.select({ ...store.defaultQuery, filter: filter({ statuses: ['Failed:ClientCertExpired'] }) }).connections.byStatus,
    ).toEqual({ 'Failed:ClientCertExpired': 4 });
    const s = store.select({
      ...store.defaultQuery,
      filter: filter({ statuses: ['ClientCertUntrusted', 'Success'], distributions: ['E2'] }),
    });
    expect(s.connections.byStatus).toEqual({ 'Failed:ClientCertUntrusted': 10, Success: 5 });
    expect(s.connections.handshakeMs.count).toBe(15);
    expect(store.select({ ...store.defaultQuery, filter: EMPTY_FILTER }).connections.total).toBe(39);
  });

  it('applies free text exactly to tables, recent failures and certificates, and estimates counts from the tables', () => {
    const { store } = seeded();
    const s = store.select({ ...store.defaultQuery, filter: filter({ text: 'MALLORY' }) });
    // Counts: E2's untrusted group matched through subject and SNI (largest per-field sum).
    expect(s.connections).toMatchObject({ total: 10, failed: 10 });
    expect(s.connections.byStatus).toEqual({ 'Failed:ClientCertUntrusted': 10 });
    expect(s.distributions.map((d) => [d.distributionId, d.attempts])).toEqual([['E2', 10]]);
    expect(s.top.subjects.map((e) => e.key)).toEqual(['CN=mallory']);
    expect(s.top.snis.map((e) => e.key)).toEqual(['mallory.example.net']);
    expect(s.top.clientIps).toEqual([]);
    expect(s.recentFailures).toHaveLength(11); // 10 connections + the firewall SNI mismatch
    // Latency under text is that of the matched groups.
    expect(Math.abs(s.connections.handshakeMs.p50! - 50)).toBeLessThanOrEqual(0.5);
    // Firewall: text over SNI and destination.
    expect(s.firewall.total).toBe(1);
    expect(s.firewall.bySni.map((e) => e.key)).toEqual(['mallory.example.net']);
    expect(s.series.reduce((n, p) => n + p.attempts, 0)).toBe(10);

    const byIp = store.select({ ...store.defaultQuery, filter: filter({ text: '10.0.0.' }) });
    expect(byIp.connections.total).toBe(29);
    expect(byIp.top.clientIps.map((e) => [e.key, e.count])).toEqual([
      ['10.0.0.1', 20],
      ['10.0.0.2', 5],
      ['10.0.0.3', 4],
    ]);

    expect(store.select({ ...store.defaultQuery, filter: filter({ text: 'ca:01' }) }).expiringCerts.map((c) => c.serial)).toEqual([
      'ca:01',
    ]);
    const none = store.select({ ...store.defaultQuery, filter: filter({ text: 'nothing-matches' }) });
    expect(none.connections.total).toBe(0);
    expect(none.expiringCerts).toEqual([]);
    expect(none.recentFailures).toEqual([]);
  });

  it('counts firewall entries by class, revocation status x action, SNI and destination', () => {
    const { store } = seeded();
    const fw = store.select().firewall;
    expect(fw).toMatchObject({
      total: 5,
      tlsErrors: 2,
      revocationChecks: 2,
      other: 1,
      byErrorClass: { missing_sni: 1, sni_mismatch: 1, other: 0 },
      revocation: { REVOKED: { DROP: 1 }, GOOD: { PASS: 1 } },
    });
    expect(fw.byDestination).toEqual([
      { key: '10.1.1.1:443', count: 2, failures: 2 },
      { key: '10.2.2.2:8443', count: 2, failures: 1 },
    ]);
    expect(store.select({ ...store.defaultQuery, filter: filter({ text: '8443' }) }).firewall).toMatchObject({
      total: 2,
      revocationChecks: 2,
      revocation: { REVOKED: { DROP: 1 } },
    });
  });

  it('lists certificates expiring within the horizon, with the filters applied', () => {
    const { store } = seeded();
    store.ingest(
      conn(T0, 'Success', { distributionId: 'E1', clientLeafCertSerialNumber: 'soon', clientLeafCertNotAfter: T0 + 10 * DAY }),
      'f',
    );
    store.ingest(
      conn(T0, 'Success', { distributionId: 'E1', clientLeafCertSerialNumber: 'later', clientLeafCertNotAfter: T0 + 90 * DAY }),
      'f',
    );
    let certs = store.select().expiringCerts;
    expect(certs.map((c) => [c.serial, c.count])).toEqual([
      ['ca:01', 4],
      ['soon', 1],
    ]);
    certs = store.select({ ...store.defaultQuery, filter: filter({ distributions: ['E1'] }) }).expiringCerts;
    expect(certs.map((c) => c.serial)).toEqual(['soon']);
  });

  it('keeps recent failures newest first with increasing seq, bounded by the ring', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0, recentCapacity: 50 });
    for (let i = 0; i < 120; i++) store.ingest(conn(T0 - 1000 + i, 'Failed:TcpError'), `src-${i}`);
    const recent = store.select().recentFailures;
    expect(recent).toHaveLength(50);
    expect(recent[0]!.seq).toBe(120);
    expect(recent[0]!.source).toBe('src-119');
    for (let i = 1; i < recent.length; i++) expect(recent[i]!.seq).toBe(recent[i - 1]!.seq - 1);
  });
});
