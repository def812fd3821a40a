/**
 * A snapshot as plain text (every pane, full height, no colour), for the text half of
 * `e` exports and for headless use. Pure: built from the same line builders as the screen.
 */
import type { Snapshot } from '../aggregation/types.js';
import type { SourceStatus } from '../sources/types.js';
import { lineText, type Line } from './lines.js';
import { certificatesLines } from './panes/certificates.js';
import { connectionsLines } from './panes/connections.js';
import { distributionsLines } from './panes/distributions.js';
import { failuresLines } from './panes/failures.js';
import { firewallLines } from './panes/firewall.js';
import { headerLines } from './panes/header.js';
import { latencyLines } from './panes/latency.js';

/** Render every pane of `snap` as text, `width` columns wide (default 100); lines end with `\n`. */
export function snapshotText(snap: Snapshot, statuses: readonly SourceStatus[] = [], width = 100): string {
  const opts = (rows: number) => ({ width, height: rows, focused: false });
  const trim = (lines: Line[]) => {
    const text = lines.map((l) => lineText(l).trimEnd());
    while (text.length > 0 && text[text.length - 1] === '') text.pop();
    return text;
  };
  const sections: string[][] = [
    trim(headerLines({ snap, statuses, nowMs: snap.nowMs, paused: false, alerting: new Set(), width, filter: snap.filter })),
    trim(connectionsLines(snap, opts(4 + snap.connections.failureHistogram.length))),
    trim(latencyLines(snap, opts(6))),
    trim(distributionsLines(snap.distributions, { ...opts(2 + snap.distributions.length), cursor: -1, alerting: new Set() })),
    trim(firewallLines(snap.firewall, opts(5 + snap.firewall.bySni.length + Object.keys(snap.firewall.revocation).length))),
    trim(failuresLines(snap.recentFailures, { ...opts(1 + snap.recentFailures.length), cursor: -1 })),
    trim(
      certificatesLines(
        snap,
        opts(7 + 3 * Math.max(snap.expiringCerts.length, snap.top.failingSubjects.length, snap.top.failingIssuers.length)),
      ),
    ),
  ];
  return sections.map((s) => s.join('\n')).join('\n\n') + '\n';
}
