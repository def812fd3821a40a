/** One pane at a given size: picks the pane's data slice (selector) and memoises its lines. */
import { memo, useMemo } from 'react';
import type { Snapshot } from '../../aggregation/types.js';
import type { PaneId } from '../keymap.js';
import type { Line } from '../lines.js';
import { certificatesLines } from '../panes/certificates.js';
import { connectionsLines } from '../panes/connections.js';
import { distributionsLines } from '../panes/distributions.js';
import { failuresLines } from '../panes/failures.js';
import { firewallLines } from '../panes/firewall.js';
import { latencyLines } from '../panes/latency.js';
import { validationLines, type ValidationView } from '../panes/validation.js';
import { Lines } from './Lines.js';

/** Props of `<PaneView>`. */
export interface PaneViewProps {
  pane: PaneId;
  snap: Snapshot;
  width: number;
  height: number;
  focused: boolean;
  cursor: number;
  alerting: ReadonlySet<string>;
  validation: ValidationView;
}

/** The data a pane depends on: its lines are recomputed only when one of these changes. */
function selectDeps(p: PaneViewProps): unknown[] {
  const s = p.snap;
  switch (p.pane) {
    case 'connections':
      return [s.connections, s.mark, s.window.durationMs];
    case 'latency':
      return [s.connections.handshakeMs, s.series];
    case 'distributions':
      return [s.distributions, p.cursor, p.alerting];
    case 'firewall':
      return [s.firewall];
    case 'failures':
      return [s.recentFailures, p.cursor];
    case 'certificates':
      return [s.expiringCerts, s.top, Math.floor(s.nowMs / 60_000)];
    case 'validation':
      return [p.validation, p.cursor];
  }
}

function paneLines(p: PaneViewProps): Line[] {
  const opts = { width: p.width, height: p.height, focused: p.focused };
  switch (p.pane) {
    case 'connections':
      return connectionsLines(p.snap, opts);
    case 'latency':
      return latencyLines(p.snap, opts);
    case 'distributions':
      return distributionsLines(p.snap.distributions, { ...opts, cursor: p.cursor, alerting: p.alerting });
    case 'firewall':
      return firewallLines(p.snap.firewall, opts);
    case 'failures':
      return failuresLines(p.snap.recentFailures, { ...opts, cursor: p.cursor });
    case 'certificates':
      return certificatesLines(p.snap, opts);
    case 'validation':
      return validationLines(p.validation, { ...opts, cursor: p.cursor });
  }
}

/** A pane, exactly `height` rows. */
export const PaneView = memo(function PaneView(props: PaneViewProps) {
  const deps = selectDeps(props);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const lines = useMemo(() => paneLines(props), [props.pane, props.width, props.height, props.focused, ...deps]);
  return <Lines lines={lines} width={props.width} />;
});
