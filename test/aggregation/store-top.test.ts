import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, createStore } from '../../src/aggregation/index.js';
import { conn, fakeClock } from './events.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('aggregation store: top-N tables', () => {
  it('finds heavy hitters among many distinct keys, within the documented bound and capacity', () => {
    const clock = fakeClock(T0);
    const capacity = 64;
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 0, topCapacity: capacity });
    const N = 60_000;
    let heavy = 0;
    let second = 0;
    for (let i = 0; i < N; i++) {
      // 10 minutes of traffic, 100 events/s.
      const t = T0 - 600_000 + i * 10;
      let ip = `172.16.${(i >> 8) & 255}.${i & 255}`;
      if (i % 10 === 0) {
        ip = '203.0.113.9';
        heavy++;
      } else if (i % 25 === 1) {
        ip = '198.51.100.7';
        second++;
      }
      store.ingest(
        conn(t, i % 10 === 0 ? 'Failed:ClientCertRevoked' : 'Success', { clientIp: ip, clientLeafCertSerialNumber: `s${i}` }),
        'f',
      );
    }
    const s = store.select();
    expect(store.stats().maxTableEntries).toBeLessThanOrEqual(capacity);
    const [first, next] = s.top.clientIps;
    // Per 10 s slice of n events the bound is 2n/capacity below the truth; summed over slices, 2N/capacity.
    const bound = (2 * N) / capacity;
    expect(first!.key).toBe('203.0.113.9');
    expect(first!.count).toBeLessThanOrEqual(heavy);
    expect(first!.count).toBeGreaterThanOrEqual(heavy - bound);
    expect(first!.failures).toBe(first!.count);
    expect(next!.key).toBe('198.51.100.7');
    expect(next!.count).toBeGreaterThanOrEqual(second - bound);
    expect(s.top.clientIps.length).toBeLessThanOrEqual(20);
    // Serials are all distinct: the table holds at most its capacity per slice and no key dominates.
    expect(s.top.serials.every((e) => e.count <= 1)).toBe(true);
  });

  it('says how far below the truth each table may be: 0 while exact, the pruned amount once it pruned', () => {
    const clock = fakeClock(T0);
    const capacity = 64;
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 0, topCapacity: capacity });
    const N = 20_000;
    const ipCounts = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const t = T0 - 200_000 + i * 10;
      // Client IPs: 50 distinct, under the capacity (exact). Serials: all distinct (pruned).
      const ip = `10.0.0.${(i * 7) % 50}`;
      ipCounts.set(ip, (ipCounts.get(ip) ?? 0) + 1);
      store.ingest(conn(t, 'Success', { clientIp: ip, clientLeafCertSerialNumber: `s${i}`, clientLeafCertIssuer: 'CN=One CA' }), 'f');
    }
    const s = store.select();
    expect(s.top.undercount.clientIps).toBe(0);
    expect(s.top.undercount.issuers).toBe(0);
    for (const e of s.top.clientIps) expect(e.count).toBe(ipCounts.get(e.key));
    const bound = s.top.undercount.serials;
    expect(bound).toBeGreaterThan(0);
    // The bound said is within the documented one, and every shown serial (true count 1) is within it.
    expect(bound).toBeLessThanOrEqual(Math.ceil((2 * N) / capacity));
    for (const e of s.top.serials) expect(e.count).toBeGreaterThanOrEqual(1 - bound);
  });

  it('keeps top tables of the window only', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 0 });
    store.ingest(conn(T0 - 10 * 60_000, 'Success', { clientIp: 'old' }), 'f');
    store.ingest(conn(T0, 'Success', { clientIp: 'new' }), 'f');
    expect(store.select({ ...store.defaultQuery, windowMs: 60_000 }).top.clientIps.map((e) => e.key)).toEqual(['new']);
    expect(
      store
        .select({ ...store.defaultQuery, windowMs: 15 * 60_000 })
        .top.clientIps.map((e) => e.key)
        .sort(),
    ).toEqual(['new', 'old']);
  });

  it('refreshes top tables at most once per topsRefreshMs while the query is unchanged', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 1000 });
    store.ingest(conn(T0, 'Success', { clientIp: 'a' }), 'f');
    expect(store.select().top.clientIps.map((e) => e.key)).toEqual(['a']);
    store.ingest(conn(T0, 'Success', { clientIp: 'b' }), 'f');
    expect(store.select().top.clientIps.map((e) => e.key)).toEqual(['a']);
    expect(store.select().connections.total).toBe(2);
    clock.advance(1000);
    store.tick();
    expect(
      store
        .select()
        .top.clientIps.map((e) => e.key)
        .sort(),
    ).toEqual(['a', 'b']);
  });
  it('counts every failure of a key seen in more groups than an entry splits (12 distributions), and says what a filter cannot attribute', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 0 });
    let failures = 0;
    let inE3 = 0;
    for (let i = 0; i < 1_200; i++) {
      const distributionId = `E${i % 12}`;
      const failed = i % 3 === 0;
      if (failed) failures++;
      if (distributionId === 'E3') inE3++;
      store.ingest(
        conn(T0 - 60_000 + i * 10, failed ? 'Failed:ClientCertUntrusted' : 'Success', {
          distributionId,
          clientLeafCertIssuer: 'CN=Partner CA G1',
        }),
        'f',
      );
    }
    const s = store.select();
    // Before, the failures of the groups folded into OTHER_GROUP were never counted (800 of 1,800 in the Athena check).
    expect(s.top.failingIssuers[0]).toEqual({ key: 'CN=Partner CA G1', count: 1_200, failures });
    expect(s.top.undercount.issuers).toBe(0);
    const one = store.select({ ...store.defaultQuery, filter: { ...EMPTY_FILTER, distributions: ['E3'] } });
    const shown = one.top.issuers[0]?.count ?? 0;
    expect(shown).toBeLessThanOrEqual(inE3);
    // What the filter could not attribute is in the bound it says.
    expect(shown + one.top.undercount.issuers).toBeGreaterThanOrEqual(inE3);
  });
});
