/**
 * That the Athena statements are right: the same statements (in the dialect Trino and DuckDB
 * share, approx_percentile translated in duckdb-dialect.ts) run by DuckDB over the same
 * objects — gzip JSON lines in a plain hourly layout, and Parquet in a Hive layout — give the
 * report `report --file` gives of those objects: counts exactly, handshake percentiles within
 * the rank error the README states.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { athenaReport, type AthenaTable } from '../../src/athena/index.js';
import { runReportCommand } from '../../src/cli/report-command.js';
import type { TopEntry } from '../../src/aggregation/index.js';
import type { ReportDocument } from '../../src/report/report-document.js';
import { bufferIo } from '../cli/buffer-io.js';
import { gz, json, parquet, record } from '../sources/s3/s3-logs.js';
import { toDuckDb } from './duckdb-dialect.js';
import { duckRunner, loadDuckDb, openDuckDb } from './duckdb-oracle.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.parse('2026-11-20T05:00:00Z');
const STATUSES = ['Success', 'Success', 'Success', 'Failed:ClientCertExpired', 'Failed:ClientCertUntrusted'];

/** 6,000 records over three hours, two distributions, five statuses, handshakes spread over 1..400 ms. */
function sample(): Array<Record<string, string | number>> {
  const out: Array<Record<string, string | number>> = [];
  for (let i = 0; i < 6000; i++) {
    const r = record(`c${i}`, T + Math.floor((i * 3 * HOUR) / 6000), STATUSES[i % 5]);
    r.distributionId = i % 3 === 0 ? 'E2DX1SLDPK0123' : 'E3OTHER0000001';
    // The second distribution has two tenants, and records without one ('' or '-': `-` in the document).
    r.distributionTenantId = i % 3 === 0 ? '' : (['', 'dt-alpha', 'dt-beta', '-'][i % 4] ?? '');
    // Fewer distinct keys than the local tables keep, so theirs are exact too; '-' is no value.
    r.clientIp = `192.0.2.${(i * 13) % 40}`;
    const k = i % 60;
    r.clientLeafCertSubject = k % 11 === 0 ? '-' : `CN=client-${k % 9}`;
    r.clientLeafCertIssuer = `CN=CA ${i % 4 === 0 ? 'Old' : 'Main'}`;
    r.clientLeafCertSerialNumber = `0a:${String(k).padStart(2, '0')}`;
    // NotAfter 10 days before T to 108 days after; some unreadable, some absent.
    const notAfter = new Date(T + (2 * k - 10) * DAY).toISOString();
    r.clientLeafCertValidity =
      k % 13 === 5
        ? 'NotBefore=2025-01-01T00:00:00Z;NotAfter=soon'
        : k % 17 === 3
          ? '-'
          : `NotBefore=2025-01-01T00:00:00Z;NotAfter=${notAfter}`;
    r.tlsSni = i % 10 === 0 ? '' : 'api.example.com';
    r.tlsHandshakeDuration = 1 + ((i * 7919) % 400);
    out.push(r);
  }
  return out;
}

/** The hour folder of a time, `2026/11/20/05`, as the delivery files it (events can sit in the next hour's file). */
const hourPath = (ms: number) => new Date(ms).toISOString().slice(0, 13).replace(/-/g, '/').replace('T', '/');

type Top = ReportDocument['top'];

/** The top tables counted from the records (every key, then ranked and cut to 20 as the store ranks). */
function truthTop(records: Array<Record<string, string | number>>): Top {
  const field = {
    clientIps: 'clientIp',
    subjects: 'clientLeafCertSubject',
    issuers: 'clientLeafCertIssuer',
    serials: 'clientLeafCertSerialNumber',
    snis: 'tlsSni',
  } as const;
  const tables = {} as Record<keyof typeof field, Map<string, TopEntry>>;
  for (const [name, f] of Object.entries(field) as Array<[keyof typeof field, string]>) {
    const m = new Map<string, TopEntry>();
    for (const r of records) {
      const key = String(r[f] ?? '');
      if (key === '' || key === '-') continue;
      const e = m.get(key) ?? { key, count: 0, failures: 0 };
      e.count++;
      if (r.connectionStatus !== 'Success') e.failures++;
      m.set(key, e);
    }
    tables[name] = m;
  }
  const ranked = (m: Map<string, TopEntry>, by: 'count' | 'failures') =>
    [...m.values()]
      .filter((e) => (by === 'failures' ? e.failures > 0 : true))
      .sort((a, b) => (by === 'failures' ? b.failures - a.failures || b.count - a.count : b.count - a.count) || (a.key < b.key ? -1 : 1))
      .slice(0, 20);
  return {
    clientIps: ranked(tables.clientIps, 'count'),
    subjects: ranked(tables.subjects, 'count'),
    issuers: ranked(tables.issuers, 'count'),
    serials: ranked(tables.serials, 'count'),
    snis: ranked(tables.snis, 'count'),
    failingSubjects: ranked(tables.subjects, 'failures'),
    failingIssuers: ranked(tables.issuers, 'failures'),
  };
}

type Expiring = ReportDocument['expiringCertificates'];

/** The expiring certificates counted from the records: NotAfter within 30 days of a connection, by issuer and serial. */
function truthExpiring(records: Array<Record<string, string | number>>): Expiring {
  const certs = new Map<string, Expiring[number]>();
  for (const r of records) {
    const match = /NotAfter=([^;]*)/.exec(String(r.clientLeafCertValidity));
    const notAfter = match ? Date.parse(match[1]!) : NaN;
    if (Number.isNaN(notAfter) || notAfter > Number(r.eventTimestamp) + 30 * DAY) continue;
    const key = `${r.clientLeafCertIssuer}\u0001${r.clientLeafCertSerialNumber}`;
    const subject = r.clientLeafCertSubject === '-' ? '' : String(r.clientLeafCertSubject);
    const cert = certs.get(key) ?? {
      serial: String(r.clientLeafCertSerialNumber),
      subject,
      issuer: String(r.clientLeafCertIssuer),
      notAfter: new Date(notAfter).toISOString(),
      count: 0,
    };
    cert.count++;
    certs.set(key, cert);
  }
  return sortedCerts([...certs.values()]);
}

/** By NotAfter, serial and issuer (the local report leaves the order of equal serials open). */
const sortedCerts = (certs: Expiring): Expiring =>
  [...certs].sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.serial.localeCompare(b.serial) || a.issuer.localeCompare(b.issuer));

/** The count-ranked tables without their failures (report --file's failures are a lower bound). */
const byCount = (top: Top) =>
  Object.fromEntries(
    (['clientIps', 'subjects', 'issuers', 'serials', 'snis'] as const).map((n) => [n, top[n].map((e) => ({ key: e.key, count: e.count }))]),
  );

const duck = await loadDuckDb();
if ('reason' in duck) console.warn(`SKIP: ${duck.reason}`);
const describeWithDuckDb = 'reason' in duck ? describe.skip : describe;

describe('the DuckDB dialect translation', () => {
  it('turns ISO 8601 text into epoch seconds with TRY_CAST', () => {
    expect(toDuckDb('round(to_unixtime(try(from_iso8601_timestamp(not_after_text))) * 1000)')).toBe(
      'round(epoch(TRY_CAST(not_after_text AS TIMESTAMPTZ)) * 1000)',
    );
  });

  it('renames approx_percentile and nothing else', () => {
    const sql = "SELECT approx_percentile(tlshandshakeduration, 0.5) AS p50, max(x) FROM t WHERE s = 'approx_percentile('";
    expect(toDuckDb(sql)).toBe("SELECT approx_quantile(tlshandshakeduration, 0.5) AS p50, max(x) FROM t WHERE s = 'approx_quantile('");
  });
});

describeWithDuckDb(`the Athena statements run by DuckDB${'reason' in duck ? ` [skipped: ${duck.reason}]` : ''}`, () => {
  let dir: string;
  const rows = sample();
  const durations = rows.map((r) => Number(r.tlsHandshakeDuration)).sort((a, b) => a - b);
  let run: ReturnType<typeof duckRunner>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tlstop-athena-'));
    // Each hour in two objects; the second of each hour is filed in the next hour's folder (written late).
    for (let h = 0; h < 3; h++) {
      const hour = rows.filter((r) => Number(r.eventTimestamp) >= T + h * HOUR && Number(r.eventTimestamp) < T + (h + 1) * HOUR);
      const half = Math.floor(hour.length / 2);
      const put = (path: string, body: Uint8Array) => {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, body);
      };
      put(join(dir, 'cf', hourPath(T + h * HOUR), `a${h}.json.gz`), gz(json(hour.slice(0, half))));
      put(join(dir, 'cf', hourPath(T + (h + 1) * HOUR), `b${h}.json.gz`), gz(json(hour.slice(half))));
      const d = new Date(T + h * HOUR);
      const hive = `year=${d.getUTCFullYear()}/month=${String(d.getUTCMonth() + 1).padStart(2, '0')}/day=${String(d.getUTCDate()).padStart(2, '0')}/hour=${String(d.getUTCHours()).padStart(2, '0')}`;
      put(join(dir, 'pq', hive, `p${h}.parquet`), parquet(hour, 'SNAPPY', 500));
    }
    const connection = await openDuckDb((duck as { module: Parameters<typeof openDuckDb>[0] }).module);
    const columns =
      "{'eventTimestamp': 'BIGINT', 'connectionStatus': 'VARCHAR', 'distributionId': 'VARCHAR', 'distributionTenantId': 'VARCHAR', 'tlsHandshakeDuration': 'DOUBLE', " +
      "'clientIp': 'VARCHAR', 'clientLeafCertSubject': 'VARCHAR', 'clientLeafCertIssuer': 'VARCHAR', 'clientLeafCertSerialNumber': 'VARCHAR', 'tlsSni': 'VARCHAR', 'clientLeafCertValidity': 'VARCHAR'}";
    await connection.run('CREATE SCHEMA tlstop_test');
    // The columns and the partition column of the table tlstop describes for a plain hourly layout.
    await connection.run(
      `CREATE VIEW tlstop_test.cf AS SELECT *, regexp_extract(filename, '(\\d{4}/\\d{2}/\\d{2}/\\d{2})/[^/]*$', 1) AS dt ` +
        `FROM read_json('${join(dir, 'cf')}/**/*.json.gz', format = 'newline_delimited', filename = true, columns = ${columns})`,
    );
    // And for a Hive layout: year, month, day, hour as text, as Athena's projected partitions are.
    await connection.run(
      `CREATE VIEW tlstop_test.pq AS SELECT eventTimestamp, connectionStatus, distributionId, distributionTenantId, clientIp, clientLeafCertSubject, clientLeafCertIssuer, clientLeafCertSerialNumber, tlsSni, clientLeafCertValidity, CAST(tlsHandshakeDuration AS DOUBLE) AS tlsHandshakeDuration, year, month, day, hour ` +
        `FROM read_parquet('${join(dir, 'pq')}/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)`,
    );
    run = duckRunner(connection);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const table = (name: 'cf' | 'pq'): AthenaTable => ({
    database: 'tlstop_test',
    table: name,
    kind: 'cloudfront',
    storage: name === 'cf' ? 'json' : 'parquet',
    bucket: 'unused',
    prefix: `${name}/`,
    dates: { hive: name === 'pq', hourly: true },
  });

  async function local(...args: string[]): Promise<ReportDocument> {
    const io = bufferIo();
    const code = await runReportCommand(['--file', join(dir, 'cf'), '--json', ...args], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    return JSON.parse(io.out()) as ReportDocument;
  }

  /** Rank of `value` among the durations: the fractions below it and at or below it. */
  function rank(value: number, values: number[]): [number, number] {
    const below = values.filter((v) => v < value).length;
    const atOrBelow = values.filter((v) => v <= value).length;
    return [below / values.length, atOrBelow / values.length];
  }

  const counts = (doc: ReportDocument) => ({
    total: doc.connections.total,
    success: doc.connections.success,
    failed: doc.connections.failed,
    byStatus: doc.connections.byStatus,
    byDistribution: Object.fromEntries(
      Object.entries(doc.connections.byDistribution).map(([id, d]) => [
        id,
        {
          total: d.total,
          byStatus: d.byStatus,
          firstFailure: d.firstFailure,
          lastFailure: d.lastFailure,
          tenants: d.tenants
            ? Object.fromEntries(
                Object.entries(d.tenants).map(([t, f]) => [
                  t,
                  {
                    total: f.total,
                    failed: f.failed,
                    byStatus: f.byStatus,
                    firstFailure: f.firstFailure,
                    lastFailure: f.lastFailure,
                    max: f.handshakeMs.max,
                  },
                ]),
              )
            : undefined,
        },
      ]),
    ),
  });

  for (const name of ['cf', 'pq'] as const) {
    it(`${name === 'cf' ? 'gzip JSON, plain layout' : 'Parquet, Hive layout'}: the whole span, counts equal to report --file, percentiles within 1 % rank`, async () => {
      const expected = await local();
      const doc = await athenaReport(run, table(name), {}, { distributions: [] });
      expect(doc.connections.total).toBe(6000);
      expect(counts(doc)).toEqual(counts(expected));
      expect(doc.connections.byDistribution.E2DX1SLDPK0123!.firstFailure).not.toBeNull();
      expect(Object.keys(doc.connections.byDistribution.E3OTHER0000001!.tenants ?? {}).sort()).toEqual(['-', 'dt-alpha', 'dt-beta']);
      expect(doc.connections.byDistribution.E2DX1SLDPK0123!.tenants).toBeUndefined();
      // The top tables: exact, the truth counted here from the records.
      expect(doc.top).toEqual(truthTop(rows));
      expect(doc.top.serials).toHaveLength(20);
      expect(doc.top.failingSubjects.length).toBeGreaterThan(0);
      expect(doc.topUndercount).toEqual({ clientIps: 0, subjects: 0, issuers: 0, serials: 0, snis: 0 });
      // report --file's counts are exact too here (fewer keys than its tables keep): equal, failures
      // included (a key seen in more than 8 (distribution, tenant, status) groups keeps its failures
      // beside the folded groups).
      expect(expected.topUndercount).toEqual(doc.topUndercount);
      expect(byCount(doc.top)).toEqual(byCount(expected.top));
      // The expiring certificates: the truth, and what report --file lists (fewer than its 1,000).
      expect(doc.expiringCertificates.length).toBeGreaterThan(10);
      expect(doc.expiringCertificates).toEqual(truthExpiring(rows));
      expect(sortedCerts(expected.expiringCertificates)).toEqual(doc.expiringCertificates);
      for (const name of ['failingSubjects', 'failingIssuers'] as const) expect(expected.top[name]).toEqual(doc.top[name]);
      expect(doc.connections.handshakeMs.max).toBe(expected.connections.handshakeMs.max);
      for (const [q, value] of [
        [0.5, doc.connections.handshakeMs.p50],
        [0.9, doc.connections.handshakeMs.p90],
        [0.99, doc.connections.handshakeMs.p99],
      ] as const) {
        const [below, atOrBelow] = rank(value!, durations);
        expect(below).toBeLessThanOrEqual(q + 0.01);
        expect(atOrBelow).toBeGreaterThanOrEqual(q - 0.01);
      }
    });

    it(`${name}: --since/--until on the event time and the partitions, counts equal to report --file`, async () => {
      const since = T + 40 * 60_000;
      const until = T + 2 * HOUR + 5 * 60_000;
      const expected = await local('--since', new Date(since).toISOString(), '--until', new Date(until).toISOString());
      const doc = await athenaReport(run, table(name), { sinceMs: since, untilMs: until }, { distributions: [] });
      expect(doc.connections.total).toBeGreaterThan(0);
      expect(doc.connections.total).toBeLessThan(6000);
      expect(counts(doc)).toEqual(counts(expected));
      const inSpan = rows.filter((r) => Number(r.eventTimestamp) >= since && Number(r.eventTimestamp) < until);
      expect(doc.top).toEqual(truthTop(inSpan));
      expect(byCount(doc.top)).toEqual(byCount(expected.top));
      expect(doc.expiringCertificates).toEqual(truthExpiring(inSpan));
      expect(sortedCerts(expected.expiringCertificates)).toEqual(doc.expiringCertificates);
    });

    it(`${name}: --distribution narrows the top tables (exact; report --file's are lower bounds there)`, async () => {
      const expected = await local('--distribution', 'E2DX1SLDPK0123');
      const doc = await athenaReport(run, table(name), {}, { distributions: ['E2DX1SLDPK0123'] });
      expect(doc.top).toEqual(truthTop(rows.filter((r) => r.distributionId === 'E2DX1SLDPK0123')));
      // report --file's are lower bounds here: under a distribution filter a key's groups past the
      // 8 it keeps apart (folded into one) cannot be attributed (the SNI: 1,400 of 1,800), and its
      // topUndercount says by how much at most.
      expect(expected.topUndercount.snis).toBeGreaterThan(0);
      for (const n of ['clientIps', 'subjects', 'issuers', 'serials', 'snis'] as const)
        for (const entry of expected.top[n]) {
          const exact = doc.top[n].find((e) => e.key === entry.key);
          if (!exact) continue;
          expect(entry.count).toBeLessThanOrEqual(exact.count);
          expect(exact.count).toBeLessThanOrEqual(entry.count + expected.topUndercount[n]);
        }
      expect(expected.top.snis[0]!.count).toBeLessThan(doc.top.snis[0]!.count);
    });
  }
});
