/**
 * The change detector's findings as the report gives them (issue 11): `changes`, what
 * changed on a distribution (a failure code, the overall failure rate, handshake p99),
 * each as a rate between 0 and 1 before and after its onset, in the exact shape the
 * issue asks for; `firewallChanges`, the firewall series (entries per second, no
 * distribution), apart so that `changes` keeps that shape; and `changesNotAnalysed`,
 * the events the detector counted but could not analyse (too far out of time order), so
 * a report over badly ordered input never looks complete when it is not.
 *
 * Strings are raw log text here, as everywhere in the document: the JSON writer and the
 * text report escape them.
 */
import type { Change, ChangesView } from '../aggregation/types.js';

/** One value the new failures have in common, with its share among them and before the onset (0..1). */
export interface ReportAttribute {
  field: string;
  value: string;
  share: number;
  baselineShare: number;
}

/** A change on a distribution (or one of its tenants). */
export interface ReportChange {
  distributionId: string;
  tenantId: string | null;
  /** The code as in `byStatus` without `Failed:`; `Failed` for the overall failure rate; `p99` for latency. */
  failureCode: string;
  /** ISO 8601 UTC: the first second of the shift, and the first second back at the baseline (null while ongoing). */
  onset: string;
  end: string | null;
  /**
   * Rates between 0 and 1 before the onset and since: of handshakes failing with the code
   * (or at all); for `p99`, of handshakes slower than `slowerThanMs`.
   */
  before: number;
  after: number;
  /** Failures (slow handshakes for p99) per second over the baseline, from the onset to the end (or the last second). */
  excessFailures: number;
  attributes: ReportAttribute[];
  /**
   * Beyond the issue's shape. `baselineEvents`: handshakes (decayed) in the baseline the
   * attributes' `baselineShare` comes from, null when not known; under 20 there was no
   * baseline to speak of and a `baselineShare` of 0 means "not known".
   */
  baselineEvents: number | null;
  /** Which series, when the detector was sure, and how many failures since the onset. */
  kind: 'failure-code' | 'failure-rate' | 'latency-p99';
  detectedAt: string;
  events: number;
  /** The SNI most seen on the distribution (the name clients use for it), when known. */
  sni: string | null;
  /** With `--resolve-names`: the distribution's name (first alias, else comment). */
  name?: string;
  /** Latency changes: p99 before and since, and the threshold `before`/`after` count against, ms (null when unknown). */
  p99BeforeMs?: number | null;
  p99AfterMs?: number | null;
  slowerThanMs?: number | null;
}

/** A change of a firewall series: revocation-check drops of one SNI, or one class of TLS errors. */
export interface ReportFirewallChange {
  kind: 'firewall-revocation' | 'firewall-tls-error';
  /** `REVOKED/DROP` (status/action) for revocation checks; `missing_sni`, `sni_mismatch` or `other` for TLS errors. */
  failureCode: string;
  /** The SNI of a revocation-check series; null for TLS errors. */
  sni: string | null;
  onset: string;
  end: string | null;
  detectedAt: string;
  /** Entries per second before the onset and since. */
  before: number;
  after: number;
  unit: 'per-second';
  /** Entries per second over the baseline. */
  excessFailures: number;
  events: number;
  attributes: ReportAttribute[];
  /** Firewall entries (decayed) in the baseline of the attributes; see ReportChange. */
  baselineEvents: number | null;
}

/** Events in every other figure of the report that the change detector did not analyse. */
export interface ChangesNotAnalysed {
  /** Events that arrived more than `lagSeconds` of event time behind the newest one. */
  lateEvents: number;
  lagSeconds: number;
}

/** The report's three change keys. */
export interface ReportChanges {
  changes: ReportChange[];
  firewallChanges: ReportFirewallChange[];
  changesNotAnalysed: ChangesNotAnalysed;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A number for JSON: NaN and infinities (an unknown p99) become null. */
function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** A rate for `before`/`after`: within 0..1 whatever rounding gave. */
function rate(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function attributes(change: Change): ReportAttribute[] {
  return change.attributes.map((a) => ({ field: a.field, value: a.value, share: a.share, baselineShare: a.baselineShare }));
}

function distributionChange(change: Change & { kind: ReportChange['kind'] }, view: ChangesView): ReportChange {
  const distributionId = change.distributionId ?? '';
  const latency = change.kind === 'latency-p99';
  return {
    distributionId,
    tenantId: change.tenantId,
    failureCode: change.failureCode,
    onset: iso(change.onset),
    end: change.end === null ? null : iso(change.end),
    before: rate(latency ? (change.slowShare?.before ?? NaN) : change.before),
    after: rate(latency ? (change.slowShare?.after ?? NaN) : change.after),
    excessFailures: change.excessFailures,
    attributes: attributes(change),
    baselineEvents: finiteOrNull(change.baselineEvents),
    kind: change.kind,
    detectedAt: iso(change.detectedAt),
    events: change.events,
    sni: Object.hasOwn(view.sniByDistribution, distributionId) ? view.sniByDistribution[distributionId]! : null,
    ...(latency && {
      p99BeforeMs: finiteOrNull(change.before),
      p99AfterMs: finiteOrNull(change.after),
      slowerThanMs: finiteOrNull(change.slowShare?.thresholdMs),
    }),
  };
}

function firewallChange(change: Change & { kind: ReportFirewallChange['kind'] }): ReportFirewallChange {
  return {
    kind: change.kind,
    failureCode: change.failureCode,
    sni: change.sni,
    onset: iso(change.onset),
    end: change.end === null ? null : iso(change.end),
    detectedAt: iso(change.detectedAt),
    before: change.before,
    after: change.after,
    unit: 'per-second',
    excessFailures: change.excessFailures,
    events: change.events,
    attributes: attributes(change),
    baselineEvents: finiteOrNull(change.baselineEvents),
  };
}

const isFirewall = (change: Change): change is Change & { kind: ReportFirewallChange['kind'] } =>
  change.kind === 'firewall-revocation' || change.kind === 'firewall-tls-error';

/** Most impact first; the detector's order among equals (it ranks the same way). */
function byImpact<T extends { excessFailures: number }>(list: T[]): T[] {
  return list.sort((a, b) => b.excessFailures - a.excessFailures);
}

/**
 * The report's changes from the detector's view. `distributions` (--distribution) narrows
 * the distribution changes as it narrows every connection figure; firewall changes,
 * like firewall figures, are never narrowed.
 */
export function reportChanges(view: ChangesView, distributions: readonly string[] = []): ReportChanges {
  const only = distributions.length > 0 ? new Set(distributions) : null;
  const changes: ReportChange[] = [];
  const firewallChanges: ReportFirewallChange[] = [];
  for (const change of view.changes) {
    if (isFirewall(change)) firewallChanges.push(firewallChange(change));
    else if (change.distributionId !== null && (only === null || only.has(change.distributionId)))
      changes.push(distributionChange(change as Change & { kind: ReportChange['kind'] }, view));
  }
  return {
    changes: byImpact(changes),
    firewallChanges: byImpact(firewallChanges),
    changesNotAnalysed: { lateEvents: view.lateEvents, lagSeconds: view.lagSeconds },
  };
}
