/**
 * The sections Athena's extra statements fill, put onto the document the store built from the
 * count bins and percentiles: per distribution its first and last failure and its tenants
 * (the shape a local report gives them). Pure.
 */
import { iso, type DistributionReport, type HandshakeSummary, type ReportDocument } from '../report/report-document.js';
import { distributionKey, type DistributionFigures, type StatusFigures } from './section-queries.js';
import { numberOrNull, type ResultRow } from './report-queries.js';

const NO_HANDSHAKE: HandshakeSummary = { p50: null, p90: null, p99: null, max: null };

const tenantKey = (distribution: string, tenant: string | null): string => `${distribution}\u0000${tenant ?? ''}`;

/** The tenant latency statement's rows by distribution and tenant. */
export function toTenantLatency(rows: readonly ResultRow[]): Map<string, HandshakeSummary> {
  const out = new Map<string, HandshakeSummary>();
  for (const row of rows) {
    const [p50 = null, p90 = null, p99 = null, max = null] = [row.p50, row.p90, row.p99, row.max_ms].map(numberOrNull);
    out.set(tenantKey(distributionKey(row.distribution), row.tenant ?? null), { p50, p90, p99, max });
  }
  return out;
}

function tenantReport(f: StatusFigures, handshakeMs: HandshakeSummary): Omit<DistributionReport, 'tenants' | 'name'> {
  return {
    total: f.total,
    failed: f.failed,
    failureRate: f.total ? f.failed / f.total : 0,
    byStatus: { ...f.byStatus },
    handshakeMs,
    firstFailure: iso(f.firstFailureMs),
    lastFailure: iso(f.lastFailureMs),
  };
}

/** The document with each distribution's first and last failure and, where it has tenants, its tenants. */
export function withDistributionFigures(
  doc: ReportDocument,
  figures: ReadonlyMap<string, DistributionFigures>,
  tenantLatency: ReadonlyMap<string, HandshakeSummary>,
): ReportDocument {
  const byDistribution: Record<string, DistributionReport> = {};
  for (const [id, report] of Object.entries(doc.connections.byDistribution)) {
    const f = figures.get(id);
    const out: DistributionReport = { ...report, firstFailure: iso(f?.firstFailureMs ?? null), lastFailure: iso(f?.lastFailureMs ?? null) };
    if (f?.hasTenants) {
      const tenants: NonNullable<DistributionReport['tenants']> = {};
      for (const [tenant, t] of f.tenants)
        tenants[tenant ?? '-'] = tenantReport(t, tenantLatency.get(tenantKey(id, tenant)) ?? NO_HANDSHAKE);
      out.tenants = tenants;
    }
    byDistribution[id] = out;
  }
  return { ...doc, connections: { ...doc.connections, byDistribution } };
}
