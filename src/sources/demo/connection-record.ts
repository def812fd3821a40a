/**
 * One CloudFront connection-log record of the demo: which client connects, whether the
 * handshake succeeds, and with which failure code, given the story's state.
 */
import { BAD_CA_DISTRIBUTION, DROPPED_ISSUER, EDGE_IPS, type DemoClient, type DemoDistribution } from './cast.js';
import type { Prng } from '../../random/prng.js';
import type { StoryState } from './story.js';

/** The fields of a connection-log record, in CloudFront's order. Absent when not logged. */
export interface ConnectionRecord {
  eventTimestamp: number;
  connectionId: string;
  connectionStatus: string;
  clientIp: string;
  clientPort: number;
  serverIp: string;
  distributionId: string;
  distributionTenantId?: string;
  tlsProtocol: string;
  tlsCipher: string;
  tlsHandshakeDuration?: number;
  tlsSni?: string;
  clientLeafCertSerialNumber?: string;
  clientLeafCertSubject?: string;
  clientLeafCertIssuer?: string;
  clientLeafCertValidity?: string;
  connectionLogCustomData?: string;
}

const TLS13_CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'] as const;
const TLS12_CIPHERS = ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'] as const;
const CONNECTION_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

// Rare background failures, per attempt, that any client can hit.
const BACKGROUND_FAILURES: readonly (readonly [string, number])[] = [
  ['TcpError', 0.0015],
  ['ConnectionFunctionDenied', 0.001],
  ['ClientCertMaxChainDepthExceeded', 0.0002],
  ['ClientCertTypeUnsupported', 0.0001],
  ['Internal', 0.0001],
  ['UnmappedConnectionError', 0.00005],
];

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Picks the failure code for one attempt, or null for success. */
function outcomeFor(prng: Prng, client: DemoClient, distribution: DemoDistribution, story: StoryState): string | null {
  switch (client.kind) {
    case 'expired':
      return 'ClientCertExpired';
    case 'no-cert':
      return 'ClientCertMissing';
    case 'revoked':
      return 'ClientCertRejected';
    case 'not-yet-valid':
      return 'ClientCertNotYetValid';
    default:
      break;
  }
  if (prng.chance(distribution.tcpTimeoutRate)) return 'TcpTimeout';
  if (
    client.distributionId === BAD_CA_DISTRIBUTION &&
    client.cert?.issuer === DROPPED_ISSUER &&
    story.untrustedShare > 0 &&
    prng.chance(story.untrustedShare)
  ) {
    return 'ClientCertUntrusted';
  }
  for (const [code, rate] of BACKGROUND_FAILURES) {
    if (prng.chance(rate)) return code;
  }
  return null;
}

function handshakeMs(prng: Prng, distribution: DemoDistribution, failure: string | null): number | undefined {
  if (failure === 'TcpTimeout' || failure === 'TcpError') return undefined; // no handshake happened
  // A rejected certificate ends the handshake early.
  const factor = failure === null ? 1 : 0.7;
  const ms = prng.logNormal(distribution.handshakeMedianMs * factor, distribution.handshakeSigma);
  return Math.max(1, Math.min(30_000, Math.round(ms)));
}

/** Builds one connection record for `client` at `timestampMs`. */
export function buildConnection(
  prng: Prng,
  client: DemoClient,
  distribution: DemoDistribution,
  story: StoryState,
  timestampMs: number,
): ConnectionRecord {
  const failure = outcomeFor(prng, client, distribution, story);
  const tls12 = client.tls12;
  const reachedTls = failure !== 'TcpTimeout' && failure !== 'TcpError';
  const cert = reachedTls ? client.cert : null;
  // Key order is CloudFront's; undefined keys are left out of the JSON and written as `-` in W3C.
  const record: ConnectionRecord = {
    eventTimestamp: timestampMs,
    connectionId: prng.chars(54, CONNECTION_ID_ALPHABET) + '==',
    connectionStatus: failure === null ? 'Success' : `Failed:${failure}`,
    clientIp: client.ip,
    clientPort: prng.int(1024, 65535),
    serverIp: prng.pick(EDGE_IPS),
    distributionId: client.distributionId,
    distributionTenantId: client.tenantId ?? undefined,
    tlsProtocol: tls12 ? 'TLSv1.2' : 'TLSv1.3',
    tlsCipher: tls12 ? prng.pick(TLS12_CIPHERS) : prng.pick(TLS13_CIPHERS),
    tlsHandshakeDuration: handshakeMs(prng, distribution, failure),
    tlsSni: reachedTls ? client.host : undefined,
    clientLeafCertSerialNumber: cert?.serial,
    clientLeafCertSubject: cert?.subject,
    clientLeafCertIssuer: cert?.issuer,
    clientLeafCertValidity: cert ? `NotBefore=${isoSeconds(cert.notBeforeMs)};NotAfter=${isoSeconds(cert.notAfterMs)}` : undefined,
    connectionLogCustomData: failure === 'ClientCertRejected' && cert ? `REVOKED:${cert.serial}` : undefined,
  };
  return record;
}
