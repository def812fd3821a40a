/**
 * The text report's first section: what changed, most impact first, two lines a change
 * (where, what, since when, before → after, excess per second; then what the new
 * failures have in common), and the firewall's changes after them. It says when there
 * is none, when it lists only the first ones, and how many events it could not analyse.
 * Every string from a log (distribution ids, names, SNIs, codes, attribute values) is
 * escaped here: these are free-text lines, not table cells.
 */
import { THIN_BASELINE } from '../aggregation/changes/attribution.js';
import { ATTRIBUTE_LABELS, commonNamePart, isCertificateName } from '../text/attribute-names.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { ReportAttribute, ReportChange, ReportChanges, ReportFirewallChange } from './report-changes.js';
import { formatCount, formatMs } from './table.js';

/** Changes listed in text; the rest are counted (all of them are in --json). */
export const TEXT_CHANGES = 20;

const safe = (text: string, max = 80): string => sanitizeForTerminal(text, max);

/** A share: `98%`, `3.4%`, `0%`. */
function share(value: number): string {
  const pct = value * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1).replace(/\.0$/, '')}%`;
}

/** A per-second figure: `42.8`, `0.39`. */
function perSecond(value: number): string {
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** `2026-11-20T06:00:21Z to 06:02:15Z`, the end's date only when it differs; `since …, ongoing at the end` without an end. */
function span(onset: string, end: string | null): string {
  const second = (isoTime: string) => isoTime.replace(/\.\d+Z$/, 'Z');
  if (end === null) return `since ${second(onset)}, ongoing`;
  const sameDay = end.slice(0, 10) === onset.slice(0, 10);
  return `${second(onset)} to ${sameDay ? second(end).slice(11) : second(end)}`;
}

/** A certificate name by its CN (the rest of a DN is the same for every CA of an organisation). */
function attributeValue(a: ReportAttribute): string {
  if (!isCertificateName(a.field)) return safe(a.value, 60);
  return safe(commonNamePart(a.value) ?? a.value, 60);
}

/** `issuer CN=Partner CA G1 98% of new failures (3% before), clients 10.1.2.0/24 41% (23% before)`. */
function attributesLine(attributes: ReportAttribute[], baselineEvents: number | null, what: string): string {
  if (attributes.length === 0) return `nothing the new ${what} have in common stands out`;
  const thin = baselineEvents !== null && baselineEvents < THIN_BASELINE;
  const parts = attributes.slice(0, 3).map((a, i) => {
    const label = ATTRIBUTE_LABELS[a.field] ?? safe(a.field, 12);
    const before = thin ? '' : ` (${share(a.baselineShare)} before)`;
    return `${label} ${attributeValue(a)} ${share(a.share)}${i === 0 ? ` of new ${what}` : ''}${before}`;
  });
  // A share of 0 "before" would be a claim the detector cannot make: it had no baseline yet.
  const note = thin ? ' (no baseline before the onset to compare with)' : '';
  return parts.join(', ') + note;
}

/** Where a distribution change is: `E2DX1SLDPK0123 (api.example.com)`, with its tenant. */
function where(change: ReportChange): string {
  const id = safe(change.distributionId, 40);
  const known = change.name !== undefined ? ` (${safe(change.name, 60)})` : change.sni !== null ? ` (SNI ${safe(change.sni, 60)})` : '';
  const tenant = change.tenantId === null ? '' : ` tenant ${safe(change.tenantId, 40)}`;
  return `${id}${known}${tenant}`;
}

function levels(change: ReportChange): string {
  if (change.kind === 'latency-p99') {
    const over =
      change.slowerThanMs == null
        ? ''
        : ` (slower than ${formatMs(change.slowerThanMs)} ms: ${share(change.before)} → ${share(change.after)})`;
    return `p99 ${formatMs(change.p99BeforeMs)} → ${formatMs(change.p99AfterMs)} ms${over}`;
  }
  return `${share(change.before)} → ${share(change.after)} of handshakes`;
}

function distributionLines(change: ReportChange, rank: number): string[] {
  const code = change.kind === 'failure-rate' ? 'any failure' : safe(change.failureCode, 60);
  const what = change.kind === 'latency-p99' ? 'slow handshakes' : 'failures';
  return [
    `${rank}. ${where(change)}  ${code}  ${span(change.onset, change.end)}`,
    `   ${levels(change)}  +${perSecond(change.excessFailures)} ${what}/s  ${formatCount(change.events)} ${what}`,
    `   ${attributesLine(change.attributes, change.baselineEvents, what)}`,
  ];
}

function firewallLines(change: ReportFirewallChange, rank: number): string[] {
  const what =
    change.kind === 'firewall-revocation' ? `revocation ${safe(change.failureCode, 40)}` : `TLS error ${safe(change.failureCode, 40)}`;
  const sni = change.sni === null ? '' : `  SNI ${safe(change.sni, 60)}`;
  return [
    `${rank}. ${what}${sni}  ${span(change.onset, change.end)}`,
    `   ${perSecond(change.before)} → ${perSecond(change.after)} entries/s  +${perSecond(change.excessFailures)}/s  ${formatCount(change.events)} entries`,
    `   ${attributesLine(change.attributes, change.baselineEvents, 'entries')}`,
  ];
}

/** The first `TEXT_CHANGES` of a list, and a line counting the rest. */
function listed<T>(title: string, list: T[], lines: (item: T, rank: number) => string[]): string[] {
  const out = [`${title}: ${formatCount(list.length)}, most excess per second first`];
  list.slice(0, TEXT_CHANGES).forEach((item, i) => out.push(...lines(item, i + 1)));
  if (list.length > TEXT_CHANGES) out.push(`… and ${formatCount(list.length - TEXT_CHANGES)} more (all of them in --json)`);
  return out;
}

/** The changes section, as lines (no trailing blank line). */
export function changesText(doc: ReportChanges): string[] {
  const out: string[] = [];
  const { lateEvents, lagSeconds } = doc.changesNotAnalysed;
  if (doc.changes.length === 0 && doc.firewallChanges.length === 0) {
    out.push(lateEvents > 0 ? 'Changes: no changes detected in the events analysed' : 'Changes: no changes detected');
  } else {
    if (doc.changes.length === 0) out.push('Changes: no changes detected on the distributions');
    else out.push(...listed('Changes', doc.changes, distributionLines));
    if (doc.firewallChanges.length > 0) out.push('', ...listed('Firewall changes', doc.firewallChanges, firewallLines));
  }
  if (lateEvents > 0) {
    out.push(
      `Not analysed for changes: ${formatCount(lateEvents)} event${lateEvents === 1 ? '' : 's'} more than ${lagSeconds} s of event time behind the newest when read (they are in every other figure)`,
    );
  }
  return out;
}
