/** Small pure pieces of section computation (see sections/). */
import type { CountBucket } from './count-bucket.js';
import type { ExpiringCerts } from './expiring-certs.js';
import type { DistributionRow, ExpiringCert, StatusCount } from './types.js';

/** Expiring certificates seen in the window that pass the filters, soonest first. */
export function expiringList(
  expiring: ExpiringCerts,
  nowMs: number,
  max: number,
  accept: boolean[] | null,
  needle: string,
  startMs: number,
): ExpiringCert[] {
  const out: ExpiringCert[] = [];
  const horizon = nowMs + expiring.horizonMs;
  for (const c of expiring.certs.values()) {
    if (c.notAfterMs > horizon || c.lastSeenMs < startMs) continue;
    if (accept !== null && !c.groups.some((g) => accept[g])) continue;
    if (
      needle !== '' &&
      !c.serial.toLowerCase().includes(needle) &&
      !c.subject.toLowerCase().includes(needle) &&
      !c.issuer.toLowerCase().includes(needle)
    ) {
      continue;
    }
    out.push({
      serial: c.serial,
      subject: c.subject,
      issuer: c.issuer,
      notAfterMs: c.notAfterMs,
      lastSeenMs: c.lastSeenMs,
      count: c.count,
    });
  }
  return out.sort((a, b) => a.notAfterMs - b.notAfterMs || (a.serial < b.serial ? -1 : 1)).slice(0, max);
}

/** Groups with any (text-matched) count in `points` that `accept` accepts. */
export function matchedGroups(points: CountBucket[], accept: ArrayLike<boolean> | null, size: number): boolean[] {
  const matched = new Array<boolean>(size).fill(false);
  for (const p of points) {
    for (let i = 0; i < p.size; i++) {
      const gid = p.gidAt(i);
      if (p.countAt(i) > 0 && (accept === null || accept[gid])) matched[gid] = true;
    }
  }
  return matched;
}

/** Time from the earliest bucket start to the latest bucket end (0 when none). */
export function coveredSpan(buckets: CountBucket[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const b of buckets) {
    if (b.startMs < min) min = b.startMs;
    if (b.startMs + b.widthMs > max) max = b.startMs + b.widthMs;
  }
  return max > min ? max - min : 0;
}

/** A count map as a plain record, rounded, without zero entries. */
export function roundRecord(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of map) {
    const n = Math.round(v);
    if (n > 0) out[k] = n;
  }
  return out;
}

/** Failure statuses by count, each with its count in the previous window. */
export function histogram(cur: Map<string, number>, prev: Map<string, number>): StatusCount[] {
  const out: StatusCount[] = [];
  const statuses = new Set([...cur.keys(), ...prev.keys()]);
  for (const status of statuses) {
    if (status === 'Success') continue;
    const count = Math.round(cur.get(status) ?? 0);
    const previous = Math.round(prev.get(status) ?? 0);
    if (count === 0 && previous === 0) continue;
    out.push({ status, count, previous });
  }
  return out.sort((a, b) => b.count - a.count || b.previous - a.previous || (a.status < b.status ? -1 : 1));
}

/** Stable tie-break key of a distribution row. */
export function rowSortKey(r: DistributionRow): string {
  return `${r.distributionId}\u0001${r.tenantId ?? ''}`;
}
