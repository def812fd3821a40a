/**
 * A whole view as one Snapshot, and back: `snapshotOf` reads every section of a query
 * (exports, `tlstop report`); `sectionsOf` cuts a ready-made snapshot into sections, for
 * view sources that replay snapshots (test fakes, benchmarks).
 */
import type { ChangesView, Snapshot, ViewQuery, ViewSections, ViewSource } from './types.js';

/** A snapshot made without a change detector: nothing changed, nothing analysed. */
export const NO_CHANGES: ChangesView = { changes: [], sniByDistribution: {}, lateEvents: 0, lagSeconds: 0, analysedUntilMs: null };

/** Every section of `query`, as one snapshot (keys in the order exports have always written them). */
export function snapshotOf(source: Pick<ViewSource, 'section'>, query: ViewQuery): Snapshot {
  const overview = source.section('overview', query);
  const certificates = source.section('certificates', query);
  return {
    version: overview.version,
    nowMs: overview.nowMs,
    window: overview.window,
    filter: overview.filter,
    connections: source.section('connections', query),
    eventsPerSec: overview.eventsPerSec,
    series: source.section('series', query),
    distributions: source.section('distributions', query),
    firewall: source.section('firewall', query),
    top: source.section('top', query),
    expiringCerts: certificates.expiringCerts,
    recentFailures: source.section('failures', query),
    malformed: overview.malformed,
    sampled: overview.sampled,
    mark: source.section('mark', query),
    late: overview.late,
    excluded: overview.excluded,
    changes: source.section('changes', query),
  };
}

/** The sections of a ready-made snapshot. */
export function sectionsOf(s: Snapshot): ViewSections {
  return {
    overview: {
      version: s.version,
      nowMs: s.nowMs,
      window: s.window,
      filter: s.filter,
      eventsPerSec: s.eventsPerSec,
      sampled: s.sampled,
      malformed: s.malformed,
      late: s.late,
      excluded: s.excluded,
    },
    connections: s.connections,
    latency: s.connections.handshakeMs,
    distributions: s.distributions,
    series: s.series,
    top: s.top,
    firewall: s.firewall,
    certificates: {
      nowMs: s.nowMs,
      expiringCerts: s.expiringCerts,
      failingSubjects: s.top.failingSubjects,
      failingIssuers: s.top.failingIssuers,
      undercount: { subjects: s.top.undercount.subjects, issuers: s.top.undercount.issuers },
    },
    failures: s.recentFailures,
    mark: s.mark,
    changes: s.changes ?? NO_CHANGES,
  };
}
