/** The top-table, firewall and certificates sections: each merges only the top tables it shows. */
import { summarizeFirewall } from '../firewall-summary.js';
import { expiringList } from '../snapshot-parts.js';
import type { TopTablesCache } from '../top-cache.js';
import type { CertificatesView, FirewallSummary, ViewSections } from '../types.js';
import type { ViewContext } from '../view-context.js';

/** The connection top tables (client IPs, subjects, issuers, serials, SNI; failing subjects and issuers). */
export function selectTop(v: ViewContext, tops: TopTablesCache): ViewSections['top'] {
  const subjects = tops.get(v, 'subjects');
  const issuers = tops.get(v, 'issuers');
  const clientIps = tops.get(v, 'clientIps');
  const serials = tops.get(v, 'serials');
  const snis = tops.get(v, 'snis');
  return {
    clientIps: clientIps.byCount,
    subjects: subjects.byCount,
    issuers: issuers.byCount,
    serials: serials.byCount,
    snis: snis.byCount,
    failingSubjects: subjects.byFailures,
    failingIssuers: issuers.byFailures,
    undercount: {
      clientIps: clientIps.undercount,
      subjects: subjects.undercount,
      issuers: issuers.undercount,
      serials: serials.undercount,
      snis: snis.undercount,
    },
  };
}

/** Firewall entries by class and revocation status x action, with the top SNI and destinations. */
export function selectFirewall(v: ViewContext, tops: TopTablesCache): FirewallSummary {
  const snis = tops.get(v, 'fwSnis');
  const destinations = tops.get(v, 'fwDestinations');
  return summarizeFirewall(v.points(), v.inputs.kinds, snis.byCount, destinations.byCount, {
    bySni: snis.undercount,
    byDestination: destinations.undercount,
  });
}

/** Expiring certificates seen in the window that pass the filter, and the top failing subjects and issuers. */
export function selectCertificates(v: ViewContext, tops: TopTablesCache): CertificatesView {
  const { expiring, maxExpiring } = v.inputs;
  return {
    nowMs: v.nowMs,
    expiringCerts: expiringList(expiring, v.nowMs, maxExpiring, v.accept, v.needle, v.startMs),
    failingSubjects: tops.get(v, 'subjects').byFailures,
    failingIssuers: tops.get(v, 'issuers').byFailures,
    undercount: { subjects: tops.get(v, 'subjects').undercount, issuers: tops.get(v, 'issuers').undercount },
  };
}
