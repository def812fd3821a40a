/**
 * The live triage screen: header, body (one focused pane below 120x40, a grid above),
 * alert log and footer. One `useInput` here routes every key through the keymap and
 * the pure reducer; the effects it returns are carried out here and nowhere else. The
 * reducer's state owns the query; the header and every pane read their own sections of
 * the store for it (useSection), through one ShownView that keeps them while paused.
 */
import { Box, useInput } from 'ink';
import { useCallback, useContext, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { EMPTY_FILTER, type Change, type DistributionRow, type ViewSections } from '../../aggregation/types.js';
import { KNOWN_FAILURE_CODES } from '../../events/types.js';
import type { AppProps } from '../app-props.js';
import { distributionOptions } from '../distribution-options.js';
import { safe } from '../format.js';
import { ALERT_LOG_SIZE, useAlerts } from '../hooks/use-alerts.js';
import { useChangeAlerts } from '../hooks/use-change-alerts.js';
import { useClock } from '../hooks/use-clock.js';
import { useLiveSection, useSection, useStoreVersion } from '../hooks/use-section.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useValidation } from '../hooks/use-validation.js';
import { normaliseKeys, resolveTerminalKey } from '../keymap.js';
import { computeLayout } from '../layout.js';
import { changesInOrder } from '../panes/changes.js';
import { alertLogLines, footerLine, headerLines, tabBarLine } from '../panes/header.js';
import { ShownView } from '../shown-view.js';
import { builtinThemes } from '../theme.js';
import { TerminalControlContext } from '../terminal-control.js';
import { initialUiState, keyContext, reduce, type Effect, type UiAction, type UiState, type ViewFacts } from '../ui-state.js';
import { Lines } from './Lines.js';
import { OverlayView } from './OverlayView.js';
import { PaneView } from './PaneView.js';
import { ThemeContext } from './theme-context.js';

const NO_ROWS: DistributionRow[] = [];

function statusOptions(connections: ViewSections['connections']): string[] {
  const seen = Object.keys(connections.byStatus).filter((s) => s.startsWith('Failed:'));
  const known = KNOWN_FAILURE_CODES.map((c) => `Failed:${c}`);
  return ['Success', 'Failed', ...new Set([...seen.sort(), ...known])];
}

/** The tlstop TUI. See `AppProps` for what it needs. */
export function App(props: AppProps) {
  const now = useMemo(() => props.now ?? Date.now, [props.now]);
  const themes = useMemo(() => {
    const list = props.themes ?? builtinThemes();
    return list.some((t) => t.name === props.theme.name)
      ? list.map((t) => (t.name === props.theme.name ? props.theme : t))
      : [props.theme, ...list];
  }, [props.theme, props.themes]);
  const [ui, setUi] = useState<UiState>(() =>
    initialUiState({
      windows: props.windows,
      ...(props.initialWindowMs !== undefined ? { windowMs: props.initialWindowMs } : {}),
      themeNames: themes.map((t) => t.name),
      themeIndex: Math.max(
        0,
        themes.findIndex((t) => t.name === props.theme.name),
      ),
    }),
  );
  const uiRef = useRef(ui);
  const { query, paused } = ui;
  const { columns, rows } = useTerminalSize();
  const view = useMemo(() => new ShownView(props.store), [props.store]);
  // Before any section is read in this render; see ShownView on why it is not per read.
  view.setPaused(paused);
  // Alerts follow the live rows, paused or not; without thresholds they read nothing.
  const alertsOn = props.alerts.failureRatePct !== undefined || props.alerts.p99Ms !== undefined;
  const liveRows = useLiveSection(props.store, 'distributions', query, alertsOn, NO_ROWS);
  const liveNow = useLiveSection(props.store, 'overview', query, alertsOn, null)?.nowMs ?? 0;
  const thresholdAlerts = useAlerts(liveRows, props.alerts, liveNow, props.bell);
  const onChange = props.alerts.onChange === true;
  const liveChanges = useLiveSection(props.store, 'changes', query, onChange, null)?.changes ?? NO_CHANGE_LIST;
  const changeLog = useChangeAlerts(liveChanges, onChange, now(), props.bell);
  const alerts = useMemo(
    () =>
      changeLog.length === 0
        ? thresholdAlerts
        : {
            active: thresholdAlerts.active,
            log: [...thresholdAlerts.log, ...changeLog].sort((a, b) => a.atMs - b.atMs).slice(-ALERT_LOG_SIZE),
          },
    [thresholdAlerts, changeLog],
  );
  const names = useNames(props);
  const validation = useValidation(props.validation, now);
  const overview = useSection(view, 'overview', query, paused);
  const idleStepMs = overview.window.idleStepMs;
  const clock = useClock(
    useStoreVersion(props.store),
    now,
    // Paused, the clock keeps running as it always did (the PAUSED marker says the picture is older).
    idleStepMs === undefined || paused ? null : { stepMs: idleStepMs, edgeMs: overview.nowMs },
  );
  const nowMs = clock.nowMs;
  const connections = useSection(view, 'connections', query, paused);
  const changes = useSection(view, 'changes', query, paused);

  const layout = computeLayout(columns, rows, ui.focus, ui.zoom, alerts.log.length);
  const pageSize = Math.max(1, layout.bodyHeight - 3);

  // What the keys act on: what is on screen, read only when the reducer asks.
  const facts = useRef<() => ViewFacts>(() => ({}) as ViewFacts);
  facts.current = () => ({
    get distributionRows() {
      return view.shown('distributions', query);
    },
    get failureSeqs() {
      return view.shown('failures', query).map((r) => r.seq);
    },
    get changeRows() {
      return changesInOrder(view.shown('changes', query));
    },
    get distributionOptions() {
      // Every distribution seen, also those the filter hides: asked of the store unfiltered (picker opens only).
      const rows = props.store.section('distributions', { ...query, filter: EMPTY_FILTER, sort: 'impact' });
      const ids = [...props.store.distributionIds(), ...query.filter.distributions];
      return distributionOptions(rows, ids, view.shown('changes', query).changes);
    },
    get statusOptions() {
      return statusOptions(view.shown('connections', query));
    },
    findings: validation.view.findings.length,
    pageSize,
    nowMs: now(),
  });
  const exportShown = useRef(() => view.snapshot(query));
  exportShown.current = () => view.snapshot(query);

  const runEffects = useCallback(
    (effects: Effect[]) => {
      for (const e of effects) {
        switch (e.type) {
          case 'quit':
            props.onQuit();
            break;
          case 'toggleValidation':
            validation.toggle();
            break;
          case 'export':
            props.exportSnapshot(exportShown.current()).then(
              (r) => dispatch({ type: 'message', message: `exported ${r.jsonPath} and ${r.textPath}` }),
              (err: unknown) =>
                dispatch({ type: 'message', message: `export failed: ${err instanceof Error ? err.message : String(err)}` }),
            );
            break;
        }
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.onQuit, props.exportSnapshot, validation.toggle],
  );

  const dispatch = useCallback(
    (action: UiAction) => {
      const next = reduce(uiRef.current, action);
      uiRef.current = next.state;
      setUi(next.state);
      runEffects(next.effects);
    },
    [runEffects],
  );

  const terminal = useContext(TerminalControlContext);
  useInput((input, key) => {
    for (const name of normaliseKeys(input, key)) {
      // Ctrl-Z acts on the terminal and the process, in every context: not a UI transition.
      if (resolveTerminalKey(name) === 'suspend') terminal.suspend();
      else dispatch({ type: 'key', key: name, view: facts.current() });
    }
  });

  const theme = themes[ui.themeIndex] ?? props.theme;
  const header = headerLines({
    snap: { ...overview, connections, mark: query.mark },
    statuses: useStatuses(props),
    nowMs,
    clockSeconds: clock.seconds,
    paused,
    alerting: alerts.active,
    width: layout.width,
    filter: query.filter,
    changes,
    ...(names && { names }),
  });
  const footer = [footerLine(keyContext(ui), layout.width, ui.message === null ? null : safe(ui.message, layout.width))];

  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
        <Lines lines={header} width={layout.width} />
        {layout.alertRows > 0 ? <Lines lines={alertLogLines(alerts.log, layout.alertRows, layout.width)} width={layout.width} /> : null}
        <Box flexDirection="column" height={layout.bodyHeight} overflow="hidden">
          {ui.overlay ? (
            <OverlayView overlay={ui.overlay} view={view} query={query} paused={paused} width={layout.width} height={layout.bodyHeight} />
          ) : (
            <>
              {layout.tabBar ? <Lines lines={[tabBarLine(ui.focus, layout.width)]} width={layout.width} /> : null}
              <Box flexDirection="row">
                {layout.columns.map((column, ci) => (
                  <Box key={ci} flexDirection="column" width={column[0]?.width ?? 0} marginLeft={ci > 0 ? 1 : 0}>
                    {column.map((box) => (
                      <PaneView
                        key={box.pane}
                        pane={box.pane}
                        view={view}
                        query={query}
                        paused={paused}
                        width={box.width}
                        height={box.height}
                        focused={box.pane === ui.focus}
                        cursor={box.pane in ui.cursors ? ui.cursors[box.pane as keyof UiState['cursors']] : 0}
                        alerting={alerts.active}
                        validation={validation.view}
                        names={names}
                      />
                    ))}
                  </Box>
                ))}
              </Box>
            </>
          )}
        </Box>
        <Lines lines={footer} width={layout.width} />
      </Box>
    </ThemeContext.Provider>
  );
}

/** Source statuses, read through the StatusList port. */
const NO_CHANGE_LIST: readonly Change[] = [];
const noNames = () => () => {};

function useNames(props: AppProps): Readonly<Record<string, string>> | undefined {
  const list = props.names;
  const subscribe = useCallback((l: () => void) => (list ? list.subscribe(l) : noNames()), [list]);
  const get = useCallback(() => list?.getSnapshot(), [list]);
  return useSyncExternalStore(subscribe, get);
}

function useStatuses(props: AppProps) {
  const subscribe = useCallback((l: () => void) => props.statuses.subscribe(l), [props.statuses]);
  const get = useCallback(() => props.statuses.getSnapshot(), [props.statuses]);
  return useSyncExternalStore(subscribe, get);
}
