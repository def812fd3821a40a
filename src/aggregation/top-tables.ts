/**
 * Heavy-hitter tables of one time slice: client IPs, certificate subjects, issuers,
 * serials and SNI of connections (entries split by connection group), and SNI and
 * destination (`dest_ip:dest_port`) of firewall entries (split by firewall kind).
 * See frequent-items.ts for the error bound.
 */
import type { ConnectionEvent, FirewallEvent } from '../events/types.js';
import { FrequentItems } from './frequent-items.js';
import { clampLabel } from './group-registry.js';

/** Names of the connection tables, in the order the text filter scans them. */
export const CONNECTION_TABLES = ['clientIps', 'subjects', 'issuers', 'serials', 'snis'] as const;
/** One connection table name. */
export type ConnectionTable = (typeof CONNECTION_TABLES)[number];
/** Names of the firewall tables. */
export const FIREWALL_TABLES = ['fwSnis', 'fwDestinations'] as const;
/** One firewall table name. */
export type FirewallTable = (typeof FIREWALL_TABLES)[number];
/** Any table name. */
export type TableName = ConnectionTable | FirewallTable;

/** The seven tables of one slice. */
export class TopTables {
  readonly tables: Record<TableName, FrequentItems>;
  /** Bumps on every write; lets derived per-slice results be cached safely. */
  version = 0;

  constructor(
    readonly startMs: number,
    readonly widthMs: number,
    capacity: number,
  ) {
    this.tables = {
      clientIps: new FrequentItems(capacity),
      subjects: new FrequentItems(capacity),
      issuers: new FrequentItems(capacity),
      serials: new FrequentItems(capacity),
      snis: new FrequentItems(capacity),
      fwSnis: new FrequentItems(capacity),
      fwDestinations: new FrequentItems(capacity),
    };
  }

  /** Count a connection event of group `gid` (`failed`: a failed handshake) in every table it has a value for. */
  addConnection(event: ConnectionEvent, gid: number, failed: boolean): void {
    this.version++;
    const t = this.tables;
    if (event.clientIp) t.clientIps.add(clampLabel(event.clientIp), gid, failed);
    if (event.clientLeafCertSubject) t.subjects.add(clampLabel(event.clientLeafCertSubject), gid, failed);
    if (event.clientLeafCertIssuer) t.issuers.add(clampLabel(event.clientLeafCertIssuer), gid, failed);
    if (event.clientLeafCertSerialNumber) t.serials.add(clampLabel(event.clientLeafCertSerialNumber), gid, failed);
    if (event.tlsSni) t.snis.add(clampLabel(event.tlsSni), gid, failed);
  }

  /** Count a firewall entry of kind `kind` (`failed`: a kind that counts as a failure) by SNI and destination. */
  addFirewall(event: FirewallEvent, kind: number, failed: boolean): void {
    this.version++;
    const e = event.event;
    if (typeof e.sni === 'string' && e.sni !== '') this.tables.fwSnis.add(clampLabel(e.sni), kind, failed);
    if (typeof e.dest_ip === 'string' && e.dest_ip !== '') {
      const dest = e.dest_port !== undefined ? `${e.dest_ip}:${String(e.dest_port)}` : e.dest_ip;
      this.tables.fwDestinations.add(clampLabel(dest), kind, failed);
    }
  }

  /** Add every table of `other` into this slice's tables. */
  merge(other: TopTables): void {
    this.version++;
    for (const name of [...CONNECTION_TABLES, ...FIREWALL_TABLES]) this.tables[name].merge(other.tables[name]);
  }

  /** Largest entry count over all tables (for cap tests). */
  get largestTable(): number {
    let max = 0;
    for (const t of Object.values(this.tables)) max = Math.max(max, t.size);
    return max;
  }
}
