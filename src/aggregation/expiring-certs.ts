/**
 * Client certificates seen whose NotAfter falls within a horizon (default 30 days)
 * of the time they were seen, including already expired ones. Bounded: at most
 * `capacity` certificates, the least recently seen one is forgotten first. Each keeps
 * the (capped) set of connection groups it was seen with, so distribution, tenant and
 * status filters apply.
 */
import type { ConnectionEvent } from '../events/types.js';
import { clampLabel } from './group-registry.js';
import type { ExpiringCert } from './types.js';

const MAX_GROUPS_PER_CERT = 16;

/** One tracked certificate. */
export interface TrackedCert extends ExpiringCert {
  groups: number[];
}

/** Bounded tracker of soon-expiring certificates. */
export class ExpiringCerts {
  /** Insertion order is recency order (touched entries are re-inserted). */
  readonly certs = new Map<string, TrackedCert>();

  constructor(
    readonly horizonMs: number,
    readonly capacity = 1000,
  ) {}

  /** Note a connection event of group `gid` seen at `nowMs` (cheap when its cert is far from expiry). */
  observe(event: ConnectionEvent, gid: number, nowMs: number): void {
    const notAfter = event.clientLeafCertNotAfter;
    if (notAfter === undefined || !(notAfter <= nowMs + this.horizonMs)) return;
    const serial = clampLabel(event.clientLeafCertSerialNumber ?? '');
    const subject = clampLabel(event.clientLeafCertSubject ?? '');
    const issuer = clampLabel(event.clientLeafCertIssuer ?? '');
    const key = serial !== '' ? `${issuer}\u0001${serial}` : `${issuer}\u0001${subject}\u0001${notAfter}`;
    const seenAt = event.eventTimestamp;
    let cert = this.certs.get(key);
    if (cert === undefined) {
      if (this.certs.size >= this.capacity) {
        const oldest = this.certs.keys().next().value;
        if (oldest !== undefined) this.certs.delete(oldest);
      }
      cert = { serial, subject, issuer, notAfterMs: notAfter, lastSeenMs: seenAt, count: 0, groups: [] };
    } else {
      this.certs.delete(key);
    }
    this.certs.set(key, cert);
    cert.count++;
    if (seenAt > cert.lastSeenMs) cert.lastSeenMs = seenAt;
    if (!cert.groups.includes(gid) && cert.groups.length < MAX_GROUPS_PER_CERT) cert.groups.push(gid);
  }
}
