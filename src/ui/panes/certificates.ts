/** Certificates pane: client certificates expiring soon (upcoming first), top failing subjects and issuers. */
import type { ExpiringCert, Snapshot, TopEntry, TopUndercount } from '../../aggregation/types.js';
import { cell, fmtCount, safe } from '../format.js';
import { boundedTitle } from './bounded-title.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import type { PaneOpts } from './pane-opts.js';

const DAY = 86_400_000;

function inDays(notAfterMs: number, nowMs: number): string {
  const d = (notAfterMs - nowMs) / DAY;
  if (d < 0) return 'expired';
  if (d < 1) return `${Math.max(0, Math.round(d * 24))}h`;
  return `${Math.floor(d)}d`;
}

function topRows(title: string, entries: TopEntry[], undercount: number, rows: number, width: number): Line[] {
  if (rows < 2) return [];
  const nameW = Math.max(10, width - 20);
  const heading = boundedTitle(title, undercount, nameW);
  const out: Line[] = [[seg(cell(heading, nameW) + cell('failures', 10, 'right') + cell('seen', 10, 'right'), 'text.muted')]];
  if (entries.length === 0) out.push([seg('  none', 'text.muted')]);
  for (const e of entries.slice(0, rows - 1)) {
    out.push([
      seg(cell(safe(e.key, nameW), nameW)),
      seg(cell(fmtCount(e.failures), 10, 'right'), 'status.error'),
      seg(cell(fmtCount(e.count), 10, 'right')),
    ]);
  }
  return out;
}

/**
 * The order an on-call engineer reads expiring certificates in: those still valid,
 * soonest expiry first, then the already expired ones, most recently expired first.
 */
export function expiryOrder(certs: readonly ExpiringCert[], nowMs: number): { upcoming: ExpiringCert[]; expired: ExpiringCert[] } {
  const upcoming = certs.filter((c) => c.notAfterMs >= nowMs).sort((a, b) => a.notAfterMs - b.notAfterMs);
  const expired = certs.filter((c) => c.notAfterMs < nowMs).sort((a, b) => b.notAfterMs - a.notAfterMs);
  return { upcoming, expired };
}

/** Lines of the Certificates pane: upcoming expiries first, expired ones after them. */
export function certificatesLines(
  snap: Pick<Snapshot, 'expiringCerts' | 'nowMs'> & {
    top: Pick<Snapshot['top'], 'failingSubjects' | 'failingIssuers'> & { undercount: Pick<TopUndercount, 'subjects' | 'issuers'> };
  },
  opts: PaneOpts,
): Line[] {
  const { width } = opts;
  const lines: Line[] = [titleLine('Certificates', width, opts.focused)];
  const room = opts.height - 1;
  const expRoom = Math.max(2, Math.floor(room / 3));
  const failRoom = Math.floor((room - expRoom) / 2);
  const subjW = Math.max(10, width - 28);
  const { upcoming, expired } = expiryOrder(snap.expiringCerts, snap.nowMs);
  const headings =
    expired.length > 0 ? [`Expiring soon (${expired.length} expired last)`, `Expiring soon (${expired.length} expired)`] : [];
  const heading = headings.find((h) => h.length < subjW) ?? 'Expiring soon';
  lines.push([seg(cell(heading, subjW) + cell('serial', 18) + cell('in', 10, 'right'), 'text.muted')]);
  if (snap.expiringCerts.length === 0) lines.push([seg('  none', 'text.muted')]);
  for (const c of [...upcoming, ...expired].slice(0, expRoom - 1)) {
    const left = inDays(c.notAfterMs, snap.nowMs);
    const tone = c.notAfterMs < snap.nowMs ? 'status.error' : c.notAfterMs - snap.nowMs < 7 * DAY ? 'status.warn' : undefined;
    lines.push([seg(cell(safe(c.subject, subjW - 1), subjW) + cell(safe(c.serial, 17), 18)), seg(cell(left, 10, 'right'), tone)]);
  }
  lines.push(...topRows('Top failing subjects', snap.top.failingSubjects, snap.top.undercount.subjects, failRoom, width));
  lines.push(...topRows('Top failing issuers', snap.top.failingIssuers, snap.top.undercount.issuers, room - lines.length + 1, width));
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
