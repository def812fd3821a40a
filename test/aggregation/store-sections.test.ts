import { describe, expect, it } from 'vitest';
import { createReportAggregator, createStore, EMPTY_FILTER, SECTION_NAMES, type ViewQuery } from '../../src/aggregation/index.js';
import { conn, fakeClock } from './events.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const q = (over: Partial<ViewQuery> = {}): ViewQuery => ({ filter: EMPTY_FILTER, windowMs: 15 * 60_000, mark: null, ...over });

describe('aggregation store: a query engine, section by section', () => {
  it('returns the same section object until data or the query changed', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0 });
    store.ingest(conn(T0), 'f');
    const query = q();
    const latency = store.section('latency', query);
    const rows = store.section('distributions', query);
    expect(store.section('latency', query)).toBe(latency);
    expect(store.section('distributions', { ...query })).toBe(rows); // an equal query is the same query
    const narrowed = store.section('distributions', q({ filter: { ...EMPTY_FILTER, distributions: ['E9'] } }));
    expect(narrowed).toEqual([]);
    expect(store.section('distributions', query)).not.toBe(rows);
    const again = store.section('distributions', query);
    store.ingest(conn(T0), 'f');
    expect(store.section('distributions', query)).not.toBe(again);
    expect(store.section('distributions', query)[0]!.attempts).toBe(2);
  });

  it('changes its version with data and with the query, and only then', () => {
    const store = createStore({ clock: () => T0, notifyIntervalMs: 0 });
    const v = store.version();
    store.section('overview', q());
    expect(store.version()).toBe(v); // the first query takes the frame as it is
    store.section('connections', q());
    expect(store.version()).toBe(v);
    store.section('connections', q({ windowMs: 60_000 }));
    expect(store.version()).toBe(v + 1);
    store.ingest(conn(T0), 'f');
    expect(store.version()).toBe(v + 2);
    expect(store.version()).toBe(v + 2);
  });

  it('computes a section only when it is read: top tables nobody read are merged fresh when first asked', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0, topsRefreshMs: 60_000 });
    store.ingest(conn(T0, 'Success', { clientIp: 'a' }), 'f');
    const query = q();
    // Everything but the top tables (which would then be reused for a minute).
    for (const name of SECTION_NAMES) if (name !== 'top' && name !== 'firewall' && name !== 'certificates') store.section(name, query);
    store.ingest(conn(T0, 'Success', { clientIp: 'b' }), 'f');
    expect(
      store
        .section('top', query)
        .clientIps.map((e) => e.key)
        .sort(),
    ).toEqual(['a', 'b']);
    store.ingest(conn(T0, 'Success', { clientIp: 'c' }), 'f');
    expect(store.section('top', query).clientIps.map((e) => e.key)).not.toContain('c'); // merged a moment ago: reused
  });

  it('answers a mark from the query: the same data, compared before and after the time it names', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0 });
    for (let i = 1; i <= 4; i++) store.ingest(conn(T0 - i * 1000, i <= 2 ? 'Failed:TcpTimeout' : 'Success'), 'f');
    clock.advance(4000);
    for (let i = 0; i < 4; i++) store.ingest(conn(clock.now() - i * 1000, 'Success'), 'f');
    expect(store.section('mark', q())).toBeNull();
    const mark = store.section('mark', q({ mark: { label: 'deploy', atMs: T0 } }))!;
    expect(mark).toMatchObject({ label: 'deploy', atMs: T0, before: { attempts: 4, failures: 2 }, after: { attempts: 4, failures: 0 } });
  });

  it('select(query) is every section as one snapshot, the same object until something changed', () => {
    const report = createReportAggregator();
    report.ingest(conn(T0), 'f');
    const query = q();
    const s = report.select(query);
    expect(report.select(query)).toBe(s);
    expect(s.connections).toBe(report.section('connections', query));
    expect(s.connections.handshakeMs).toBe(report.section('latency', query));
    expect(s.recentFailures).toBe(report.section('failures', query));
    expect(s.expiringCerts).toBe(report.section('certificates', query).expiringCerts);
    report.ingest(conn(T0 + 1), 'f');
    expect(report.select(query)).not.toBe(s);
    expect(report.distributionIds()).toEqual(['E1']);
  });
});
