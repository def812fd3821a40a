/**
 * Generated log files for the ingest benchmark: CloudFront connection logs (JSON and
 * W3C) and Network Firewall TLS logs, with realistic field values and cardinalities.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Prng } from '../src/random/prng.js';

const STATUSES = [
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Failed:ClientCertUntrusted',
  'Failed:ClientCertExpired',
  'Failed:TcpTimeout',
  'Failed:ClientCertMissing',
];
const DISTRIBUTIONS = Array.from(
  { length: 20 },
  (_, i) => `E2DX${(1000 + i).toString(36).toUpperCase()}SLDPK${String(i).padStart(2, '0')}`,
);

/** Deterministic random source (the project's mulberry32). */
function prng(seed: number): () => number {
  const source = new Prng(seed);
  return () => source.next();
}

/** One connection record's fields, in SPEC.md order. */
export function connectionFields(i: number, rand: () => number, startMs: number): Record<string, string | number> {
  const status = STATUSES[Math.floor(rand() * STATUSES.length)]!;
  const client = Math.floor(rand() * 5000);
  return {
    eventTimestamp: startMs + Math.floor(i / 5),
    connectionId: `c${i.toString(36)}LHiEKbQSn8lkvJfA3D4gFowK3_iZ0g4i5nMUjE1Ako==`,
    connectionStatus: status,
    clientIp: `10.${(client >> 8) & 255}.${client & 255}.${i & 255}`,
    clientPort: 1024 + (i % 60000),
    serverIp: '99.84.71.136',
    distributionId: DISTRIBUTIONS[Math.floor(rand() * DISTRIBUTIONS.length)]!,
    distributionTenantId: '-',
    tlsProtocol: 'TLSv1.3',
    tlsCipher: 'TLS_AES_128_GCM_SHA256',
    tlsHandshakeDuration: Math.round(20 + rand() * rand() * 400),
    tlsSni: 'd111111abcdef8.cloudfront.net',
    clientLeafCertSerialNumber: `00:b1:43:ed:93:d2:${(client % 256).toString(16).padStart(2, '0')}:f3:9d`,
    clientLeafCertSubject: `C=US, ST=WA, L=Seattle, O=Amazon.com, OU=CloudFront, CN=client${client}.test.mtls.net`,
    clientLeafCertIssuer: 'C=US, ST=WA, L=Seattle, O=Amazon.com, OU=CloudFront, CN=test.mtls.net',
    clientLeafCertValidity: 'NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z',
    connectionLogCustomData: '-',
  };
}

async function writeLines(path: string, count: number, header: string[], line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  for (const h of header) out.write(h + '\n');
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += line(i) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.write(chunk);
  out.end();
  await once(out, 'finish');
}

const START = Date.parse('2026-11-24T00:00:00Z');

/** Event time of the last of `count` connection records (five records a millisecond from START). */
export function lastConnectionTimeMs(count: number): number {
  return START + Math.floor((count - 1) / 5);
}

/** CloudFront connection log as JSON lines (CloudWatch Logs shape). */
export function writeConnectionJson(path: string, count: number): Promise<void> {
  const rand = prng(1);
  return writeLines(path, count, [], (i) => JSON.stringify(connectionFields(i, rand, START)));
}

/** CloudFront connection log as W3C with a #Fields header. */
export function writeConnectionW3c(path: string, count: number): Promise<void> {
  const rand = prng(2);
  const names = Object.keys(connectionFields(0, prng(0), START));
  return writeLines(path, count, ['#Version: 1.0', `#Fields: ${names.join(' ')}`], (i) =>
    Object.values(connectionFields(i, rand, START)).join('\t'),
  );
}

/** Network Firewall TLS log lines: SNI errors and revocation checks. */
export function writeFirewall(path: string, count: number): Promise<void> {
  const rand = prng(3);
  return writeLines(path, count, [], (i) => {
    const seconds = Math.floor(START / 1000) + Math.floor(i / 50);
    const base = {
      firewall_name: 'firewall-tls-test',
      availability_zone: 'us-east-1d',
      event_timestamp: seconds,
    };
    const addresses = {
      timestamp: new Date(seconds * 1000).toISOString().replace('Z', '412778Z'),
      src_ip: `10.0.2.${i & 255}`,
      src_port: String(40000 + (i % 20000)),
      dest_ip: `10.0.1.${Math.floor(rand() * 50)}`,
      dest_port: '443',
    };
    const r = rand();
    if (r < 0.5)
      return JSON.stringify({
        ...base,
        event: { ...addresses, sni: '-', tls_error: { error_message: 'Server name is not found in client hello.' } },
      });
    if (r < 0.8)
      return JSON.stringify({
        ...base,
        event: {
          ...addresses,
          sni: 'test.com',
          tls_error: { error_message: 'SNI: test.com Match Failed to server certificate names: a/b/c ' },
        },
      });
    return JSON.stringify({
      ...base,
      event: {
        ...addresses,
        sni: `host${Math.floor(rand() * 30)}.example.com`,
        revocation_check: { leaf_cert_fpr: 'b7c5a1f2', status: rand() < 0.7 ? 'REVOKED' : 'UNKNOWN', action: 'DROP' },
      },
    });
  });
}
