/**
 * That the Athena statements over a Network Firewall TLS table are right: DuckDB runs them
 * over gzip JSON entries (TLS errors of each class, revocation checks of each status × action,
 * alert entries, and a revocation check without its action, which the parser skips) and gives
 * the firewall section `report --file` gives of the same files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { athenaReport, type AthenaTable } from '../../src/athena/index.js';
import { runReportCommand } from '../../src/cli/report-command.js';
import type { ReportDocument } from '../../src/report/report-document.js';
import { bufferIo } from '../cli/buffer-io.js';
import { gz, json } from '../sources/s3/s3-logs.js';
import { duckRunner, loadDuckDb, openDuckDb } from './duckdb-oracle.js';

const T = Date.parse('2026-11-20T05:00:00Z');
const MESSAGES = [
  'Server name is not found in client hello.',
  'SNI: test.com Match Failed to server certificate names: a.example.com ',
  'certificate verify failed',
];

/** 600 entries over two hours, one every 12 s. */
function entries(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 600; i++) {
    const ms = T + i * 12_000;
    const event: Record<string, unknown> = {
      timestamp: new Date(ms).toISOString(),
      src_ip: '10.0.2.53',
      src_port: String(40000 + i),
      dest_ip: `10.0.1.${i % 25}`,
      dest_port: i % 7 === 0 ? '444' : '443',
      sni: i % 9 === 0 ? '-' : `svc-${i % 30}.example.com`,
    };
    if (i % 4 === 0) event.tls_error = { error_message: MESSAGES[i % 3] };
    else if (i % 4 === 1)
      event.revocation_check = {
        leaf_cert_fpr: 'ABC',
        status: ['GOOD', 'REVOKED', 'UNKNOWN'][i % 3],
        ...(i % 13 === 1 ? {} : { action: i % 2 ? 'DROP' : 'PASS' }),
      };
    else if (i % 4 === 2) Object.assign(event, { event_type: 'alert', alert: { action: 'blocked' } });
    out.push({ firewall_name: 'fw', availability_zone: 'us-east-1a', event_timestamp: Math.floor(ms / 1000), event });
  }
  return out;
}

const hourPath = (ms: number) => new Date(ms).toISOString().slice(0, 13).replace(/-/g, '/').replace('T', '/');

const duck = await loadDuckDb();
if ('reason' in duck) console.warn(`SKIP: ${duck.reason}`);
const describeWithDuckDb = 'reason' in duck ? describe.skip : describe;

describeWithDuckDb(`the Athena firewall statements run by DuckDB${'reason' in duck ? ` [skipped: ${duck.reason}]` : ''}`, () => {
  let dir: string;
  let run: ReturnType<typeof duckRunner>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tlstop-athena-fw-'));
    const rows = entries();
    for (let h = 0; h < 2; h++) {
      const path = join(dir, 'fw', hourPath(T + h * 3_600_000), `tls${h}.log.gz`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, gz(json(rows.slice(h * 300, (h + 1) * 300))));
    }
    const connection = await openDuckDb((duck as { module: Parameters<typeof openDuckDb>[0] }).module);
    const event =
      'STRUCT("timestamp" VARCHAR, src_ip VARCHAR, src_port VARCHAR, dest_ip VARCHAR, dest_port VARCHAR, sni VARCHAR, ' +
      'tls_error STRUCT(error_message VARCHAR), revocation_check STRUCT(leaf_cert_fpr VARCHAR, status VARCHAR, "action" VARCHAR))';
    await connection.run('CREATE SCHEMA tlstop_test');
    await connection.run(
      `CREATE VIEW tlstop_test.fw AS SELECT *, regexp_extract(filename, '(\\d{4}/\\d{2}/\\d{2}/\\d{2})/[^/]*$', 1) AS dt ` +
        `FROM read_json('${join(dir, 'fw')}/**/*.log.gz', format = 'newline_delimited', filename = true, ` +
        `columns = {'firewall_name': 'VARCHAR', 'availability_zone': 'VARCHAR', 'event_timestamp': 'BIGINT', 'event': '${event}'})`,
    );
    run = duckRunner(connection);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const table: AthenaTable = {
    database: 'tlstop_test',
    table: 'fw',
    kind: 'firewall',
    storage: 'json',
    bucket: 'unused',
    prefix: 'fw/',
    dates: { hive: false, hourly: true },
  };

  it('gives the firewall section report --file gives: classes, revocation status × action, SNIs and destinations', async () => {
    const io = bufferIo();
    const code = await runReportCommand(['--file', join(dir, 'fw'), '--json'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const expected = JSON.parse(io.out()) as ReportDocument;
    const doc = await athenaReport(run, table, {}, { distributions: [] });
    expect(expected.firewall.undercount).toEqual({ bySni: 0, byDestination: 0 });
    expect(doc.firewall.total).toBeGreaterThan(500);
    expect(doc.firewall.byErrorClass.sni_mismatch).toBeGreaterThan(0);
    expect(Object.keys(doc.firewall.revocation).sort()).toEqual(['GOOD', 'REVOKED', 'UNKNOWN']);
    expect(doc.firewall).toEqual(expected.firewall);
    expect(doc.connections.total).toBe(0);
    expect(doc.computedBy!.notComputed).toEqual(['changes', 'malformed']);
  });
});
