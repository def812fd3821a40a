/**
 * Generated traffic for the change-detector tests, reproducible from a seed (the
 * project's Prng): connection events with certificate, TLS and address attributes, and
 * per-second counts for the statistical tests that need hours of traffic.
 */
import type { ConnectionEvent, FirewallEvent } from '../../../src/events/types.js';
import type { ConnectionCounts } from '../../../src/aggregation/changes/types.js';
import { Prng } from '../../../src/random/prng.js';

/** Start of every generated stream: 2026-11-20T06:00:00Z. */
export const T0 = Date.UTC(2026, 10, 20, 6, 0, 0);

/** Issuers of the generated client certificates, with their share of handshakes. */
export const ISSUERS: readonly (readonly [string, number])[] = [
  ['CN=Example Issuing CA 1', 0.6],
  ['CN=Example Issuing CA 2', 0.37],
  ['CN=Partner CA G1', 0.03],
];

/** Background failure codes and their share of failures. */
export const BACKGROUND_CODES: readonly (readonly [string, number])[] = [
  ['ClientCertExpired', 0.4],
  ['TcpTimeout', 0.35],
  ['ClientCertMissing', 0.25],
];

/** Poisson draw (Knuth for small means, normal approximation above 50). */
export function poisson(prng: Prng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * prng.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = prng.next();
  while (p > limit) {
    k++;
    p *= prng.next();
  }
  return k;
}

/** Binomial draw (exact for small n, normal approximation for large n * p). */
export function binomial(prng: Prng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n > 200 && n * p > 20 && n * (1 - p) > 20) {
    const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * prng.normal());
    return Math.min(n, Math.max(0, k));
  }
  let k = 0;
  for (let i = 0; i < n; i++) if (prng.next() < p) k++;
  return k;
}

/** One generated handshake of distribution `distributionId` at `timeMs`. */
export function handshake(
  prng: Prng,
  timeMs: number,
  distributionId: string,
  status: string,
  overrides: Partial<ConnectionEvent> = {},
): ConnectionEvent {
  const failed = status !== 'Success';
  const client = prng.int(1, 5000);
  return {
    kind: 'connection',
    eventTimestamp: timeMs,
    connectionStatus: status,
    outcome: failed ? 'failed' : 'success',
    failureCode: failed ? status.slice('Failed:'.length) : null,
    distributionId,
    clientIp: `198.51.${client % 200}.${client % 250}`,
    serverIp: prng.pick(['99.84.71.136', '99.84.71.21', '13.32.150.77']),
    tlsProtocol: prng.chance(0.9) ? 'TLSv1.3' : 'TLSv1.2',
    tlsCipher: prng.chance(0.8) ? 'TLS_AES_128_GCM_SHA256' : 'TLS_AES_256_GCM_SHA384',
    tlsSni: `${distributionId.toLowerCase()}.example.com`,
    tlsHandshakeDuration: Math.round(prng.logNormal(40, 0.3)),
    clientLeafCertIssuer: prng.weighted(ISSUERS),
    clientLeafCertSubject: `CN=client-${client}.example.com`,
    clientLeafCertSerialNumber: client.toString(16).padStart(6, '0'),
    clientLeafCertNotBefore: T0 - 30 * 86_400_000,
    clientLeafCertNotAfter: T0 + 365 * 86_400_000,
    ...overrides,
  };
}

/** A steady distribution for {@link connectionStream}. */
export interface StreamDistribution {
  id: string;
  /** Handshakes per second (mean of a Poisson draw). */
  rate: number;
  /** Background failure probability. */
  failureRate: number;
}

/** An incident: from `fromSec` (inclusive) to `toSec` (exclusive), seconds since T0. */
export interface Incident {
  distributionId: string;
  fromSec: number;
  toSec: number;
  /** Probability that a handshake fails with `code` during the incident. */
  failureRate: number;
  code: string;
  /** Attributes of the failing handshakes (e.g. the dropped issuer). */
  failing?: Partial<ConnectionEvent>;
  /** Extra handshakes per second during the incident, all of them failing with `code`. */
  extraRate?: number;
}

/** Events of `seconds` seconds of traffic, in time order within each second (shuffled by up to `jitterMs`). */
export function connectionStream(
  seed: number,
  seconds: number,
  distributions: readonly StreamDistribution[],
  incidents: readonly Incident[] = [],
  jitterMs = 0,
): ConnectionEvent[] {
  const prng = new Prng(seed);
  const out: ConnectionEvent[] = [];
  for (let s = 0; s < seconds; s++) {
    for (const d of distributions) {
      const incident = incidents.find((i) => i.distributionId === d.id && s >= i.fromSec && s < i.toSec);
      const n = poisson(prng, d.rate);
      for (let i = 0; i < n; i++) {
        const t = T0 + s * 1000 + prng.int(0, 999);
        if (incident && prng.chance(incident.failureRate)) {
          out.push(handshake(prng, t, d.id, `Failed:${incident.code}`, incident.failing));
        } else if (prng.chance(d.failureRate)) {
          out.push(handshake(prng, t, d.id, `Failed:${prng.weighted(BACKGROUND_CODES)}`));
        } else {
          out.push(handshake(prng, t, d.id, 'Success'));
        }
      }
      if (incident?.extraRate) {
        const extra = poisson(prng, incident.extraRate);
        for (let i = 0; i < extra; i++) {
          out.push(handshake(prng, T0 + s * 1000 + prng.int(0, 999), d.id, `Failed:${incident.code}`, incident.failing));
        }
      }
    }
  }
  out.sort((a, b) => a.eventTimestamp - b.eventTimestamp);
  if (jitterMs > 0) {
    // Arrival order: each event delayed by up to jitterMs (so arrivals are out of event-time order).
    const arrival = out.map((e) => ({ e, at: e.eventTimestamp + prng.int(0, jitterMs) }));
    arrival.sort((a, b) => a.at - b.at);
    return arrival.map((a) => a.e);
  }
  return out;
}

/** A firewall entry of the given category at `timeMs`. */
export function firewallEntry(
  prng: Prng,
  timeMs: number,
  kind:
    | { tlsErrorClass: 'missing_sni' | 'sni_mismatch' | 'other'; sni?: string }
    | { status: string; action: string; sni: string; dest?: string },
): FirewallEvent {
  const base = {
    kind: 'firewall' as const,
    timestampMs: timeMs,
    firewall_name: prng.pick(['egress-fw', 'inspection-fw']),
    availability_zone: prng.pick(['us-east-1a', 'us-east-1d']),
  };
  const addresses = { src_ip: `10.0.${prng.int(0, 3)}.${prng.int(2, 250)}`, src_port: String(prng.int(1024, 65535)) };
  if ('tlsErrorClass' in kind) {
    return {
      ...base,
      category: 'tls_error',
      tlsErrorClass: kind.tlsErrorClass,
      event: { ...addresses, dest_ip: '10.0.1.27', dest_port: '443', sni: kind.sni ?? '-', tls_error: { error_message: 'x' } },
    };
  }
  return {
    ...base,
    category: 'revocation_check',
    event: {
      ...addresses,
      dest_ip: kind.dest ?? '54.92.160.72',
      dest_port: '443',
      sni: kind.sni,
      revocation_check: { status: kind.status, action: kind.action, leaf_cert_fpr: 'ab' },
    },
  };
}

/** A steady source of per-second counts for the statistical tests. */
export interface CountProfile {
  id: string;
  /** Handshakes in second s (may use the prng: bursts, quiet seconds). */
  handshakes: (prng: Prng, s: number) => number;
  /** Failure probability per handshake, by code. */
  codes: Readonly<Record<string, number>>;
  /** Handshake durations: log-normal median and sigma; durations are drawn for at most `maxDurations` handshakes a second. */
  latency?: { median: number; sigma: number; maxDurations: number };
}

/** The counts of one second of `profile` (failures by code drawn per handshake). */
export function countsAt(prng: Prng, profile: CountProfile, s: number, overrides?: Partial<CountProfile>): ConnectionCounts {
  const p = { ...profile, ...overrides };
  const n = Math.max(0, Math.round(p.handshakes(prng, s)));
  const failures: Record<string, number> = {};
  let left = n;
  for (const [code, rate] of Object.entries(p.codes)) {
    const k = Math.min(left, binomial(prng, n, rate));
    if (k > 0) failures[code] = k;
    left -= k;
  }
  const durations: number[] = [];
  if (p.latency) {
    for (let i = 0; i < Math.min(n, p.latency.maxDurations); i++) durations.push(prng.logNormal(p.latency.median, p.latency.sigma));
  }
  return { timeMs: T0 + s * 1000 + 500, distributionId: p.id, handshakes: n, failures, durations };
}
