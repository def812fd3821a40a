/**
 * The `tlstop report --json` document, built from a whole-span aggregator's snapshot.
 * Keys required by the issue: connections.{total,success,failed,byStatus,byDistribution,
 * handshakeMs}, firewall.{total,tlsErrors,revocation,bySni}, malformed.{total,byReason},
 * and what changed: changes, firewallChanges, changesNotAnalysed (report-changes.ts).
 */
import {
  EMPTY_FILTER,
  type DroppedEvents,
  type Percentiles,
  type Snapshot,
  type TopEntry,
  type TopUndercount,
  type ViewQuery,
  type ViewSource,
} from '../aggregation/types.js';
import { NO_CHANGES, snapshotOf } from '../aggregation/view-snapshot.js';
import { displayName, type DistributionName } from '../events/distribution-name.js';
import { reportChanges, type ReportChanges } from './report-changes.js';

/** p50/p90/p99/max, null when there was no sample. */
export interface HandshakeSummary {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface DistributionReport {
  total: number;
  failed: number;
  failureRate: number;
  byStatus: Record<string, number>;
  handshakeMs: HandshakeSummary;
  firstFailure: string | null;
  lastFailure: string | null;
  /** Present when the records carry tenant ids: the same figures per tenant. */
  tenants?: Record<string, Omit<DistributionReport, 'tenants' | 'name'>>;
  /** With `--resolve-names`: the name people know it by (its first alias, else its comment), raw. */
  name?: string;
}

/** Events in no figure of the document: how many, and the oldest and newest event time among them. */
export interface LeftOut {
  total: number;
  oldest: string | null;
  newest: string | null;
}

/**
 * Present when the figures were computed by a query engine over the logs where they are
 * stored (`report --engine athena`), not from events read here: which engine, how, and
 * which parts of the document it does not fill (they are empty, not zero).
 */
export interface ComputedBy {
  engine: 'athena';
  /** `database.table` the queries ran over. */
  table: string;
  /** How the handshake percentiles were computed, and their error bound. */
  percentiles: string;
  /** How the top tables were computed (exact in Athena, where `topUndercount` is 0). */
  topTables: string;
  queryExecutionIds: string[];
  /** Bytes the engine scanned (what Athena bills), null when it did not say. */
  scannedBytes: number | null;
  /** Document keys the engine does not compute. */
  notComputed: string[];
}

export interface ReportDocument extends ReportChanges {
  /** Absent when the events were read and aggregated here. */
  computedBy?: ComputedBy;
  span: { start: string | null; end: string | null };
  /**
   * Events older than the live monitor's history when they arrived (exports of the live
   * view; always 0 in `tlstop report`, which keeps the whole span). `historyHours` is
   * that history, null when there is none.
   */
  late: LeftOut & { historyHours: number | null };
  /** Events the --since / --until window left out. */
  excluded: { beforeSince: LeftOut; atOrAfterUntil: LeftOut };
  filter: { distributions: string[]; since: string | null; until: string | null };
  connections: {
    total: number;
    success: number;
    failed: number;
    failureRate: number;
    byStatus: Record<string, number>;
    byDistribution: Record<string, DistributionReport>;
    handshakeMs: HandshakeSummary;
  };
  firewall: {
    total: number;
    tlsErrors: number;
    revocationChecks: number;
    other: number;
    byErrorClass: Record<string, number>;
    revocation: Record<string, Record<string, number>>;
    bySni: Record<string, number>;
    byDestination: Record<string, number>;
    /** How far below the truth `bySni` and `byDestination` counts may be (0: exact). */
    undercount: { bySni: number; byDestination: number };
  };
  top: Record<'clientIps' | 'subjects' | 'issuers' | 'serials' | 'snis' | 'failingSubjects' | 'failingIssuers', TopEntry[]>;
  /**
   * Per top table, how far below the truth any of its counts may be: more distinct values
   * passed than the table keeps (near-unique client IPs or serials). 0: the counts are exact.
   * `failingSubjects`/`failingIssuers` share the bound of `subjects`/`issuers`.
   */
  topUndercount: TopUndercount;
  expiringCertificates: Array<{ serial: string; subject: string; issuer: string; notAfter: string; count: number }>;
  malformed: { total: number; byReason: Record<string, number> };
}

/**
 * Adds the names from `--resolve-names` to the distributions of a document: the display
 * name of each ID that has one (raw text from AWS: every writer escapes it).
 */
export function withDistributionNames(doc: ReportDocument, names: ReadonlyMap<string, DistributionName>): ReportDocument {
  const byDistribution: Record<string, DistributionReport> = {};
  for (const [id, report] of Object.entries(doc.connections.byDistribution)) {
    const name = displayName(names.get(id));
    byDistribution[id] = name === undefined ? report : { ...report, name };
  }
  const changes = doc.changes.map((change) => {
    const name = displayName(names.get(change.distributionId));
    return name === undefined ? change : { ...change, name };
  });
  return { ...doc, changes, connections: { ...doc.connections, byDistribution } };
}

/** What the document is built from: a store that answers queries (one more per distribution with tenants). */
export type ReportSource = Pick<ViewSource, 'section'>;

/** The report's query: connections narrowed to `distributions` (none: all), over the whole span, no mark. */
function reportQuery(distributions: string[]): ViewQuery {
  return { filter: { ...EMPTY_FILTER, distributions }, windowMs: Number.POSITIVE_INFINITY, mark: null };
}

function handshake(p: Percentiles): HandshakeSummary {
  return { p50: p.p50, p90: p.p90, p99: p.p99, max: p.max };
}

export function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

function leftOut(d: DroppedEvents | undefined): LeftOut {
  return { total: d?.total ?? 0, oldest: iso(d?.oldestMs ?? null), newest: iso(d?.newestMs ?? null) };
}

function entries(top: TopEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of top) out[entry.key] = entry.count;
  return out;
}

/**
 * Build the report from a store's answers. `distributions` narrows connections to
 * those ids (the --distribution option); firewall figures are never narrowed by
 * distribution (firewall entries have none). For a distribution with several tenants the
 * merged percentiles come from the store asked for that id alone (exact, from its buckets).
 */
export function buildReportDocument(
  source: ReportSource,
  options: { distributions?: string[]; sinceMs?: number; untilMs?: number } = {},
): ReportDocument {
  const distributions = options.distributions ?? [];
  const snapshot = snapshotOf(source, reportQuery(distributions));
  const merged = new Map<string, Snapshot['connections']>();
  for (const id of new Set(snapshot.distributions.filter((r) => r.tenantId !== null).map((r) => r.distributionId))) {
    merged.set(id, source.section('connections', reportQuery([id])));
  }
  return documentFromSnapshot(snapshot, { ...options, distributions }, (id) => merged.get(id) ?? null);
}

/**
 * Build the document from one snapshot (exports of the live view). Without `mergedFor`,
 * a distribution with several tenants gets summed counts and null merged percentiles
 * (its tenants keep their own exact percentiles).
 */
export function documentFromSnapshot(
  snapshot: Snapshot,
  options: { distributions?: string[]; sinceMs?: number; untilMs?: number } = {},
  mergedFor: (distributionId: string) => Snapshot['connections'] | null = () => null,
): ReportDocument {
  const distributions = options.distributions ?? snapshot.filter.distributions;
  const byDistribution: Record<string, DistributionReport> = {};
  const rowsById = new Map<string, typeof snapshot.distributions>();
  for (const row of snapshot.distributions) {
    const list = rowsById.get(row.distributionId) ?? [];
    list.push(row);
    rowsById.set(row.distributionId, list);
  }
  for (const [id, rows] of rowsById) {
    const perRow = (row: (typeof rows)[number]) => ({
      total: row.attempts,
      failed: row.failures,
      failureRate: row.failureRate,
      byStatus: { ...row.byStatus },
      handshakeMs: handshake(row.handshakeMs),
      firstFailure: iso(row.firstFailureMs),
      lastFailure: iso(row.lastFailureMs),
    });
    if (rows.length === 1 && rows[0]!.tenantId === null) {
      byDistribution[id] = perRow(rows[0]!);
      continue;
    }
    const byStatus: Record<string, number> = {};
    let total = 0;
    let failed = 0;
    for (const row of rows) {
      total += row.attempts;
      failed += row.failures;
      for (const [status, n] of Object.entries(row.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
    }
    const firsts = rows.map((r) => r.firstFailureMs).filter((v): v is number => v !== null);
    const lasts = rows.map((r) => r.lastFailureMs).filter((v): v is number => v !== null);
    const tenants: Record<string, Omit<DistributionReport, 'tenants'>> = {};
    for (const row of rows) tenants[row.tenantId ?? '-'] = perRow(row);
    const merged = mergedFor(id);
    byDistribution[id] = {
      total,
      failed,
      failureRate: total ? failed / total : 0,
      byStatus,
      handshakeMs: merged ? handshake(merged.handshakeMs) : { p50: null, p90: null, p99: null, max: null },
      firstFailure: iso(firsts.length ? Math.min(...firsts) : null),
      lastFailure: iso(lasts.length ? Math.max(...lasts) : null),
      tenants,
    };
  }

  const c = snapshot.connections;
  const f = snapshot.firewall;
  return {
    span: {
      start: c.total + f.total > 0 ? iso(snapshot.window.startMs) : null,
      end: c.total + f.total > 0 ? iso(snapshot.window.endMs) : null,
    },
    filter: { distributions, since: iso(options.sinceMs ?? null), until: iso(options.untilMs ?? null) },
    late: { ...leftOut(snapshot.late), historyHours: snapshot.late?.historyMs != null ? snapshot.late.historyMs / 3_600_000 : null },
    excluded: { beforeSince: leftOut(snapshot.excluded?.beforeSince), atOrAfterUntil: leftOut(snapshot.excluded?.atOrAfterUntil) },
    ...reportChanges(snapshot.changes ?? NO_CHANGES, distributions),
    connections: {
      total: c.total,
      success: c.success,
      failed: c.failed,
      failureRate: c.total ? c.failed / c.total : 0,
      byStatus: { ...c.byStatus },
      byDistribution,
      handshakeMs: handshake(c.handshakeMs),
    },
    firewall: {
      total: f.total,
      tlsErrors: f.tlsErrors,
      revocationChecks: f.revocationChecks,
      other: f.other,
      byErrorClass: { ...f.byErrorClass },
      revocation: f.revocation,
      bySni: entries(f.bySni),
      byDestination: entries(f.byDestination),
      undercount: { ...f.undercount },
    },
    top: {
      clientIps: snapshot.top.clientIps,
      subjects: snapshot.top.subjects,
      issuers: snapshot.top.issuers,
      serials: snapshot.top.serials,
      snis: snapshot.top.snis,
      failingSubjects: snapshot.top.failingSubjects,
      failingIssuers: snapshot.top.failingIssuers,
    },
    topUndercount: { ...snapshot.top.undercount },
    expiringCertificates: snapshot.expiringCerts.map((cert) => ({
      serial: cert.serial,
      subject: cert.subject,
      issuer: cert.issuer,
      notAfter: iso(cert.notAfterMs) ?? '',
      count: cert.count,
    })),
    malformed: { total: snapshot.malformed.total, byReason: { ...snapshot.malformed.byReason } },
  };
}
