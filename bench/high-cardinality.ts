/**
 * The issue-14 memory workload: CloudFront connection-log JSON lines from 2,000
 * distributions x 4 tenants each, a new client IP and certificate serial on every line,
 * a subject per device (100,000 devices), 4 issuers, 3 validity texts, one SNI per
 * distribution, about 10 % failures over three codes, handshakes of 5-300 ms.
 * `highCardinalityLine` is self-contained (no outer references) so a writer process can
 * be given its source text.
 */
export function highCardinalityLine(i: number, t: number): string {
  const statuses = ['Failed:ClientCertUntrusted', 'Failed:TcpTimeout', 'Failed:ClientCertExpired'];
  const d = i % 2000;
  const dist = 'E' + String(d).padStart(13, '0');
  const validity = [
    'NotBefore=2025-06-05T23:28:21Z;NotAfter=2027-06-05T23:28:21Z',
    'NotBefore=2026-01-01T00:00:00Z;NotAfter=2027-01-01T00:00:00Z',
    'NotBefore=2024-03-01T00:00:00Z;NotAfter=2028-03-01T00:00:00Z',
  ];
  return (
    JSON.stringify({
      eventTimestamp: t,
      connectionId: 'c' + i.toString(36),
      connectionStatus: i % 10 === 9 ? statuses[((i / 10) % 3) | 0] : 'Success',
      clientIp: (i >>> 24) + 11 + '.' + ((i >>> 16) & 255) + '.' + ((i >>> 8) & 255) + '.' + (i & 255),
      clientPort: 1024 + (i % 60000),
      serverIp: '99.84.71.136',
      distributionId: dist,
      distributionTenantId: 'dt_' + dist + '_' + (Math.floor(i / 2000) % 4),
      tlsProtocol: 'TLSv1.3',
      tlsCipher: 'TLS_AES_128_GCM_SHA256',
      tlsHandshakeDuration: 5 + ((i * 7919) % 2951) / 10,
      tlsSni: 'api-' + d + '.example.com',
      clientLeafCertSubject: 'C=US, O=Example, CN=device-' + (i % 100000) + '.fleet.example.com',
      clientLeafCertIssuer: 'C=US, O=Example, CN=Fleet CA ' + (i % 4),
      clientLeafCertSerialNumber: (0x1000000 + i).toString(16).replace(/(..)(?=.)/g, '$1:'),
      clientLeafCertValidity: validity[i % 3],
    }) + '\n'
  );
}
