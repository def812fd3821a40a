import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/aggregation/index.js';
import { main } from '../../src/cli/main.js';
import { createIngestSink } from '../../src/pipeline/ingest-sink.js';
import { documentFromSnapshot } from '../../src/report/report-document.js';
import { formatReportText } from '../../src/report/report-text.js';
import { bufferIo } from './buffer-io.js';

const T0 = Date.parse('2026-11-24T05:00:00Z');
let dir: string;

function connection(i: number, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    eventTimestamp: T0 + i * 1000,
    connectionId: `conn-${i}`,
    connectionStatus: 'Success',
    clientIp: `192.0.2.${i % 200}`,
    clientPort: 40000 + i,
    serverIp: '99.84.71.136',
    distributionId: 'E2DX1SLDPK0123',
    tlsProtocol: 'TLSv1.3',
    tlsCipher: 'TLS_AES_128_GCM_SHA256',
    tlsHandshakeDuration: 100,
    tlsSni: 'd111111abcdef8.cloudfront.net',
    clientLeafCertSubject: 'C=US, O=Example, CN=client.test.mtls.net',
    clientLeafCertIssuer: 'C=US, O=Example, CN=test.mtls.net',
    clientLeafCertSerialNumber: '00:b1:43',
    clientLeafCertValidity: 'NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z',
    ...fields,
  });
}

const FIREWALL_SNI_MISSING =
  '{"firewall_name":"firewall-tls-test","availability_zone":"us-east-1d","event_timestamp":1719943304,"event":{"timestamp":"2024-07-02T18:01:44.412778Z","src_ip":"10.0.2.53","src_port":"59844","dest_ip":"10.0.1.27","dest_port":"443","sni":"-","tls_error":{"error_message":"Server name is not found in client hello."}}}';
const FIREWALL_REVOKED =
  '{"firewall_name":"firewall-tls-test","availability_zone":"us-east-1d","event_timestamp":"1719943305","event":{"timestamp":"2024-07-02T18:01:45.000001Z","src_ip":"10.0.2.53","src_port":"59845","dest_ip":"10.0.1.28","dest_port":"443","sni":"revoked.example.com","revocation_check":{"leaf_cert_fpr":"abc","status":"REVOKED","action":"DROP"}}}';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-report-'));
  await mkdir(join(dir, 'cf'));
  // 10 records on distribution A: 7 success (100 ms), 3 Failed:ClientCertUntrusted (300 ms).
  const a = Array.from({ length: 10 }, (_, i) =>
    i < 7 ? connection(i) : connection(i, { connectionStatus: 'Failed:ClientCertUntrusted', tlsHandshakeDuration: 300 }),
  );
  // Hostile SNI and a malformed line and an unknown future failure code.
  a.push(
    connection(10, {
      tlsSni: '\u001b]0;pwned\u0007\u001b[2J.example.com',
      connectionStatus: 'Failed:SomeFutureCode',
      distributionId: 'EHOSTILE',
    }),
  );
  a.push('{"eventTimestamp": 17316200');
  await writeFile(join(dir, 'cf', 'a.jsonl'), a.join('\n') + '\n');
  // Same format gzip-compressed, distribution B with two tenants.
  const b = [
    connection(20, { distributionId: 'EB', distributionTenantId: 'dt_one', tlsHandshakeDuration: 50 }),
    connection(21, {
      distributionId: 'EB',
      distributionTenantId: 'dt_two',
      tlsHandshakeDuration: 500,
      connectionStatus: 'Failed:ClientCertExpired',
    }),
  ];
  await writeFile(join(dir, 'cf', 'b.jsonl.gz'), gzipSync(b.join('\n') + '\n'));
  await writeFile(join(dir, 'firewall.log'), [FIREWALL_SNI_MISSING, FIREWALL_REVOKED].join('\n') + '\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tlstop report', () => {
  it('gives the same document whatever the number of parse threads', async () => {
    const documents: string[] = [];
    for (const threads of ['0', '1', '3']) {
      const io = bufferIo();
      const args = ['report', '--file', join(dir, 'cf'), '--file', join(dir, 'firewall.log'), '--json', '--parse-threads', threads];
      expect(await main(args, io)).toBe(0);
      expect(io.err()).toBe('');
      documents.push(io.out());
    }
    // generatedAt is the clock's; everything else is the data's.
    const same = documents.map((d) => JSON.stringify({ ...JSON.parse(d), generatedAt: null }));
    expect(same[1]).toBe(same[0]);
    expect(same[2]).toBe(same[0]);
  });

  it('refuses a --parse-threads that is not a small whole number', async () => {
    for (const bad of ['-1', '1.5', 'many', '65']) {
      const io = bufferIo();
      expect(await main(['report', '--file', join(dir, 'cf'), `--parse-threads=${bad}`], io)).toBe(2);
      expect(io.err()).toContain('--parse-threads must be a whole number from 0 to 64');
    }
  });

  it('prints the JSON document with the documented keys and exact counts', async () => {
    const io = bufferIo();
    const code = await main(['report', '--file', join(dir, 'cf'), '--file', join(dir, 'firewall.log'), '--json'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.connections.total).toBe(13);
    expect(doc.connections.success).toBe(8);
    expect(doc.connections.failed).toBe(5);
    expect(doc.connections.byStatus).toEqual({
      Success: 8,
      'Failed:ClientCertUntrusted': 3,
      'Failed:SomeFutureCode': 1,
      'Failed:ClientCertExpired': 1,
    });
    const a = doc.connections.byDistribution.E2DX1SLDPK0123;
    expect(a.total).toBe(10);
    expect(a.failed).toBe(3);
    expect(a.byStatus).toEqual({ Success: 7, 'Failed:ClientCertUntrusted': 3 });
    expect(a.handshakeMs.p50).toBeCloseTo(100, -0.5);
    expect(a.handshakeMs.max).toBeCloseTo(300, -1);
    const b = doc.connections.byDistribution.EB;
    expect(b.total).toBe(2);
    expect(b.failed).toBe(1);
    expect(b.handshakeMs.max).toBeCloseTo(500, -1);
    expect(Object.keys(b.tenants).sort()).toEqual(['dt_one', 'dt_two']);
    expect(doc.connections.handshakeMs.p99).toBeGreaterThan(0);
    expect(doc.firewall.total).toBe(2);
    expect(doc.firewall.tlsErrors).toBe(1);
    expect(doc.firewall.revocation).toEqual({ REVOKED: { DROP: 1 } });
    expect(doc.firewall.bySni).toMatchObject({ 'revoked.example.com': 1 });
    expect(doc.malformed.total).toBe(1);
    expect(Object.values(doc.malformed.byReason)).toEqual([1]);
    // Hostile text is kept as data (escaped by JSON), never as raw control bytes.
    expect(io.out()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('narrows connections to --distribution but keeps firewall figures', async () => {
    const io = bufferIo();
    const code = await main(['report', '-f', join(dir, 'cf'), '-f', join(dir, 'firewall.log'), '--json', '--distribution', 'EB'], io);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.connections.total).toBe(2);
    expect(Object.keys(doc.connections.byDistribution)).toEqual(['EB']);
    expect(doc.firewall.total).toBe(2);
  });

  it('applies --since and --until by event time', async () => {
    const io = bufferIo();
    const since = new Date(T0 + 5000).toISOString();
    const until = new Date(T0 + 8000).toISOString();
    const code = await main(['report', '-f', join(dir, 'cf', 'a.jsonl'), '--json', '--since', since, '--until', until], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.out()).connections.total).toBe(3);
  });

  it('says in JSON how many events --since and --until left out, and the span of their times', async () => {
    const io = bufferIo();
    const since = new Date(T0 + 5000).toISOString();
    const until = new Date(T0 + 8000).toISOString();
    const code = await main(['report', '-f', join(dir, 'cf', 'a.jsonl'), '--json', '--since', since, '--until', until], io);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.connections.total).toBe(3);
    // a.jsonl: events at T0 + 0..10 s; 5 before T0+5s, 3 at or after T0+8s.
    expect(doc.excluded).toEqual({
      beforeSince: { total: 5, oldest: new Date(T0).toISOString(), newest: new Date(T0 + 4000).toISOString() },
      atOrAfterUntil: { total: 3, oldest: new Date(T0 + 8000).toISOString(), newest: new Date(T0 + 10_000).toISOString() },
    });
    // report keeps the whole span: nothing is too old for it.
    expect(doc.late).toEqual({ total: 0, oldest: null, newest: null, historyHours: null });
    expect(doc.connections.total + doc.excluded.beforeSince.total + doc.excluded.atOrAfterUntil.total).toBe(11);
  });

  it('says in text how many events --since and --until left out, with their span', async () => {
    const io = bufferIo();
    const since = new Date(T0 + 5000).toISOString();
    const until = new Date(T0 + 8000).toISOString();
    expect(await main(['report', '-f', join(dir, 'cf', 'a.jsonl'), '--since', since, '--until', until], io)).toBe(0);
    const lines = io.out().split('\n');
    expect(lines).toContain(`Left out: 5 events (2026-11-24T05:00:00.000Z to 2026-11-24T05:00:04.000Z) before --since ${since}`);
    expect(lines).toContain(`Left out: 3 events (2026-11-24T05:00:08.000Z to 2026-11-24T05:00:10.000Z) at or after --until ${until}`);
    expect(io.out()).toContain('Connections  total 3');
    // Without --since/--until nothing is left out, and no such line is printed.
    const all = bufferIo();
    expect(await main(['report', '-f', join(dir, 'cf', 'a.jsonl')], all)).toBe(0);
    expect(all.out()).not.toContain('Left out');
  });

  it('reads events far older than the monitor history: all counted, none late', async () => {
    const old = join(dir, 'old.jsonl');
    const days = 30 * 86_400_000;
    await writeFile(old, Array.from({ length: 4 }, (_, i) => connection(i, { eventTimestamp: T0 - days + i * 1000 })).join('\n') + '\n');
    const io = bufferIo();
    expect(await main(['report', '-f', old, '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.connections.total).toBe(4);
    expect(doc.late.total).toBe(0);
    expect(doc.excluded.beforeSince.total + doc.excluded.atOrAfterUntil.total).toBe(0);
  });

  it('a document of the live view (export) says how many events were too old for the 2 h history, JSON and text', () => {
    const now = Date.parse('2026-11-24T09:30:00Z');
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const sink = createIngestSink(store);
    const oldest = Date.parse('2026-11-20T05:00:00Z');
    const newest = Date.parse('2026-11-20T07:13:00Z');
    sink.lines({
      origin: 'old.log',
      lines: [
        connection(0, { eventTimestamp: oldest }),
        connection(1, { eventTimestamp: newest }),
        connection(2, { eventTimestamp: now - 60_000 }),
      ],
    });
    const doc = documentFromSnapshot(store.select());
    expect(doc.connections.total).toBe(1);
    expect(doc.late).toEqual({ total: 2, oldest: '2026-11-20T05:00:00.000Z', newest: '2026-11-20T07:13:00.000Z', historyHours: 2 });
    expect(formatReportText(doc, { inputs: 'old.log' }).split('\n')).toContain(
      'Left out: 2 events (2026-11-20T05:00:00.000Z to 2026-11-20T07:13:00.000Z) older than the 2 h history when they arrived',
    );
  });

  it('prints readable tables with no control character from a log', async () => {
    const io = bufferIo();
    const code = await main(['report', '-f', join(dir, 'cf'), '-f', join(dir, 'firewall.log')], io);
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain('Connections  total 13  success 8  failed 5');
    expect(out).toContain('Failed:ClientCertUntrusted');
    expect(out).toContain('Revocation checks');
    expect(out).toContain('Malformed lines skipped: 1');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('exits 2 with a clear message for a bad option or an unreadable path', async () => {
    let io = bufferIo();
    expect(await main(['report', '--bogus'], io)).toBe(2);
    expect(io.err()).toMatch(/Unknown option '--bogus'/);
    io = bufferIo();
    expect(await main(['report'], io)).toBe(2);
    expect(io.err()).toMatch(/name at least one source/);
    io = bufferIo();
    expect(await main(['report', '-f', join(dir, 'does-not-exist.log'), '-f', join(dir, 'firewall.log')], io)).toBe(2);
    expect(io.err()).toMatch(/does-not-exist\.log/);
    expect(io.out()).toContain('Firewall  total 2');
  });
  it('says how far below the truth a top table may be: 0 while exact, and in JSON and text once it pruned', async () => {
    // 3,000 records in one 10 s slice, each from its own client IP: far more than the 256 keys a table keeps.
    const lines = Array.from({ length: 3_000 }, (_, i) =>
      JSON.stringify({
        ...JSON.parse(connection(0)),
        eventTimestamp: T0 + i,
        connectionId: `u-${i}`,
        clientIp: `198.18.${i >> 8}.${i & 255}`,
      }),
    );
    const file = join(dir, 'unique-ips.jsonl');
    await writeFile(file, lines.join('\n') + '\n');
    const json = bufferIo();
    expect(await main(['report', '-f', file, '--json'], json)).toBe(0);
    const doc = JSON.parse(json.out());
    expect(doc.topUndercount.clientIps).toBeGreaterThan(0);
    expect(doc.topUndercount.clientIps).toBeLessThanOrEqual(Math.ceil((2 * 3_000) / 256));
    // One subject, issuer and SNI: exact.
    expect(doc.topUndercount).toMatchObject({ subjects: 0, issuers: 0, snis: 0 });
    const text = bufferIo();
    expect(await main(['report', '-f', file], text)).toBe(0);
    expect(text.out()).toContain(`Top client IPs (counts may be up to ${doc.topUndercount.clientIps} below the truth`);
    expect(text.out()).not.toContain('Top SNI (connections) (counts may be');
  });
  it('says how far below the truth the firewall SNI table may be once it pruned (many distinct SNIs)', async () => {
    const entry = JSON.parse(FIREWALL_SNI_MISSING) as { event: Record<string, unknown> };
    const lines = Array.from({ length: 2_000 }, (_, i) =>
      JSON.stringify({ ...entry, event: { ...entry.event, sni: `host-${i}.example.com` } }),
    );
    const file = join(dir, 'many-snis.log');
    await writeFile(file, lines.join('\n') + '\n');
    const io = bufferIo();
    expect(await main(['report', '-f', file, '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.firewall.undercount.bySni).toBeGreaterThan(0);
    expect(doc.firewall.undercount.byDestination).toBe(0);
    const text = bufferIo();
    expect(await main(['report', '-f', file], text)).toBe(0);
    expect(text.out()).toContain(`Firewall SNI (counts may be up to ${doc.firewall.undercount.bySni} below the truth`);
  });
});
