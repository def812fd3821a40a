import { describe, expect, it } from 'vitest';
import { DEMO_START, demoEventsBySecond } from '../helpers/demo-events.js';
import { createStore } from '../../src/aggregation/index.js';
import { rowImpact } from '../../src/aggregation/row-impact.js';
import { TREND_PARTS } from '../../src/aggregation/row-trend.js';
import { DISTRIBUTION_SORTS, EMPTY_FILTER, type Change, type DistributionRow, type ViewQuery } from '../../src/aggregation/types.js';
import { BAD_CA_DISTRIBUTION, DISTRIBUTIONS, STORY_MARKS } from '../../src/sources/demo/index.js';
import { conn } from './events.js';

const START = DEMO_START;
const MINUTE: ViewQuery = { filter: EMPTY_FILTER, windowMs: 60_000, mark: null };

/** A live store fed the demo second by second, the clock following, with a check after each second. */
function demoStore(seconds: number, each: (store: ReturnType<typeof createStore>, second: number) => void = () => {}) {
  let now = START;
  const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
  demoEventsBySecond(seconds).forEach((events, i) => {
    now = START + (i + 1) * 1000;
    for (const e of events) store.ingest(e, 'demo');
    store.tick();
    each(store, i + 1);
  });
  return store;
}

const key = (r: Pick<DistributionRow, 'distributionId' | 'tenantId'>) => `${r.distributionId}/${r.tenantId ?? ''}`;

describe('distribution rows: impact, SNI and trend from the real store on the demo', () => {
  const store = demoStore(60);
  const rows = store.section('distributions', MINUTE);
  const changes = store.section('changes', MINUTE).changes;

  it('impact is the excess failures per second of the row’s ongoing changes; the bad CA bundle is on top by default', () => {
    const ongoing = changes.filter((c) => c.end === null && c.distributionId === BAD_CA_DISTRIBUTION);
    expect(ongoing.length).toBeGreaterThan(0);
    for (const r of rows) {
      const expected = changes
        .filter((c) => c.end === null && c.distributionId === r.distributionId && (c.tenantId === null || c.tenantId === r.tenantId))
        .reduce((n, c) => n + c.excessFailures, 0);
      expect(r.impact, key(r)).toBeCloseTo(expected, 9);
    }
    expect(rows[0]).toMatchObject({ distributionId: BAD_CA_DISTRIBUTION, topFailureCode: 'ClientCertUntrusted' });
    expect(rows[0]!.impact).toBeGreaterThan(0);
    // No sort in the query is the impact order.
    expect(store.section('distributions', { ...MINUTE, sort: 'impact' }).map(key)).toEqual(rows.map(key));
  });

  it('the SNI beside a row is the one its clients send (from the logs); a tenant’s row has none (the baseline is the distribution’s)', () => {
    const hostsOf = new Map(DISTRIBUTIONS.map((d) => [d.distributionId, d.hosts]));
    expect(rows.find((r) => r.distributionId === BAD_CA_DISTRIBUTION)!.sni).toBe('api.payments.example.com');
    for (const r of rows.filter((r) => r.tenantId === null)) expect(hostsOf.get(r.distributionId), key(r)).toContain(r.sni);
    const partner = rows.filter((r) => r.distributionId === 'E3KQ9ZV7M2RPLA');
    expect(partner.length).toBeGreaterThan(1);
    for (const r of partner) expect(r.sni, key(r)).toBeNull();
  });

  it('the trend is the failure rate per twelfth of the window, oldest first: the bad CA row climbs after the rollout', () => {
    for (const r of rows) expect(r.trend, key(r)).toHaveLength(TREND_PARTS);
    const bad = rows.find((r) => r.distributionId === BAD_CA_DISTRIBUTION)!.trend;
    const before = bad.slice(0, 2); // 5 s parts: the minute starts at second 0, the rollout at 20 s
    const after = bad.slice(8, 11);
    expect(STORY_MARKS.rolloutStart).toBe(20_000);
    for (const x of before) expect(x).toBeLessThan(0.05);
    for (const x of after) expect(x).toBeGreaterThan(0.2);
  });
});

describe('the trend agrees with the series, frame after frame', () => {
  it('equals the filtered series’ failures / attempts per part while the window slides (parts are reused only while unchanged)', () => {
    const query: ViewQuery = { ...MINUTE, filter: { ...EMPTY_FILTER, distributions: [BAD_CA_DISTRIBUTION] } };
    let checked = 0;
    demoStore(90, (store, second) => {
      if (second % 7 !== 0) return;
      const row = store.section('distributions', query).find((r) => r.tenantId === null)!;
      const series = store.section('series', query);
      const nowMs = store.section('overview', query).nowMs;
      const partMs = 5000; // a minute in 1 s steps: 60 steps, 5 a part
      const firstPart = Math.floor(nowMs / partMs) - TREND_PARTS + 1;
      const sums = Array.from({ length: TREND_PARTS }, () => ({ attempts: 0, failures: 0 }));
      for (const p of series) {
        const part = Math.floor(p.startMs / partMs) - firstPart;
        if (part < 0 || part >= TREND_PARTS) continue;
        sums[part]!.attempts += p.attempts;
        sums[part]!.failures += p.failures;
      }
      const expected = sums.map((s) => (s.attempts > 0 ? s.failures / s.attempts : null));
      expect(row.trend.map((x) => (x === null ? null : Number(x.toFixed(9))))).toEqual(
        expected.map((x) => (x === null ? null : Number(x.toFixed(9)))),
      );
      checked++;
    });
    expect(checked).toBe(12);
  });

  it('is null where a row had no attempts (a distribution that only started at the end of the window)', () => {
    let now = START + 60_000;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    for (let s = 0; s < 60; s++) store.ingest(conn(START + s * 1000, 'Success', { distributionId: 'EOLD' }), 'f');
    for (let s = 50; s < 60; s++)
      store.ingest(conn(START + s * 1000, s % 2 ? 'Failed:ClientCertExpired' : 'Success', { distributionId: 'ENEW' }), 'f');
    now = START + 60_000;
    const rows = store.section('distributions', MINUTE);
    // Parts are 5 s, aligned to multiples of 5 s, the newest holding now: [5 s, 10 s) ... [60 s, 65 s).
    const fresh = rows.find((r) => r.distributionId === 'ENEW')!.trend;
    expect(fresh.slice(0, 9)).toEqual(Array(9).fill(null));
    expect(fresh.slice(9)).toEqual([2 / 5, 3 / 5, null]);
    expect(rows.find((r) => r.distributionId === 'EOLD')!.trend.filter((x) => x === 0).length).toBeGreaterThanOrEqual(10);
  });
});

describe('sort orders', () => {
  /** Rows whose figures differ in every sort key: see each order's expectation. */
  function sortedStore() {
    const now = START + 60_000;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const add = (id: string, n: number, failures: number, ms: number | undefined, tenantId?: string) => {
      for (let i = 0; i < n; i++) {
        store.ingest(
          conn(START + 1000 + i * 100, i < failures ? 'Failed:ClientCertExpired' : 'Success', {
            distributionId: id,
            tlsHandshakeDuration: ms,
            ...(tenantId === undefined ? {} : { distributionTenantId: tenantId }),
          }),
          'f',
        );
      }
    };
    add('EBUSY', 100, 10, 20); // most attempts, most failures, 10 %
    add('ERATE', 10, 5, 30); // 50 %
    add('ESLOW', 20, 2, 900); // slowest, 10 %
    add('ENOLAT', 30, 3, undefined); // no handshake durations: p99 null
    add('ETIE2', 5, 1, 40); // ETIE1 and ETIE2 are equal in everything but the id
    add('ETIE1', 5, 1, 40);
    add('ETIE1', 5, 1, 40, 'tenant-b');
    return store;
  }
  const order = (sort: ViewQuery['sort']) =>
    sortedStore()
      .section('distributions', { ...MINUTE, sort })
      .map(key);

  it('failures, attempts, fail %, p99 (nulls last) and name, each with deterministic ties', () => {
    expect(order('failures')).toEqual(['EBUSY/', 'ERATE/', 'ENOLAT/', 'ESLOW/', 'ETIE1/', 'ETIE1/tenant-b', 'ETIE2/']);
    expect(order('attempts')).toEqual(['EBUSY/', 'ENOLAT/', 'ESLOW/', 'ERATE/', 'ETIE1/', 'ETIE1/tenant-b', 'ETIE2/']);
    expect(order('failRate')).toEqual(['ERATE/', 'ETIE1/', 'ETIE1/tenant-b', 'ETIE2/', 'EBUSY/', 'ENOLAT/', 'ESLOW/']);
    expect(order('p99')).toEqual(['ESLOW/', 'ETIE1/', 'ETIE1/tenant-b', 'ETIE2/', 'ERATE/', 'EBUSY/', 'ENOLAT/']);
    expect(order('name')).toEqual(['EBUSY/', 'ENOLAT/', 'ERATE/', 'ESLOW/', 'ETIE1/', 'ETIE1/tenant-b', 'ETIE2/']);
    // Nothing changed here, so impact ties everywhere and falls back to failures, attempts, key.
    expect(order('impact')).toEqual(order('failures'));
    expect(new Set(DISTRIBUTION_SORTS.map((s) => order(s).length))).toEqual(new Set([7]));
  });

  it('is the same on every read (no order depends on insertion or timing)', () => {
    for (const sort of DISTRIBUTION_SORTS) expect(order(sort)).toEqual(order(sort));
  });
});

describe('rowImpact', () => {
  const change = (over: Partial<Change>): Change => ({
    id: 'c',
    kind: 'failure-code',
    distributionId: 'E1',
    tenantId: null,
    failureCode: 'ClientCertUntrusted',
    sni: null,
    onset: START,
    end: null,
    detectedAt: START,
    before: 0,
    after: 0.5,
    unit: 'fraction',
    excessFailures: 1,
    events: 10,
    attributes: [],
    ...over,
  });

  it('sums ongoing changes of the distribution, distribution-wide ones on every tenant row, a tenant’s only on its own', () => {
    const impact = rowImpact([
      change({ excessFailures: 4 }),
      change({ tenantId: 't1', excessFailures: 2 }),
      change({ tenantId: 't2', excessFailures: 8 }),
      change({ excessFailures: 16, end: START + 5000 }), // ended: not what goes wrong now
      change({ distributionId: null, kind: 'firewall-tls-error', excessFailures: 32 }),
      change({ distributionId: 'E2', excessFailures: 64 }),
    ]);
    expect(impact('E1', null)).toBe(4);
    expect(impact('E1', 't1')).toBe(6);
    expect(impact('E1', 't2')).toBe(12);
    expect(impact('E2', null)).toBe(64);
    expect(impact('E3', null)).toBe(0);
    expect(impact('__proto__', null)).toBe(0);
  });
});
