/** Firewall pane: TLS errors by class, top SNI, revocation checks by status and action. */
import type { FirewallSummary } from '../../aggregation/types.js';
import { cell, fmtCount, safe } from '../format.js';
import { boundedTitle } from './bounded-title.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import type { PaneOpts } from './pane-opts.js';

/** Lines of the Firewall pane. */
export function firewallLines(fw: FirewallSummary, opts: PaneOpts): Line[] {
  const { width } = opts;
  const lines: Line[] = [titleLine('Firewall', width, opts.focused, `${fmtCount(fw.total)} entries`)];
  if (fw.total === 0) {
    lines.push([seg('no Network Firewall entries in the window', 'text.muted')]);
    return fitHeight(lines, opts.height);
  }
  const e = fw.byErrorClass;
  lines.push([
    seg('TLS errors '),
    seg(fmtCount(fw.tlsErrors), fw.tlsErrors > 0 ? 'status.error' : undefined, { bold: true }),
    seg(`  missing SNI ${fmtCount(e.missing_sni)}  SNI mismatch ${fmtCount(e.sni_mismatch)}  other ${fmtCount(e.other)}`),
  ]);
  lines.push([seg(`revocation checks ${fmtCount(fw.revocationChecks)}  other entries ${fmtCount(fw.other)}`, 'text.muted')]);
  const statuses = Object.keys(fw.revocation).sort();
  const revRows = statuses.map((status): Line => {
    const actions = fw.revocation[status] ?? {};
    const parts = Object.entries(actions)
      .sort((a, b) => b[1] - a[1])
      .map(([action, n]) => `${safe(action, 12)} ${fmtCount(n)}`)
      .join('  ');
    const tone = status.toUpperCase() === 'REVOKED' ? 'status.error' : status.toUpperCase() === 'GOOD' ? 'status.ok' : 'status.warn';
    return [seg('  ' + cell(safe(status, 12), 12), tone), seg(parts)];
  });
  const room = opts.height - lines.length;
  const sniNeed = fw.bySni.length > 0 ? fw.bySni.length + 1 : 0;
  const revRoom = revRows.length > 0 ? Math.min(revRows.length + 1, Math.max(2, room - Math.min(sniNeed, Math.ceil(room / 2)))) : 0;
  const sniRoom = room - revRoom;
  if (sniRoom >= 2 && fw.bySni.length > 0) {
    const nameW = Math.max(10, width - 20);
    const title = boundedTitle('Top SNI', fw.undercount.bySni, nameW);
    lines.push([seg(cell(title, nameW) + cell('count', 10, 'right') + cell('fail', 10, 'right'), 'text.muted')]);
    for (const s of fw.bySni.slice(0, sniRoom - 1)) {
      lines.push([
        seg(
          cell(safe(s.key === '' ? '(none)' : s.key, nameW), nameW) +
            cell(fmtCount(s.count), 10, 'right') +
            cell(fmtCount(s.failures), 10, 'right'),
        ),
      ]);
    }
  }
  if (revRoom > 0) {
    lines.push([seg('Revocation status × action', 'text.muted')]);
    lines.push(...revRows.slice(0, revRoom - 1));
  }
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
