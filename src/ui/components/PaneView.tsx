/**
 * One pane at a given size. Each pane subscribes to its own sections of the store
 * (useSection) and memoises its lines on them, so a pane that is not on screen is not
 * mounted and costs nothing, and a pane redraws only when what it shows changed.
 */
import { memo, useMemo } from 'react';
import type { ViewQuery } from '../../aggregation/types.js';
import { useSection } from '../hooks/use-section.js';
import type { PaneId } from '../keymap.js';
import { certificatesLines } from '../panes/certificates.js';
import { changesInOrder, changesLines } from '../panes/changes.js';
import { connectionsLines } from '../panes/connections.js';
import { distributionsLines } from '../panes/distributions.js';
import { failuresLines } from '../panes/failures.js';
import { firewallLines } from '../panes/firewall.js';
import { latencyLines } from '../panes/latency.js';
import { validationLines, type ValidationView } from '../panes/validation.js';
import type { ShownView } from '../shown-view.js';
import { Lines } from './Lines.js';

/** Props of `<PaneView>`. */
export interface PaneViewProps {
  pane: PaneId;
  /** What is on screen, and the store behind it. */
  view: ShownView;
  query: ViewQuery;
  paused: boolean;
  width: number;
  height: number;
  focused: boolean;
  cursor: number;
  alerting: ReadonlySet<string>;
  validation: ValidationView;
  /** Distribution names from --resolve-names, by ID (raw: panes sanitise them). */
  names?: Readonly<Record<string, string>> | undefined;
}

type Props = Omit<PaneViewProps, 'pane'>;

function ConnectionsPane({ view, query, paused, width, height, focused }: Props) {
  const connections = useSection(view, 'connections', query, paused);
  const mark = useSection(view, 'mark', query, paused);
  const { durationMs } = useSection(view, 'overview', query, paused).window;
  const lines = useMemo(
    () => connectionsLines({ connections, mark, window: { durationMs } }, { width, height, focused }),
    [connections, mark, durationMs, width, height, focused],
  );
  return <Lines lines={lines} width={width} />;
}

function ChangesPane({ view, query, paused, width, height, focused, cursor, names }: Props) {
  const changes = useSection(view, 'changes', query, paused);
  const lines = useMemo(
    () => changesLines(changes, changesInOrder(changes), { width, height, focused, cursor, ...(names && { names }) }),
    [changes, width, height, focused, cursor, names],
  );
  return <Lines lines={lines} width={width} />;
}

function LatencyPane({ view, query, paused, width, height, focused }: Props) {
  const handshakeMs = useSection(view, 'latency', query, paused);
  const series = useSection(view, 'series', query, paused);
  const lines = useMemo(
    () => latencyLines({ connections: { handshakeMs }, series }, { width, height, focused }),
    [handshakeMs, series, width, height, focused],
  );
  return <Lines lines={lines} width={width} />;
}

function DistributionsPane({ view, query, paused, width, height, focused, cursor, alerting, names }: Props) {
  const rows = useSection(view, 'distributions', query, paused);
  const sort = query.sort ?? 'impact';
  const lines = useMemo(
    () => distributionsLines(rows, { width, height, focused, cursor, alerting, sort, names }),
    [rows, width, height, focused, cursor, alerting, sort, names],
  );
  return <Lines lines={lines} width={width} />;
}

function FirewallPane({ view, query, paused, width, height, focused }: Props) {
  const firewall = useSection(view, 'firewall', query, paused);
  const lines = useMemo(() => firewallLines(firewall, { width, height, focused }), [firewall, width, height, focused]);
  return <Lines lines={lines} width={width} />;
}

function FailuresPane({ view, query, paused, width, height, focused, cursor }: Props) {
  const failures = useSection(view, 'failures', query, paused);
  const lines = useMemo(() => failuresLines(failures, { width, height, focused, cursor }), [failures, width, height, focused, cursor]);
  return <Lines lines={lines} width={width} />;
}

function CertificatesPane({ view, query, paused, width, height, focused }: Props) {
  const certs = useSection(view, 'certificates', query, paused);
  const lines = useMemo(
    () => certificatesLines({ nowMs: certs.nowMs, expiringCerts: certs.expiringCerts, top: certs }, { width, height, focused }),
    [certs, width, height, focused],
  );
  return <Lines lines={lines} width={width} />;
}

function ValidationPane({ validation, width, height, focused, cursor }: Props) {
  const lines = useMemo(
    () => validationLines(validation, { width, height, focused, cursor }),
    [validation, width, height, focused, cursor],
  );
  return <Lines lines={lines} width={width} />;
}

const PANES: Record<PaneId, (props: Props) => React.ReactNode> = {
  connections: ConnectionsPane,
  changes: ChangesPane,
  latency: LatencyPane,
  distributions: DistributionsPane,
  firewall: FirewallPane,
  failures: FailuresPane,
  certificates: CertificatesPane,
  validation: ValidationPane,
};

/** A pane, exactly `height` rows. */
export const PaneView = memo(function PaneView({ pane, ...props }: PaneViewProps) {
  const Pane = PANES[pane];
  return <Pane {...props} />;
});
