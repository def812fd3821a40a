/**
 * `report --engine athena` over the real SDK against moto_server's Athena on 127.0.0.1:
 * the table description for the delivery found in S3, the statements Athena receives, the
 * results read back page by page (pages cut by a proxy: moto does not page), the polling of
 * a query that queues and runs, and a failed query (made by the proxy: moto's never fail).
 * moto runs no SQL: the results are registered through its API in the order the queries run.
 * That the SQL is right is test/athena/duckdb.test.ts's part.
 */
import { AthenaClient, GetQueryExecutionCommand, ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { runReportCommand } from '../../src/cli/report-command.js';
import type { ReportDocument } from '../../src/report/report-document.js';
import { bufferIo } from '../cli/buffer-io.js';
import { startAthenaProxy, type AthenaProxy } from '../helpers/athena-proxy.js';
import { resetMoto, startMoto, TEST_CREDENTIALS, type MotoServer } from '../helpers/moto.js';
import { describeWithTool } from '../helpers/tools.js';
import { gz, json, records } from '../sources/s3/s3-logs.js';

const BUCKET = 'cf-logs';
const T = Date.parse('2026-11-20T05:00:00Z');
const SINCE = '2026-11-20T00:00:00Z';
const UNTIL = '2026-11-22T00:00:00Z';

type Cell = { VarCharValue?: string };
/** One registered result: a header row (Athena sends the labels first) and the data rows. */
function result(labels: string[], rows: Array<Array<string | null>>) {
  const row = (values: Array<string | null>) => ({ Data: values.map((v): Cell => (v === null ? {} : { VarCharValue: v })) });
  return { rows: [row(labels), ...rows.map(row)], column_info: labels.map((l) => ({ Name: l, Label: l, Type: 'varchar' })) };
}

describeWithTool('moto_server', 'report --engine athena against moto_server', () => {
  let moto: MotoServer;
  let proxy: AthenaProxy;
  let s3: S3Client;
  let athena: AthenaClient;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startAthenaProxy(moto.endpoint);
    s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true });
    athena = new AthenaClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  });

  afterAll(async () => {
    s3?.destroy();
    athena?.destroy();
    await proxy?.close();
    await moto?.stop();
  });

  beforeEach(async () => {
    await resetMoto(moto.endpoint);
    proxy.fail = null;
    proxy.resultPages = 0;
    proxy.pageSize = 1000;
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'cf/2026/11/20/05/E2DX1SLDPK0123.2026-11-20-05.a.json.gz',
        Body: gz(json(records('a', T, 10))),
      }),
    );
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await fetch(`${moto.endpoint}/moto-api/state-manager/set-transition`, {
      method: 'POST',
      body: JSON.stringify({ model_name: 'athena::execution', transition: { progression: 'immediate' } }),
    });
  });

  async function register(...results: Array<ReturnType<typeof result>>): Promise<void> {
    const response = await fetch(`${moto.endpoint}/moto-api/static/athena/query-results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ region: 'us-east-1', results }),
    });
    expect(response.status).toBe(201);
  }

  /** The statements moto recorded, oldest first. */
  async function statements(): Promise<string[]> {
    const { QueryExecutionIds = [] } = await athena.send(new ListQueryExecutionsCommand({}));
    const out: Array<{ at: number; query: string }> = [];
    for (const id of QueryExecutionIds) {
      const { QueryExecution: q } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      out.push({ at: q?.Status?.SubmissionDateTime?.getTime() ?? 0, query: q?.Query ?? '' });
    }
    return out.sort((a, b) => a.at - b.at).map((q) => q.query);
  }

  const report = async (...args: string[]) => {
    const io = bufferIo();
    const code = await runReportCommand(
      ['--s3', `s3://${BUCKET}/cf/`, '--endpoint-url', proxy.endpoint, '--region', 'us-east-1', '--engine', 'athena', ...args],
      io,
    );
    return { code, out: io.out(), err: io.err() };
  };

  it('--athena-ddl prints the table for the delivery it finds: JSON, hourly partitions projected under the date root', async () => {
    const { code, out, err } = await report('--athena-ddl');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`tlstop_cloudfront` (');
    expect(out).toContain("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'");
    expect(out).toContain(`LOCATION 's3://${BUCKET}/cf/'`);
    expect(out).toContain("'projection.dt.format' = 'yyyy/MM/dd/HH'");
    expect(out).toContain(`'storage.location.template' = 's3://${BUCKET}/cf/\${dt}/'`);
    expect(await statements()).toEqual([]);
  });

  it('runs the queries with the span on the partitions and the event time, and reads 2,100 count rows in three pages', async () => {
    const statuses = ['Success', 'Failed:ClientCertExpired'];
    const countRows: string[][] = [];
    for (let i = 0; countRows.length < 2100; i++) {
      for (const d of ['E1', 'E2']) for (const s of statuses) countRows.push([s, d, String(T + i * 300_000), String(1 + (i % 3))]);
    }
    const total = countRows.reduce((n, r) => n + Number(r[3]), 0);
    await register(
      result(['status', 'distribution', 'bin_start', 'connections'], countRows),
      result(['p50', 'p90', 'p99', 'max_ms'], [['12.0', '20.5', '33.0', '45.0']]),
      result(
        ['distribution', 'p50', 'p90', 'p99', 'max_ms'],
        [
          ['E1', '11.0', '19.0', '30.0', '40.0'],
          ['E2', '13.0', null, null, '45.0'],
        ],
      ),
      result(
        ['distribution', 'tenant', 'status', 'connections', 'first_ms', 'last_ms'],
        [
          ['E1', null, 'Success', '7', String(T), String(T + 900_000)],
          ['E1', null, 'Failed:ClientCertExpired', '2', String(T + 300_000), String(T + 600_000)],
          ['E2', 'dt-a', 'Success', '3', String(T), String(T + 60_000)],
          ['E2', null, 'Failed:ClientCertExpired', '1', String(T + 120_000), String(T + 120_000)],
        ],
      ),
      result(['distribution', 'tenant', 'p50', 'p90', 'p99', 'max_ms'], [['E2', 'dt-a', '5.0', '6.0', '7.0', '8.0']]),
      result(
        ['top_table', 'top_key', 'connections', 'failures', 'by_count', 'by_failures'],
        [
          ['clientIps', '192.0.2.10', '9', '2', '1', '1'],
          ['subjects', 'CN=b', '5', '0', '1', '2'],
          ['subjects', 'CN=a', '4', '3', '2', '1'],
          ['snis', 'api.example.com', '9', '2', '1', '1'],
          ['nonsense', 'x', '1', '0', '1', '1'],
        ],
      ),
      result(
        ['issuer', 'serial', 'subject', 'not_after_ms', 'connections'],
        [
          ['CN=CA', '0a:01', 'CN=a', String(T + 86_400_000), '4'],
          ['CN=CA', '0a:02', null, 'not a time', '1'],
        ],
      ),
    );
    // Each query queues, then runs, before it succeeds: the runner polls GetQueryExecution.
    await fetch(`${moto.endpoint}/moto-api/state-manager/set-transition`, {
      method: 'POST',
      body: JSON.stringify({ model_name: 'athena::execution', transition: { progression: 'manual', times: 2 } }),
    });
    const { code, out, err } = await report('--since', SINCE, '--until', UNTIL, '--athena-workgroup', 'primary', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as ReportDocument;
    expect(doc.connections.total).toBe(total);
    expect(doc.connections.byDistribution.E1!.handshakeMs).toEqual({ p50: 11, p90: 19, p99: 30, max: 40 });
    expect(doc.connections.handshakeMs.p99).toBe(33);
    expect(doc.computedBy).toMatchObject({ engine: 'athena', table: 'default.tlstop_cloudfront' });
    expect(doc.connections.byDistribution.E1).toMatchObject({
      firstFailure: new Date(T + 300_000).toISOString(),
      lastFailure: new Date(T + 600_000).toISOString(),
    });
    expect(doc.connections.byDistribution.E1!.tenants).toBeUndefined();
    // E2 has a tenant: its rows without one are tenant `-`, as in a local report.
    expect(doc.connections.byDistribution.E2).toMatchObject({ firstFailure: new Date(T + 120_000).toISOString() });
    expect(doc.connections.byDistribution.E2!.tenants).toEqual({
      'dt-a': {
        total: 3,
        failed: 0,
        failureRate: 0,
        byStatus: { Success: 3 },
        handshakeMs: { p50: 5, p90: 6, p99: 7, max: 8 },
        firstFailure: null,
        lastFailure: null,
      },
      '-': {
        total: 1,
        failed: 1,
        failureRate: 1,
        byStatus: { 'Failed:ClientCertExpired': 1 },
        handshakeMs: { p50: null, p90: null, p99: null, max: null },
        firstFailure: new Date(T + 120_000).toISOString(),
        lastFailure: new Date(T + 120_000).toISOString(),
      },
    });
    expect(doc.top).toEqual({
      clientIps: [{ key: '192.0.2.10', count: 9, failures: 2 }],
      subjects: [
        { key: 'CN=b', count: 5, failures: 0 },
        { key: 'CN=a', count: 4, failures: 3 },
      ],
      issuers: [],
      serials: [],
      snis: [{ key: 'api.example.com', count: 9, failures: 2 }],
      failingSubjects: [{ key: 'CN=a', count: 4, failures: 3 }],
      failingIssuers: [],
    });
    expect(doc.topUndercount).toEqual({ clientIps: 0, subjects: 0, issuers: 0, serials: 0, snis: 0 });
    expect(doc.computedBy!.topTables).toMatch(/^top tables exact/);
    expect(doc.computedBy!.notComputed).not.toContain('top');
    expect(doc.expiringCertificates).toEqual([
      { serial: '0a:01', subject: 'CN=a', issuer: 'CN=CA', notAfter: new Date(T + 86_400_000).toISOString(), count: 4 },
    ]);
    expect(doc.computedBy!.notComputed).toEqual(['changes', 'firewall', 'malformed']);
    expect(doc.computedBy!.queryExecutionIds).toHaveLength(7);
    expect(doc.computedBy!.percentiles).toMatch(/approx_percentile/);
    expect(proxy.resultPages).toBe(3 + 6); // 2,101 rows with the header: three pages; one each for the others
    const [counts, latency, , tenants, tenantLatency, top, expiring] = await statements();
    // The span is on the event time and, two hours wider (objects are filed when written), on the partitions.
    expect(counts).toContain(`eventtimestamp >= ${Date.parse(SINCE)} AND eventtimestamp < ${Date.parse(UNTIL)}`);
    expect(counts).toContain("dt >= '2026/11/19/22' AND dt <= '2026/11/22/02'");
    expect(counts).toContain('FROM "default"."tlstop_cloudfront"');
    expect(latency).toContain('approx_percentile(tlshandshakeduration, 0.99)');
    expect(tenants).toMatch(/^SELECT coalesce\(distributionid, ''\) AS distribution, CASE WHEN distributiontenantid IN \('', '-'\)/);
    expect(tenants).toContain('min(eventtimestamp) AS first_ms, max(eventtimestamp) AS last_ms');
    // Per-tenant percentiles for the distributions with tenants only, the ids quoted as literals.
    expect(tenantLatency).toContain("coalesce(distributionid, '') IN ('E2')");
    // All seven top tables in one scan, ranked and cut to the report's 20 in the statement.
    expect(top).toContain('GROUP BY GROUPING SETS ((k0), (k1), (k2), (k3), (k4))');
    expect(top).toContain('row_number() OVER (PARTITION BY top_table ORDER BY connections DESC, top_key) AS by_count');
    expect(top).toContain('WHERE by_count <= 20 OR (failures > 0 AND by_failures <= 20)');
    // NotAfter within the default 30 days of the connection, parsed with try() (an unreadable one is none).
    expect(expiring).toContain('to_unixtime(try(from_iso8601_timestamp(not_after_text)))');
    expect(expiring).toContain(`not_after_ms <= seen_ms + ${30 * 86_400_000}`);
    expect(expiring).toMatch(/LIMIT 1000$/);
  });

  it('a Network Firewall table: entries by class and revocation status × action, top SNIs and destinations', async () => {
    const prefix = 'fw/AWSLogs/123456789012/network-firewall/tls/';
    const entry = {
      firewall_name: 'fw',
      event_timestamp: T / 1000,
      event: { timestamp: new Date(T).toISOString(), tls_error: { error_message: 'x' } },
    };
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}2026/11/20/05/tls.log.gz`, Body: gz(json([entry])) }));
    await register(
      result(
        ['category', 'error_class', 'revocation_status', 'revocation_action', 'entries'],
        [
          ['tls_error', 'missing_sni', null, null, '5'],
          ['tls_error', 'sni_mismatch', null, null, '2'],
          ['revocation_check', null, 'REVOKED', 'DROP', '3'],
          ['revocation_check', null, 'GOOD', 'PASS', '1'],
          ['other', null, null, null, '4'],
        ],
      ),
      result(['top_key', 'entries'], [['api.example.com', '6']]),
      result(['top_key', 'entries'], [['10.0.1.27:443', '9']]),
    );
    const io = bufferIo();
    const code = await runReportCommand(
      ['--s3', `s3://${BUCKET}/${prefix}`, '--endpoint-url', proxy.endpoint, '--region', 'us-east-1', '--engine', 'athena'].concat([
        '--since',
        SINCE,
        '--until',
        UNTIL,
        '--json',
      ]),
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(io.out()) as ReportDocument;
    expect(doc.firewall).toEqual({
      total: 15,
      tlsErrors: 7,
      revocationChecks: 4,
      other: 4,
      byErrorClass: { missing_sni: 5, sni_mismatch: 2, other: 0 },
      revocation: { REVOKED: { DROP: 3 }, GOOD: { PASS: 1 } },
      bySni: { 'api.example.com': 6 },
      byDestination: { '10.0.1.27:443': 9 },
      undercount: { bySni: 0, byDestination: 0 },
    });
    expect(doc.computedBy).toMatchObject({ table: 'default.tlstop_firewall', notComputed: ['changes', 'malformed'] });
    const [counts, snis, destinations] = await statements();
    expect(counts).toContain("WHEN trim(coalesce(event.tls_error.error_message, '')) LIKE 'Server name is not found%' THEN 'missing_sni'");
    expect(counts).toContain(`event_timestamp * 1000 >= ${Date.parse(SINCE)}`);
    expect(snis).toMatch(/ORDER BY entries DESC, top_key LIMIT 20$/);
    expect(destinations).toContain("concat(event.dest_ip, ':', event.dest_port)");
  });

  it('--athena-create-table runs the DDL first', async () => {
    await register(result(['first_ms', 'last_ms', 'events'], [[null, null, '0']]));
    const { code, err } = await report('--athena-create-table', '--athena-database', 'logs', '--athena-table', 'mtls');
    expect(err).toBe('');
    expect(code).toBe(0);
    const [ddl, span] = await statements();
    expect(ddl).toMatch(/^CREATE EXTERNAL TABLE IF NOT EXISTS `logs`\.`mtls`/);
    expect(span).toMatch(/^SELECT min\(eventtimestamp\) AS first_ms/);
  });

  it('a failed query: its execution id, its state and the reason, escaped', async () => {
    proxy.fail = { reason: "SYNTAX_ERROR: line 1:8: Column '\u001b[31mx' cannot be resolved\nsecond line" };
    const { code, out, err } = await report('--since', SINCE, '--until', UNTIL);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /Athena query [0-9a-f-]{36} ended FAILED \(error type 1006\): SYNTAX_ERROR: line 1:8: Column '.*x' cannot be resolved second line/,
    );
    expect(err).not.toContain('\u001b');
  });

  it('refuses names that are not names and more than one --s3', async () => {
    const bad = await report('--athena-table', 'x"; DROP TABLE y; --');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--athena-table must be lowercase letters, digits and underscores/);
    const two = await report('--s3', `s3://${BUCKET}/other/`);
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/exactly one --s3/);
    expect(await statements()).toEqual([]);
  });
});
