/**
 * The demo's cast: CloudFront distributions (some with tenants), the client
 * certificates that connect to them, and the firewall's hosts. Fixed names, seeded
 * details, so a run is reproducible and the story reads the same every time.
 */
import type { Prng } from '../../random/prng.js';

const DAY_MS = 86_400_000;

/** How the demo delivers a distribution's connection logs. */
export type DeliveryFormat = 'json' | 'w3c';

/** A CloudFront distribution of the demo. */
export interface DemoDistribution {
  distributionId: string;
  /** What it serves, for docs and tests; never written to a log. */
  role: string;
  /** Tenant ids; empty when the distribution has no tenants. */
  tenantIds: readonly string[];
  /** SNI hosts, one per tenant (or one for the distribution). */
  hosts: readonly string[];
  /** Relative share of all connection attempts. */
  share: number;
  format: DeliveryFormat;
  /** Log-normal handshake duration: median in ms and shape. */
  handshakeMedianMs: number;
  handshakeSigma: number;
  /** Client CAs, each with its share of the clients. */
  issuers: readonly (readonly [issuer: string, share: number])[];
  /** Share of TLS 1.2 clients. */
  tls12Share: number;
  /** Background TcpTimeout probability per attempt. */
  tcpTimeoutRate: number;
}

/** What is special about a client (its connections fail for a reason of their own). */
export type ClientKind = 'normal' | 'expiring' | 'expired' | 'no-cert' | 'revoked' | 'not-yet-valid';

/** One client (device, partner system) with its certificate. */
export interface DemoClient {
  kind: ClientKind;
  distributionId: string;
  tenantId: string | null;
  host: string;
  ip: string;
  tls12: boolean;
  /** Absent for `no-cert` clients. */
  cert: { serial: string; subject: string; issuer: string; notBeforeMs: number; notAfterMs: number } | null;
}

/** The distribution whose CA bundle goes bad in rollout step 2. */
export const BAD_CA_DISTRIBUTION = 'E2DX1SLDPK0123';
/** The issuer that the bad bundle no longer trusts. */
export const DROPPED_ISSUER = 'C=US, O=Example Payments, OU=Partner PKI, CN=Example Payments Partner CA G1';

/** The distributions, in a fixed order. */
export const DISTRIBUTIONS: readonly DemoDistribution[] = [
  {
    distributionId: BAD_CA_DISTRIBUTION,
    role: 'payments API',
    tenantIds: [],
    hosts: ['api.payments.example.com'],
    share: 0.28,
    format: 'json',
    handshakeMedianMs: 38,
    handshakeSigma: 0.45,
    issuers: [
      [DROPPED_ISSUER, 0.55],
      ['C=US, O=Example Payments, OU=Partner PKI, CN=Example Payments Partner CA G2', 0.45],
    ],
    tls12Share: 0.1,
    tcpTimeoutRate: 0.002,
  },
  {
    distributionId: 'E1A2B3C4D5E6F7',
    role: 'IoT ingest',
    tenantIds: [],
    hosts: ['devices.iot.example.net'],
    share: 0.22,
    format: 'json',
    handshakeMedianMs: 95,
    handshakeSigma: 0.65,
    issuers: [['C=DE, O=Example Devices GmbH, CN=Example Device Issuing CA 3', 1]],
    tls12Share: 0.35,
    tcpTimeoutRate: 0.012,
  },
  {
    distributionId: 'E3KQ9ZV7M2RPLA',
    role: 'partner gateway (multi-tenant)',
    tenantIds: ['dt_2te1Ura9X3R2iCGNjW123', 'dt_5Qm8Kp1Zr7Vx3Lc9Bn2Hw4J', 'dt_9Fy6Tg3Ds1Ae8Wq4Ur7Io2P'],
    hosts: ['acme.partners.example.com', 'globex.partners.example.com', 'initech.partners.example.com'],
    share: 0.2,
    format: 'json',
    handshakeMedianMs: 55,
    handshakeSigma: 0.5,
    issuers: [
      ['C=US, O=Acme Corp, CN=Acme Client CA', 0.4],
      ['C=GB, O=Globex Ltd, CN=Globex Issuing CA 2024', 0.35],
      ['C=US, O=Initech, CN=Initech Internal CA', 0.25],
    ],
    tls12Share: 0.2,
    tcpTimeoutRate: 0.003,
  },
  {
    distributionId: 'E27XN4W0HT5B8C',
    role: 'internal admin',
    tenantIds: [],
    hosts: ['admin.corp.example.org'],
    share: 0.08,
    format: 'json',
    handshakeMedianMs: 22,
    handshakeSigma: 0.35,
    issuers: [['C=US, O=Example Corp, OU=IT, CN=Example Corp Workforce CA', 1]],
    tls12Share: 0,
    tcpTimeoutRate: 0.001,
  },
  {
    distributionId: 'EJ8Y3F6QW1ZDSU',
    role: 'B2B EDI',
    tenantIds: [],
    hosts: ['edi.example-logistics.com'],
    share: 0.12,
    format: 'w3c',
    handshakeMedianMs: 140,
    handshakeSigma: 0.7,
    issuers: [
      ['C=NL, O=Example Logistics B.V., CN=Example Logistics EDI CA', 0.7],
      ['C=US, O=DigiCert Inc, CN=DigiCert Assured ID Client CA G2', 0.3],
    ],
    tls12Share: 0.6,
    tcpTimeoutRate: 0.004,
  },
  {
    distributionId: 'E9MC2L7VXPR4QK',
    role: 'mobile API (tenants per app)',
    tenantIds: ['dt_3Kd8Hs2Lq9Wz5Xv1Nb7Mc4R', 'dt_6Pt1Yu8Gf3Jk7Re2Sd9Lm5A'],
    hosts: ['ios.mobile.example.com', 'android.mobile.example.com'],
    share: 0.1,
    format: 'w3c',
    handshakeMedianMs: 70,
    handshakeSigma: 0.55,
    issuers: [['C=US, O=Example Mobile, CN=Example Mobile Device CA', 1]],
    tls12Share: 0.05,
    tcpTimeoutRate: 0.006,
  },
];

const CLIENTS_PER_DISTRIBUTION = 30;

// Documentation address ranges (RFC 5737, RFC 3849): nothing real is named.
function clientIp(prng: Prng): string {
  if (prng.chance(0.12)) {
    return `2001:db8:${prng.hex(2)}:${prng.hex(2)}::${prng.int(1, 0xffff).toString(16)}`;
  }
  const net = prng.pick(['192.0.2', '198.51.100', '203.0.113']);
  return `${net}.${prng.int(1, 254)}`;
}

function serialNumber(prng: Prng): string {
  const bytes: string[] = [];
  for (let i = 0; i < 9; i++) bytes.push(prng.hex(1));
  return bytes.join(':');
}

function kindFor(index: number): ClientKind {
  // A few clients per distribution carry a story of their own.
  switch (index) {
    case 0:
      return 'expired';
    case 1:
      return 'no-cert';
    case 2:
    case 3:
      return 'expiring';
    case 4:
      return 'revoked';
    case 5:
      return 'not-yet-valid';
    default:
      return 'normal';
  }
}

function validity(prng: Prng, kind: ClientKind, startMs: number): { notBeforeMs: number; notAfterMs: number } {
  const hour = 3_600_000;
  const round = (ms: number): number => Math.floor(ms / 1000) * 1000;
  switch (kind) {
    case 'expired':
      return { notBeforeMs: round(startMs - 400 * DAY_MS), notAfterMs: round(startMs - prng.int(1, 20) * DAY_MS - prng.int(0, 23) * hour) };
    case 'expiring':
      return { notBeforeMs: round(startMs - 360 * DAY_MS), notAfterMs: round(startMs + prng.int(1, 6) * DAY_MS + prng.int(1, 23) * hour) };
    case 'not-yet-valid':
      return { notBeforeMs: round(startMs + prng.int(1, 3) * DAY_MS), notAfterMs: round(startMs + 400 * DAY_MS) };
    default:
      return {
        notBeforeMs: round(startMs - prng.int(10, 300) * DAY_MS),
        notAfterMs: round(startMs + prng.int(45, 700) * DAY_MS + prng.int(0, 23) * hour),
      };
  }
}

/**
 * The client population of every distribution, drawn from `prng`. Certificate
 * validity is placed relative to `startMs` so that some expire within days.
 */
export function castClients(prng: Prng, startMs: number): Map<string, DemoClient[]> {
  const byDistribution = new Map<string, DemoClient[]>();
  for (const distribution of DISTRIBUTIONS) {
    const clients: DemoClient[] = [];
    for (let i = 0; i < CLIENTS_PER_DISTRIBUTION; i++) {
      const kind = kindFor(i);
      const tenantIndex = distribution.tenantIds.length > 0 ? i % distribution.tenantIds.length : 0;
      const tenantId = distribution.tenantIds[tenantIndex] ?? null;
      const host = distribution.hosts[tenantIndex] ?? distribution.hosts[0] ?? 'example.com';
      const issuer = prng.weighted(distribution.issuers);
      const org = host.split('.').slice(-2).join('.');
      const cert =
        kind === 'no-cert'
          ? null
          : {
              serial: serialNumber(prng),
              subject: `C=US, O=${org}, OU=clients, CN=client-${String(i + 1).padStart(3, '0')}.${org}`,
              issuer,
              ...validity(prng, kind, startMs),
            };
      clients.push({
        kind,
        distributionId: distribution.distributionId,
        tenantId,
        host,
        ip: clientIp(prng),
        tls12: prng.chance(distribution.tls12Share),
        cert,
      });
    }
    byDistribution.set(distribution.distributionId, clients);
  }
  return byDistribution;
}

/** CloudFront edge addresses the demo's connections land on. */
export const EDGE_IPS: readonly string[] = ['99.84.71.136', '99.84.71.21', '13.32.150.77', '13.32.150.102', '18.160.41.9', '143.204.88.12'];

/** Network Firewall names of the demo. */
export const FIREWALLS: readonly { name: string; zone: string }[] = [
  { name: 'egress-fw', zone: 'us-east-1a' },
  { name: 'egress-fw', zone: 'us-east-1d' },
  { name: 'inspection-fw', zone: 'us-east-1b' },
];

/** The outbound host whose certificate was revoked; the firewall drops it from story minute one. */
export const REVOKED_HOST = {
  sni: 'updates.vendor-cdn.example.com',
  fingerprint: '7f3a9c2e41b8d06f5e2a7c9b13d48e6f0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  dest: '54.92.160.72',
};
/** A host whose OCSP responder is flaky: revocation status UNKNOWN. */
export const UNKNOWN_HOST = {
  sni: 'api.flaky-ocsp.example.net',
  fingerprint: '0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eaf0',
  dest: '198.51.100.201',
};
/** SNI values that do not match the server's certificate names. */
export const MISMATCHED_SNI: readonly { sni: string; names: string }[] = [
  {
    sni: 'test.com',
    names: 'aaacertificateservices.comodoca.com/aaacertificateservices.comodoca.com/www.aaacertificateservices.comodoca.com',
  },
  { sni: 'storage.internal.example.com', names: 's3.amazonaws.com/*.s3.amazonaws.com' },
  { sni: 'legacy-api.example.org', names: 'api.example.org/www.example.org' },
];
