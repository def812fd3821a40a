/**
 * Readable text rendering of a report document. Every log-derived cell goes through
 * the table formatter, which escapes control characters and cuts long values.
 */
import { FILTER_IN_REPORT, filterText } from '../aggregation/filter-text.js';
import { EMPTY_FILTER } from '../aggregation/types.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { changesText } from './report-changes-text.js';
import type { ComputedBy, DistributionReport, LeftOut, ReportDocument } from './report-document.js';
import { formatCount, formatMs, formatPercent, formatTable, type Column } from './table.js';

const TOP_ROWS = 10;

function section(title: string, body: string): string {
  return `${title}\n${body}\n`;
}

function topTable(
  title: string,
  keyHeader: string,
  rows: Array<{ key: string; count: number; failures: number }>,
  undercount: number,
): string | null {
  if (rows.length === 0) return null;
  const heading = withUndercount(title, undercount);
  const columns: Column[] = [
    { header: keyHeader, maxWidth: 70 },
    { header: 'Count', align: 'right' },
    { header: 'Failed', align: 'right' },
  ];
  return section(
    heading,
    formatTable(
      columns,
      rows.slice(0, TOP_ROWS).map((r) => [r.key, formatCount(r.count), formatCount(r.failures)]),
    ),
  );
}

/** `N events` with the span of their times, for the lines on what was left out. */
function leftOutText(n: LeftOut): string {
  const events = `${formatCount(n.total)} event${n.total === 1 ? '' : 's'}`;
  if (n.oldest === null || n.newest === null) return events;
  return n.oldest === n.newest ? `${events} (${n.oldest})` : `${events} (${n.oldest} to ${n.newest})`;
}

/** One line per reason events are in no figure: --since, --until, too old for the monitor's history. */
function leftOutLines(doc: ReportDocument): string[] {
  const lines: string[] = [];
  const { beforeSince, atOrAfterUntil } = doc.excluded;
  if (beforeSince.total > 0) lines.push(`Left out: ${leftOutText(beforeSince)} before --since ${doc.filter.since ?? ''}`.trimEnd());
  if (atOrAfterUntil.total > 0)
    lines.push(`Left out: ${leftOutText(atOrAfterUntil)} at or after --until ${doc.filter.until ?? ''}`.trimEnd());
  if (doc.late.total > 0) {
    const history = doc.late.historyHours === null ? 'the history' : `the ${doc.late.historyHours} h history`;
    lines.push(`Left out: ${leftOutText(doc.late)} older than ${history} when they arrived`);
  }
  return lines;
}

/** Where the figures were computed, when not here; every part is tlstop's own text or a checked name. */
function computedByLines(by: ComputedBy): string[] {
  const scanned = by.scannedBytes === null ? '' : `, ${formatCount(Math.round(by.scannedBytes / 1e6))} MB scanned`;
  const ids = by.queryExecutionIds.length;
  return [
    `Computed by Amazon Athena over ${sanitizeForTerminal(by.table, 200)} (${ids} quer${ids === 1 ? 'y' : 'ies'}${scanned}); ${sanitizeForTerminal(by.percentiles, 300)}`,
    sanitizeForTerminal(by.topTables, 300),
    ...(by.notComputed.length > 0 ? [`Not computed by Athena (empty here): ${by.notComputed.join(', ')}`] : []),
  ];
}

/** The whole report as text, ending with a newline. */
export function formatReportText(doc: ReportDocument, meta: { inputs: string }): string {
  const out: string[] = [];
  const c = doc.connections;
  const span = doc.span.start ? `${doc.span.start} to ${doc.span.end}` : 'no events';
  out.push(`tlstop report: ${sanitizeForTerminal(meta.inputs, 200)}; ${span}`);
  const narrowed = filterText({ ...EMPTY_FILTER, distributions: doc.filter.distributions }, FILTER_IN_REPORT);
  if (narrowed !== '') out.push(narrowed);
  out.push(...leftOutLines(doc));
  if (doc.computedBy) out.push(...computedByLines(doc.computedBy));
  out.push('');
  // What changed comes first: it is what someone opening the report after an incident looks for.
  out.push(...changesText(doc));
  out.push('');
  out.push(
    `Connections  total ${formatCount(c.total)}  success ${formatCount(c.success)}  failed ${formatCount(c.failed)} (${formatPercent(c.failureRate)})`,
  );
  out.push(
    `Handshake ms  p50 ${formatMs(c.handshakeMs.p50)}  p90 ${formatMs(c.handshakeMs.p90)}  p99 ${formatMs(c.handshakeMs.p99)}  max ${formatMs(c.handshakeMs.max)}`,
  );
  out.push('');

  const statuses = Object.entries(c.byStatus).sort((a, b) => b[1] - a[1]);
  if (statuses.length) {
    out.push(
      section(
        'Status',
        formatTable(
          [
            { header: 'Status', maxWidth: 50 },
            { header: 'Count', align: 'right' },
            { header: 'Share', align: 'right' },
          ],
          statuses.map(([status, n]) => [status, formatCount(n), formatPercent(c.total ? n / c.total : 0)]),
        ),
      ),
    );
  }

  const dists = Object.entries(c.byDistribution).sort((a, b) => b[1].failed - a[1].failed || b[1].total - a[1].total);
  if (dists.length) {
    const rows: Array<Array<string>> = [];
    for (const [id, d] of dists) {
      rows.push(distributionRow(d.name === undefined ? id : `${id} (${d.name})`, '', d));
      for (const [tenant, t] of Object.entries(d.tenants ?? {})) rows.push(distributionRow('', tenant, t));
    }
    out.push(
      section(
        'Distributions',
        formatTable(
          [
            // Room for a name from --resolve-names after the 14-character ID.
            { header: 'Distribution', maxWidth: 40 },
            { header: 'Tenant', maxWidth: 30 },
            { header: 'Total', align: 'right' },
            { header: 'Failed', align: 'right' },
            { header: 'Fail%', align: 'right' },
            { header: 'Top failure', maxWidth: 40 },
            { header: 'p50 ms', align: 'right' },
            { header: 'p99 ms', align: 'right' },
            { header: 'First failure', maxWidth: 24 },
          ],
          rows,
        ),
      ),
    );
  }

  const fw = doc.firewall;
  if (fw.total > 0) {
    out.push(
      `Firewall  total ${formatCount(fw.total)}  TLS errors ${formatCount(fw.tlsErrors)} (missing SNI ${formatCount(fw.byErrorClass.missing_sni ?? 0)}, SNI mismatch ${formatCount(fw.byErrorClass.sni_mismatch ?? 0)}, other ${formatCount(fw.byErrorClass.other ?? 0)})  revocation checks ${formatCount(fw.revocationChecks)}  other entries ${formatCount(fw.other)}`,
    );
    out.push('');
    const revocation = Object.entries(fw.revocation).flatMap(([status, actions]) =>
      Object.entries(actions).map(([action, n]) => [status, action, formatCount(n)]),
    );
    if (revocation.length)
      out.push(
        section(
          'Revocation checks',
          formatTable(
            [
              { header: 'Status', maxWidth: 20 },
              { header: 'Action', maxWidth: 20 },
              { header: 'Count', align: 'right' },
            ],
            revocation,
          ),
        ),
      );
    const snis = countTable('Firewall SNI', { header: 'SNI', maxWidth: 70 }, fw.bySni, fw.undercount.bySni);
    if (snis) out.push(snis);
    const dests = countTable(
      'Firewall destinations',
      { header: 'Destination', maxWidth: 60 },
      fw.byDestination,
      fw.undercount.byDestination,
    );
    if (dests) out.push(dests);
  }

  for (const table of [
    topTable('Top client IPs', 'Client IP', doc.top.clientIps, doc.topUndercount.clientIps),
    topTable('Top failing certificate subjects', 'Subject', doc.top.failingSubjects, doc.topUndercount.subjects),
    topTable('Top failing certificate issuers', 'Issuer', doc.top.failingIssuers, doc.topUndercount.issuers),
    topTable('Top SNI (connections)', 'SNI', doc.top.snis, doc.topUndercount.snis),
  ]) {
    if (table) out.push(table);
  }

  if (doc.expiringCertificates.length) {
    out.push(
      section(
        'Client certificates expiring soon',
        formatTable(
          [
            { header: 'Not after', maxWidth: 24 },
            { header: 'Subject', maxWidth: 50 },
            { header: 'Serial', maxWidth: 40 },
            { header: 'Seen', align: 'right' },
          ],
          doc.expiringCertificates.slice(0, TOP_ROWS).map((cert) => [cert.notAfter, cert.subject, cert.serial, formatCount(cert.count)]),
        ),
      ),
    );
  }

  const reasons = Object.entries(doc.malformed.byReason).sort((a, b) => b[1] - a[1]);
  out.push(
    doc.malformed.total
      ? `Malformed lines skipped: ${formatCount(doc.malformed.total)} (${reasons.map(([r, n]) => `${sanitizeForTerminal(r, 40)} ${formatCount(n)}`).join(', ')})`
      : 'Malformed lines skipped: 0',
  );
  return out.join('\n') + '\n';
}

/** One row of the Distributions table: a distribution (tenant blank) or one of its tenants (distribution blank). */
function distributionRow(distribution: string, tenant: string, d: Omit<DistributionReport, 'tenants' | 'name'>): string[] {
  const top = Object.entries(d.byStatus)
    .filter(([s]) => s !== 'Success')
    .sort((a, b) => b[1] - a[1])[0];
  return [
    distribution,
    tenant,
    formatCount(d.total),
    formatCount(d.failed),
    formatPercent(d.failureRate),
    top ? top[0] : '-',
    formatMs(d.handshakeMs.p50),
    formatMs(d.handshakeMs.p99),
    d.firstFailure ?? '-',
  ];
}

/** A titled two-column table of the first counts of a map (already in descending order), or null when it is empty. */
/** Never a partial picture silently: the title of a top table that pruned says how low its counts may be. */
function withUndercount(title: string, undercount: number): string {
  return undercount > 0
    ? `${title} (counts may be up to ${formatCount(undercount)} below the truth: more distinct values than the table keeps)`
    : title;
}

function countTable(
  title: string,
  key: { header: string; maxWidth: number },
  counts: Record<string, number>,
  undercount = 0,
): string | null {
  const rows = Object.entries(counts).slice(0, TOP_ROWS);
  if (rows.length === 0) return null;
  return section(
    withUndercount(title, undercount),
    formatTable(
      [key, { header: 'Count', align: 'right' }],
      rows.map(([k, n]) => [k, formatCount(n)]),
    ),
  );
}
